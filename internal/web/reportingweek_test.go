package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/web"
)

// The reporting week of issue 13, point 5, at national scale on loopback:
//
//	KHUYENHOC_TEST_POSTGRES=… go test ./internal/web -run XXX -bench ReportingWeek -benchtime 1x -timeout 60m
//
// (KHUYENHOC_WEEK_COMMUNES=N takes the first N communes only, to try it.)
//
// A PostgreSQL primary and a streaming replica of its own
// (storetest.PrimaryAndReplica) hold the units and 3,855 users, each
// signed in once (auth.CreateSession): an officer for each of the 3,321
// communes of today, one for each of the 34 provinces, and 500 viewers
// (one per province, the rest on communes). Each sub-benchmark starts one
// or two app servers (web.Server, each with its own connections) behind a
// round-robin reverse proxy, with or without the replica (--db-read), and
// runs the week for a half-year of its own:
//
//   - every commune's officer opens its form (GET /entry/…) and saves and
//     submits its figures (POST, action=submit), weekCommunesAtOnce of them
//     at a time;
//   - every province's officer lists the forms waiting for it (GET
//     /api/v1/approvals) and approves each (POST …/approve), until all of
//     its communes' forms are approved;
//   - meanwhile every viewer reads, pausing 0.5–1.5 s before each page,
//     its dashboard (GET /) and its unit's report of the half-year
//     (GET /report), until the last form is approved.
//
// It reports forms/s (approved forms over the time to the last approval),
// the median and 99th percentile of reads (the viewers' pages) and writes
// (submissions and approvals), and the number of reads and writes. Any
// answer but the expected one is an error and fails the run.
const (
	weekReaders        = 500
	weekCommunesAtOnce = 64
	weekTimeout        = 20 * time.Minute
)

// weekNow is the servers' clock, after every half-year the runs use.
var weekNow = time.Date(2030, 1, 15, 9, 0, 0, 0, time.UTC)

// weekUser is a signed-in user of the week: a browser with its cookie jar
// (the session, and the read position after a write when there is a
// replica) and its CSRF token.
type weekUser struct {
	unit   *units.Unit
	cookie string
	csrf   string
}

