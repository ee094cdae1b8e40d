// Package metrics holds what the operator's Prometheus scrape of /metrics
// reads: requests by route and status with their latency, the database
// pools, rows imported, roll-up refresh time, report cache hits and
// misses, and the Go runtime and process. Each web server has its own
// registry (Metrics); what the areas measure deep inside a transaction
// (the roll-up refresh) goes to process-wide collectors that every registry
// includes.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// rollupSeconds is the time of each roll-up refresh, in whichever server
// or command of this process it ran.
var rollupSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
	Name:    "khuyenhoc_rollup_refresh_seconds",
	Help:    "Time of one roll-up refresh inside a writer's transaction.",
	Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
})

// RollupRefreshed records a roll-up refresh that began at start.
func RollupRefreshed(start time.Time) { rollupSeconds.Observe(time.Since(start).Seconds()) }

// Metrics are the collectors of one web server.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	importRows *prometheus.CounterVec
	cache      *prometheus.CounterVec
}

// New makes the collectors of a server whose database pools pools reports
// (store.DB.PoolStats).
func New(pools func() map[string]sql.DBStats) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "khuyenhoc_http_requests_total",
			Help: "HTTP requests answered, by route pattern (not the raw path), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "khuyenhoc_http_request_duration_seconds",
			Help:    "Time from the request to the end of the response, by route pattern and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "method"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "khuyenhoc_import_rows_total",
			Help: "Rows of files and API calls imported through this server (dry runs not counted), by kind.",
		}, []string{"kind"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "khuyenhoc_report_cache_total",
			Help: "Lookups of computed reports and figures in the server's cache, by result (hit or miss).",
		}, []string{"result"}),
	}
	m.cache.WithLabelValues("hit")
	m.cache.WithLabelValues("miss")
	m.reg.MustRegister(m.requests, m.duration, m.importRows, m.cache, rollupSeconds, poolCollector{pools},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Request records a request answered with status after d. route is the
// pattern that matched ("GET /reports/{scope}"), "none" when none did.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// ImportRows records n rows imported of kind ("aggregates", "members").
func (m *Metrics) ImportRows(kind string, n int) { m.importRows.WithLabelValues(kind).Add(float64(n)) }

// Cache records a lookup in the report cache.
func (m *Metrics) Cache(hit bool) {
	if hit {
		m.cache.WithLabelValues("hit").Inc()
	} else {
		m.cache.WithLabelValues("miss").Inc()
	}
}

// Handler serves the registry in Prometheus' text format. It leaves
// compression to the server's own.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{DisableCompression: true})
}

// poolCollector reads the database pools' statistics at each scrape.
type poolCollector struct{ pools func() map[string]sql.DBStats }

var (
	poolLabels  = []string{"pool"}
	poolMaxOpen = prometheus.NewDesc("khuyenhoc_db_max_open_connections", "Most connections the pool opens.", poolLabels, nil)
	poolOpen    = prometheus.NewDesc("khuyenhoc_db_open_connections", "Connections open, in use or idle.", poolLabels, nil)
	poolInUse   = prometheus.NewDesc("khuyenhoc_db_in_use_connections", "Connections in use.", poolLabels, nil)
	poolIdle    = prometheus.NewDesc("khuyenhoc_db_idle_connections", "Idle connections.", poolLabels, nil)
	poolWaits   = prometheus.NewDesc("khuyenhoc_db_wait_count_total", "Times a query waited for a free connection.", poolLabels, nil)
	poolWaited  = prometheus.NewDesc("khuyenhoc_db_wait_duration_seconds_total", "Time spent waiting for a free connection.", poolLabels, nil)
	poolClosed  = prometheus.NewDesc("khuyenhoc_db_idle_closed_total", "Connections closed for exceeding the idle limits.", poolLabels, nil)
)

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMaxOpen, poolOpen, poolInUse, poolIdle, poolWaits, poolWaited, poolClosed} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.pools() {
		ch <- prometheus.MustNewConstMetric(poolMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.Idle), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
		ch <- prometheus.MustNewConstMetric(poolClosed, prometheus.CounterValue, float64(s.MaxIdleClosed+s.MaxIdleTimeClosed+s.MaxLifetimeClosed), name)
	}
}
