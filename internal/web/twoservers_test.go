package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/web"
)

// TestTwoServersBehindAProxyShareEverything runs two servers, each with its
// own connections to one database as two `serve` processes on two machines
// would have, behind a reverse proxy that sends each request to the server
// the test names (X-Backend), as a round-robin proxy may. A browser signs in
// through one and is signed in on the other; the CSRF token of a page from
// one is good for a write through the other, a wrong one refused by both; a
// write through one is read through the other at once (the reports of the
// commune written, its province and the nation that the other keeps in its
// memo; a province of another region keeps its report there), and so is
// each of four writes made at once through both; sign-in failures
// counted by both throttle together; signing out through one ends the
// session on both. Nothing of it lives in a process.
func TestTwoServersBehindAProxyShareEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		other, err := store.Open(context.Background(), db.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var logs storetest.Logs
		loopback := web.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
		backends := map[string]*httptest.Server{
			"a": httptest.NewServer(opsServer(t, db, loopback, &logs)),
			"b": httptest.NewServer(opsServer(t, other, loopback, &logs)),
		}
		for _, b := range backends {
			defer b.Close()
		}
		proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			to, _ := url.Parse(backends[pr.In.Header.Get("X-Backend")].URL)
			pr.SetURL(to)
			pr.SetXForwarded()
			pr.Out.Host = pr.In.Host // the servers check Origin against the host the browser used
		}})
		defer proxy.Close()

		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		do := func(backend, method, path, body string, headers ...string) (int, string, error) {
			req, _ := http.NewRequest(method, proxy.URL+path, strings.NewReader(body))
			req.Header.Set("X-Backend", backend)
			if method != "GET" {
				req.Header.Set("Origin", proxy.URL)
			}
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			resp, err := client.Do(req)
			if err != nil {
				return 0, "", err
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b), err
		}
		send := func(backend, method, path, body string, headers ...string) (int, string) {
			t.Helper()
			code, b, err := do(backend, method, path, body, headers...)
			if err != nil {
				t.Fatal(err)
			}
			return code, b
		}
		form := "application/x-www-form-urlencoded"
		signIn := func(backend, email, password string) int {
			t.Helper()
			code, _ := send(backend, "POST", "/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}}.Encode(), "Content-Type", form)
			return code
		}

		if code := signIn("a", "admin@test.vn", testPassword); code != http.StatusSeeOther {
			t.Fatalf("sign-in through a: %d", code)
		}
		code, page := send("b", "GET", "/", "")
		if code != http.StatusOK {
			t.Fatalf("the session opened through a is not known to b: %d", code)
		}
		m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("b's page carries no CSRF token")
		}
		csrf := m[1]

		body := rowBody(row("2026H1", w.dlComm, "members.total", "4242"))
		if code, _ := send("b", "POST", "/api/v1/aggregates", body, "Content-Type", "application/json", "X-CSRF-Token", "wrong"+csrf); code != http.StatusForbidden {
			t.Errorf("a write with a wrong CSRF token through b: %d, want 403", code)
		}
		report := func(backend, scope string) string {
			t.Helper()
			code, r := send(backend, "GET", "/api/v1/reports?scope="+url.QueryEscape(scope)+"&period=2026H1", "")
			if code != http.StatusOK {
				t.Fatalf("report of %s through %s: %d %s", scope, backend, code, r)
			}
			return r
		}
		// b's reports are kept between requests (its memo), each with the
		// figures of its region: Đắk Lắk's and its commune's follow a write
		// in Đắk Lắk at once and the nation's is computed again (its
		// provinces' imported totals win, so it reads the same), while
		// Gia Lai's is served as it was kept.
		hits := func() float64 {
			t.Helper()
			resp, err := http.Get(backends["b"].URL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			m, _ := io.ReadAll(resp.Body)
			return counter(t, string(m), `khuyenhoc_report_cache_total{result="hit"}`)
		}
		before := map[string]string{}
		for _, scope := range []string{w.dl, w.dlComm, "nation", w.gl} {
			before[scope] = report("b", scope)
		}
		if report("b", w.gl) != before[w.gl] {
			t.Fatal("b's report of Gia Lai is not stable")
		}
		if strings.Contains(before[w.dlComm], "4242") {
			t.Fatal("the commune's report has the value before the write")
		}
		if code, r := send("a", "POST", "/api/v1/aggregates", body, "Content-Type", "application/json", "X-CSRF-Token", csrf); code != http.StatusOK {
			t.Fatalf("a write with b's CSRF token through a: %d %s", code, r)
		}
		after := report("b", w.dl)
		if after == before[w.dl] || after != report("a", w.dl) {
			t.Error("b's report of the province did not change at once after the write through a, or a and b disagree")
		}
		if !strings.Contains(report("b", w.dlComm), "4242") {
			t.Error("b's report of the commune lacks the value written through a")
		}
		h := hits()
		if report("b", "nation"); hits() != h {
			t.Error("b served its kept report of the nation after a write in Đắk Lắk (the nation's figures follow every write)")
		}
		h = hits()
		if report("b", w.gl) != before[w.gl] || hits() != h+1 {
			t.Error("b computed Gia Lai's report again (or changed it) after a write in Đắk Lắk, another region")
		}

		// Writers at once through both servers, each to its own commune:
		// every value is read back through the other server, none lost.
		tree, err := units.Cached(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		var communes []*units.Unit
		for _, ref := range []string{w.dl, w.gl} {
			r, _ := units.ParseRef(ref)
			p, err := tree.Resolve(r.Level, r.Code, units.Day(apiNow))
			if err != nil {
				t.Fatal(err)
			}
			communes = append(communes, tree.Within(units.Commune, p.ID, units.Day(apiNow))[:2]...)
		}
		var wg sync.WaitGroup
		errs := make(chan string, len(communes))
		for i, c := range communes {
			wg.Go(func() {
				body := rowBody(row("2026H1", c.Ref(), "members.total", strconv.Itoa(500+i)))
				code, r, err := do([]string{"a", "b"}[i%2], "POST", "/api/v1/aggregates", body,
					"Content-Type", "application/json", "Authorization", "Bearer "+w.tok["admin"])
				if err != nil || code != http.StatusOK {
					errs <- fmt.Sprintf("write %d: %d %v %s", i, code, err, r)
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		for i, c := range communes {
			code, r := send([]string{"b", "a"}[i%2], "GET", "/api/v1/aggregates?unit="+c.Ref()+"&period=2026H1", "",
				"Authorization", "Bearer "+w.tok["admin"])
			if code != http.StatusOK || !strings.Contains(r, strconv.Itoa(500+i)) {
				t.Errorf("%s written through one server, read through the other: %d %s", c.Ref(), code, r)
			}
		}

		// Five failures are free (auth.PairFreeFailures), counted by both
		// servers together; the sixth is refused even with the right
		// password, on either.
		for i := range 5 {
			if code := signIn([]string{"a", "b"}[i%2], "dl@test.vn", "sai-mat-khau"); code == http.StatusSeeOther || code == http.StatusTooManyRequests {
				t.Fatalf("failure %d: %d", i+1, code)
			}
		}
		for _, b := range []string{"a", "b"} {
			if code := signIn(b, "dl@test.vn", testPassword); code != http.StatusTooManyRequests {
				t.Errorf("after five failures through both servers, sign-in through %s: %d, want 429", b, code)
			}
		}

		if code, _ := send("a", "POST", "/logout", url.Values{"csrf": {csrf}}.Encode(), "Content-Type", form); code != http.StatusSeeOther {
			t.Fatalf("sign-out through a: %d", code)
		}
		if code, _ := send("b", "GET", "/", ""); code != http.StatusSeeOther {
			t.Errorf("after signing out through a, b still serves the session: %d", code)
		}
	})
}
