package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/web"
)

// opsServer is a server whose logs, access log included, go to buf as JSON.
func opsServer(t *testing.T, db *store.DB, opt web.Options, buf *storetest.Logs) http.Handler {
	t.Helper()
	opt.Now, opt.AccessLog = func() time.Time { return apiNow }, true
	opt.Logger = slog.New(slog.NewJSONHandler(buf, nil))
	srv, err := web.New(db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// get sends a GET from remote with the headers given as name, value, ….
func get(h http.Handler, target, remote string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const (
	local  = "127.0.0.1:40000"
	remote = "203.0.113.9:40000"
)

// /healthz and /readyz answer anyone, in text or JSON, never cached;
// /readyz is unavailable while the schema is behind the program or the
// database does not answer, and says why.
func TestHealthAndReadiness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var logs storetest.Logs
		h := opsServer(t, db, web.Options{}, &logs)
		for _, c := range []struct{ path, accept, want string }{
			{"/healthz", "", "ok\n"},
			{"/healthz", "application/json", `{"status":"ok"}`},
			{"/readyz", "", "ok\n"},
			{"/readyz", "application/json", `{"status":"ok"}`},
		} {
			rec := get(h, c.path, remote, "Accept", c.accept)
			if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != strings.TrimSpace(c.want) || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("%s (Accept %q): %d %q, Cache-Control %q", c.path, c.accept, rec.Code, rec.Body, rec.Header().Get("Cache-Control"))
			}
		}
		ctx := context.Background()
		if _, err := db.Exec(ctx, "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"); err != nil {
			t.Fatal(err)
		}
		rec := get(h, "/readyz", remote, "Accept", "application/json")
		var body struct{ Status, Error string }
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != 503 || body.Status != "unavailable" || !strings.Contains(body.Error, "lược đồ") {
			t.Errorf("readyz with a migration missing: %d %s", rec.Code, rec.Body)
		}
		if rec := get(h, "/healthz", remote); rec.Code != 200 {
			t.Errorf("healthz with a migration missing: %d (it does not look at the database)", rec.Code)
		}

		closed, err := store.Open(ctx, db.URL)
		if err != nil {
			t.Fatal(err)
		}
		down := opsServer(t, closed, web.Options{}, &logs)
		closed.Close()
		if rec := get(down, "/readyz", remote); rec.Code != 503 || !strings.Contains(rec.Body.String(), "không trả lời") {
			t.Errorf("readyz without a database: %d %q", rec.Code, rec.Body)
		}
		if rec := get(down, "/healthz", remote); rec.Code != 200 {
			t.Errorf("healthz without a database: %d", rec.Code)
		}
	})
}

// counter reads the value of a metric line, -1 when it is absent.
func counter(t *testing.T, metrics, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(metrics)
	if m == nil {
		return -1
	}
	var v float64
	json.Unmarshal([]byte(m[1]), &v)
	return v
}

// /metrics counts requests by route pattern and status (never the raw path
// or query), imported rows, report cache hits and misses, roll-up refresh
// time and the database pools; it answers only loopback clients that did
// not come through a proxy, or, with a token configured, whoever sends it.
func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		var logs storetest.Logs
		h := opsServer(t, db, web.Options{}, &logs)
		w.h = h
		if rec := w.call("admin", "POST", "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "120"), row("2026H1", w.glComm, "members.total", "80"))); rec.Code != 200 {
			t.Fatalf("write: %d %s", rec.Code, rec.Body)
		}
		for range 2 {
			if rec := w.call("admin", "GET", "/api/v1/reports?scope=province:66&period=2026H1", ""); rec.Code != 200 {
				t.Fatalf("report: %d %s", rec.Code, rec.Body)
			}
		}
		w.call("admin", "GET", "/no/such/page/079123456789", "")

		rec := get(h, "/metrics", local)
		if rec.Code != 200 {
			t.Fatalf("metrics from loopback: %d %s", rec.Code, rec.Body)
		}
		m := rec.Body.String()
		for series, least := range map[string]float64{
			`khuyenhoc_http_requests_total{method="GET",route="GET /api/v1/reports",status="200"}`:      2,
			`khuyenhoc_http_requests_total{method="POST",route="POST /api/v1/aggregates",status="200"}`: 1,
			`khuyenhoc_http_requests_total{method="GET",route="none",status="404"}`:                     1,
			`khuyenhoc_http_request_duration_seconds_count{method="GET",route="GET /api/v1/reports"}`:   2,
			`khuyenhoc_import_rows_total{kind="aggregates"}`:                                            2,
			`khuyenhoc_report_cache_total{result="hit"}`:                                                1,
			`khuyenhoc_report_cache_total{result="miss"}`:                                               1,
			`khuyenhoc_rollup_refresh_seconds_count`:                                                    1,
		} {
			if v := counter(t, m, series); v < least {
				t.Errorf("%s = %v, want at least %v", series, v, least)
			}
		}
		if !regexp.MustCompile(`khuyenhoc_db_max_open_connections\{pool="(main|write)"\} [1-9]`).MatchString(m) {
			t.Error("no database pool statistics")
		}
		if strings.Contains(m, "079123456789") || strings.Contains(m, "scope=") {
			t.Error("a raw path or query string reached the metrics")
		}

		for _, c := range []struct {
			remote  string
			headers []string
		}{
			{remote, nil},
			{local, []string{"X-Forwarded-For", "203.0.113.9"}},
			{local, []string{"Forwarded", "for=203.0.113.9"}},
		} {
			if rec := get(h, "/metrics", c.remote, c.headers...); rec.Code != 403 {
				t.Errorf("metrics from %s %v: %d, want 403", c.remote, c.headers, rec.Code)
			}
		}
		tok := opsServer(t, db, web.Options{MetricsToken: "s3cret-scrape"}, &logs)
		for _, c := range []struct {
			remote, auth string
			want         int
		}{
			{remote, "Bearer s3cret-scrape", 200},
			{remote, "Bearer wrong", 403},
			{local, "", 403}, // a token set is wanted from loopback too
		} {
			if rec := get(tok, "/metrics", c.remote, "Authorization", c.auth); rec.Code != c.want {
				t.Errorf("metrics with a token configured, from %s with %q: %d, want %d", c.remote, c.auth, rec.Code, c.want)
			}
		}
	})
}