func BenchmarkReportingWeek(b *testing.B) {
	primary, replica := storetest.PrimaryAndReplica(b)
	ctx := context.Background()
	pdb := primary.Direct(b)
	if err := schema.Migrate(ctx, pdb, weekNow); err != nil {
		b.Fatal(err)
	}
	tree, err := units.Cached(ctx, pdb)
	if err != nil {
		b.Fatal(err)
	}
	at := units.ReformDate
	provinces := tree.All(units.Province, at)
	communes := tree.All(units.Commune, at)
	if n, err := strconv.Atoi(os.Getenv("KHUYENHOC_WEEK_COMMUNES")); err == nil && n > 0 && n < len(communes) {
		communes = communes[:n] // a smaller week, to try the benchmark out
	}
	var officers, approvers, readers []weekUser
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	errs := make(chan error, 1)
	add := func(list *[]weekUser, role auth.Role, u *units.Unit, n int) {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			usr, err := auth.CreateUser(ctx, pdb, auth.NewUser{Email: fmt.Sprintf("%s%d-%d@tuan.khuyenhoc.vn", role, u.ID, n),
				Name: "Cán bộ " + u.Name, Role: role, ScopeUnitID: u.ID, Password: "mat-khau-tuan-bao-cao"}, weekNow)
			if err == nil {
				var tok string
				var sess auth.Session
				if tok, sess, err = auth.CreateSession(ctx, pdb, usr.ID, weekNow); err == nil {
					mu.Lock()
					*list = append(*list, weekUser{unit: u, cookie: tok, csrf: sess.CSRF})
					mu.Unlock()
				}
			}
			if err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		})
	}
	for _, c := range communes {
		add(&officers, auth.Officer, c, 0)
	}
	for i := range weekReaders {
		if i < len(provinces) {
			add(&approvers, auth.Officer, provinces[i], 0)
			add(&readers, auth.Viewer, provinces[i], i)
		} else {
			add(&readers, auth.Viewer, communes[(i*7919)%len(communes)], i)
		}
	}
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	inProvince := map[int64]int{}
	for _, c := range communes {
		inProvince[tree.Province(c.ID).ID]++
	}
	b.Logf("%d commune officers, %d province officers, %d viewers", len(officers), len(approvers), len(readers))

	next := period.MustParse("2025H2")
	for _, v := range []struct {
		servers int
		replica bool
	}{{1, false}, {2, false}, {1, true}, {2, true}} {
		name := fmt.Sprintf("servers=%d/replica=%v", v.servers, v.replica)
		b.Run(name, func(b *testing.B) {
			var reads, writes []time.Duration
			var elapsed time.Duration
			forms := 0
			for range b.N {
				p := next
				if next.N == 2 {
					next = period.Period{Kind: period.Half, Year: next.Year + 1, N: 1}
				} else {
					next.N = 2
				}
				r, w, d := weekRun(b, primary.URL(), replica.URL(), v.servers, v.replica, p, officers, approvers, readers, inProvince)
				reads, writes = append(reads, r...), append(writes, w...)
				elapsed += d
				forms += len(officers)
			}
			slices.Sort(reads)
			slices.Sort(writes)
			b.ReportMetric(float64(forms)/elapsed.Seconds(), "forms/s")
			b.ReportMetric(loadMS(loadQuantile(reads, 0.50)), "read-p50-ms")
			b.ReportMetric(loadMS(loadQuantile(reads, 0.99)), "read-p99-ms")
			b.ReportMetric(loadMS(loadQuantile(writes, 0.50)), "write-p50-ms")
			b.ReportMetric(loadMS(loadQuantile(writes, 0.99)), "write-p99-ms")
			b.ReportMetric(float64(len(reads)), "reads")
			b.ReportMetric(float64(len(writes)), "writes")
		})
	}
}

// weekRun runs one reporting week for period p (see BenchmarkReportingWeek)
// and returns the latencies of the reads and the writes and the time to
// the last approval.
func weekRun(b *testing.B, primaryURL, replicaURL string, servers int, withReplica bool, p period.Period,
	officers, approvers, readers []weekUser, inProvince map[int64]int) (reads, writes []time.Duration, elapsed time.Duration) {
	ctx := context.Background()
	var backends []*url.URL
	for range servers {
		opt := store.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if withReplica {
			opt.ReadURLs = []string{replicaURL}
		}
		db, err := store.OpenWith(ctx, primaryURL, opt)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		srv, err := web.New(db, web.Options{Now: func() time.Time { return weekNow }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		u, _ := url.Parse(ts.URL)
		backends = append(backends, u)
	}
	var turn atomic.Uint64
	proxyTransport := http.DefaultTransport.(*http.Transport).Clone()
	proxyTransport.MaxIdleConnsPerHost = 1024
	proxy := httptest.NewServer(&httputil.ReverseProxy{Transport: proxyTransport, Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(backends[turn.Add(1)%uint64(len(backends))])
		pr.Out.Host = pr.In.Host // the servers check Origin against the host the browser used
	}})
	defer proxy.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 2048, 2048
	defer tr.CloseIdleConnections()
	base, _ := url.Parse(proxy.URL)

	var (
		mu       sync.Mutex
		errCount atomic.Int64
		firstErr error
	)
	fail := func(err error) {
		errCount.Add(1)
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	// client is one user's browser: its session cookie, and whatever the
	// servers set (the read position after a write).
	client := func(u weekUser) *http.Client {
		jar, _ := cookiejar.New(nil)
		jar.SetCookies(base, []*http.Cookie{{Name: "kh_session", Value: u.cookie}})
		return &http.Client{Transport: tr, Jar: jar, Timeout: 5 * time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	// send sends a request and returns its latency and the answer's status,
	// Location and body.
	send := func(c *http.Client, method, path string, form url.Values) (time.Duration, int, string, string, error) {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, proxy.URL+path, body)
		if err != nil {
			return 0, 0, "", "", err
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", proxy.URL)
		}
		start := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			return 0, 0, "", "", err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode, resp.Header.Get("Location"), string(data), err
	}
	ps := p.String()
	var wmu sync.Mutex
	record := func(list *[]time.Duration, d time.Duration) {
		wmu.Lock()
		*list = append(*list, d)
		wmu.Unlock()
	}

	done := make(chan struct{})
	var readersDone sync.WaitGroup
	for i, u := range readers {
		readersDone.Go(func() {
			c := client(u)
			report := "/report?" + url.Values{"scope": {u.unit.Ref()}, "period": {ps}}.Encode()
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				case <-time.After(500*time.Millisecond + time.Duration((i*7919+k*104729)%1000)*time.Millisecond):
				}
				path := "/"
				if k%2 == 1 {
					path = report
				}
				d, code, _, _, err := send(c, "GET", path, nil)
				if err == nil && code != http.StatusOK {
					err = fmt.Errorf("GET %s as a viewer of %s: %d", path, u.unit.Ref(), code)
				}
				if err != nil {
					fail(err)
					continue
				}
				record(&reads, d)
			}
		})
	}

	start := time.Now()
	var writersDone sync.WaitGroup
	queue := make(chan weekUser)
	for range weekCommunesAtOnce {
		writersDone.Go(func() {
			for u := range queue {
				c := client(u)
				form := "/entry/" + u.unit.Ref() + "/" + ps
				if _, code, _, _, err := send(c, "GET", form, nil); err != nil || code != http.StatusOK {
					fail(fmt.Errorf("GET %s: %d %v", form, code, err))
					continue
				}
				d, code, loc, body, err := send(c, "POST", form, url.Values{"csrf": {u.csrf}, "action": {"submit"},
					"population.total": {"12000"}, "population.households": {"3100"}, "members.total": {"1500"}, "org.branches": {"6"}})
				if err == nil && (code != http.StatusSeeOther || !strings.Contains(loc, "done=submitted")) {
					err = fmt.Errorf("POST %s: %d %s %.300s", form, code, loc, body)
				}
				if err != nil {
					fail(err)
					continue
				}
				record(&writes, d)
			}
		})
	}
	for _, u := range approvers {
		writersDone.Go(func() {
			c := client(u)
			want := inProvince[u.unit.ID]
			approved := 0
			for approved < want && errCount.Load() == 0 && time.Since(start) < weekTimeout {
				_, code, _, body, err := send(c, "GET", "/api/v1/approvals", nil)
				if err == nil && code != http.StatusOK {
					err = fmt.Errorf("approvals of %s: %d %.300s", u.unit.Ref(), code, body)
				}
				if err != nil {
					fail(err)
					return
				}
				var refs []string
				for _, part := range strings.Split(body, `"form":"/api/v1/entry/`)[1:] {
					ref, rest, _ := strings.Cut(part, "/")
					if strings.HasPrefix(rest, ps+`"`) {
						refs = append(refs, ref)
					}
				}
				if len(refs) == 0 {
					time.Sleep(200 * time.Millisecond)
					continue
				}
				for _, ref := range refs {
					path := "/entry/" + ref + "/" + ps + "/approve"
					d, code, _, body, err := send(c, "POST", path, url.Values{"csrf": {u.csrf}})
					if err == nil && code != http.StatusSeeOther {
						err = fmt.Errorf("POST %s: %d %.300s", path, code, body)
					}
					if err != nil {
						fail(err)
						return
					}
					record(&writes, d)
					approved++
				}
			}
		})
	}
	b.ResetTimer()
	for _, u := range officers {
		queue <- u
	}
	close(queue)
	writersDone.Wait()
	elapsed = time.Since(start)
	b.StopTimer()
	close(done)
	readersDone.Wait()
	if n := errCount.Load(); n > 0 {
		b.Fatalf("%d errors; the first: %v", n, firstErr)
	}
	runtime.GC()
	return reads, writes, elapsed
}