// Each request is logged once, as JSON, with its ID (the proxy's when sane,
// a new one otherwise, sent back as X-Request-ID), route, status and
// duration, and nothing of the path's or query's personal data; an
// internal error's log line carries the same ID.
func TestAccessLogAndRequestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var logs storetest.Logs
		h := opsServer(t, db, web.Options{}, &logs)
		rec := get(h, "/members?q=079123456789&phone=0912345678", remote, "X-Request-ID", "proxy-42.a:b")
		if got := rec.Header().Get("X-Request-ID"); got != "proxy-42.a:b" {
			t.Errorf("X-Request-ID sent back %q, want the proxy's", got)
		}
		rec = get(h, "/healthz", remote, "X-Request-ID", "bad id\n{\"forged\":1}")
		if id := rec.Header().Get("X-Request-ID"); !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(id) {
			t.Errorf("an insane X-Request-ID was kept or not replaced: %q", id)
		}
		var lines []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("log line is not JSON: %q", l)
			}
			lines = append(lines, m)
		}
		if len(lines) != 2 || lines[0]["msg"] != "request" || lines[0]["request_id"] != "proxy-42.a:b" ||
			lines[0]["route"] != "GET /members" || lines[0]["status"] != float64(303) || lines[0]["duration_ms"] == nil {
			t.Errorf("access log: %s", logs.String())
		}
		if strings.Contains(logs.String(), "079123456789") || strings.Contains(logs.String(), "0912345678") || strings.Contains(logs.String(), "forged") {
			t.Errorf("the log holds what the request carried: %s", logs.String())
		}

		// A database gone makes the session lookup an internal error.
		closed, err := store.Open(context.Background(), db.URL)
		if err != nil {
			t.Fatal(err)
		}
		logs.Reset()
		down := opsServer(t, closed, web.Options{}, &logs)
		closed.Close()
		rec = get(down, "/", remote, "X-Request-ID", "err-7", "Cookie", "kh_session=whatever")
		if rec.Code != 500 || !strings.Contains(logs.String(), `"msg":"internal error"`) ||
			strings.Count(logs.String(), `"request_id":"err-7"`) != 2 {
			t.Errorf("an internal error (%d) and its access line should both carry the request ID:\n%s", rec.Code, logs.String())
		}
	})
}

// Behind a trusted proxy the sign-in throttle counts the person's address
// from X-Forwarded-For, not the proxy's; from any other peer the header,
// which a client can write, is ignored.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var logs storetest.Logs
		h := opsServer(t, db, web.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, &logs)
		for _, c := range []struct{ remote, xff string }{
			{"10.0.0.5:5000", "198.51.100.7, 10.0.0.9"}, // through two of our proxies
			{"203.0.113.9:5000", "192.0.2.77"},          // a client writing the header itself
		} {
			req := httptest.NewRequest("POST", "/login", strings.NewReader("email=khong-co%40tinh.vn&password=sai"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", c.xff)
			req.RemoteAddr = c.remote
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
		rows, err := db.Query(context.Background(), "SELECT ip FROM login_attempts ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ips []string
		for rows.Next() {
			var ip string
			rows.Scan(&ip)
			ips = append(ips, ip)
		}
		if len(ips) != 2 || !strings.HasPrefix(ips[0], "198.51.100.") || !strings.HasPrefix(ips[1], "203.0.113.") {
			t.Errorf("sign-in attempts counted for %v; want the client behind the proxy, then the untrusted peer itself", ips)
		}
	})
}
