package web_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The self-assessment benchmark of issue 11: submissions of the public page
// (/cong-dan-hoc-tap, action=submit, every indicator answered) at
// selfClients concurrent clients over loopback.
//
//	go test ./internal/web -run XXX -bench SelfAssessmentAt200Clients -benchtime 1x -count 3
//
// Each client has its own loopback address (127.0.x.y), as 200 phones
// have, so the page's limit per address (30 posts in 10 minutes) holds for
// each; it submits selfPosts self-assessments, each a new citizen (a new
// CCCD), in one of 100 communes. KHUYENHOC_BENCH_SELF_STORED (default 0)
// first stores that many self-assessments (registrations and their
// evaluations, written in bulk by SQL) so that the submissions run against
// full tables; the figure is 5,000,000. KHUYENHOC_BENCH_POSTGRES=1
// runs it on the test PostgreSQL server instead of SQLite.
//
// "paced": each client waits 0.5–1.5 s between its submissions (about 200
// a second offered), the latency a person waits. "closed": each sends the
// next as soon as the last is answered, 200 always in flight, the server's
// capacity. Latencies are reported as p50 and p99; no timing is asserted
// (the aim is p99 ≤ 20 ms).
const (
	selfClients = 200
	selfPosts   = 10
)

func BenchmarkSelfAssessmentAt200Clients(b *testing.B) {
	var db *store.DB
	if os.Getenv("KHUYENHOC_BENCH_POSTGRES") != "" {
		db = storetest.Postgres(b)
	} else {
		db = storetest.SQLite(b)
	}
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	communes := tree.All(units.Commune, loadNow)[:100]
	ts := httptest.NewServer(testHandler(b, db, loadNow))
	defer ts.Close()

	// One submission first: it stores the set the page scores under.
	cl := selfClient(0)
	if _, err := selfPost(cl, ts.URL, communes[0].ID, "001190000000"); err != nil {
		b.Fatal(err)
	}
	if n, _ := strconv.Atoi(os.Getenv("KHUYENHOC_BENCH_SELF_STORED")); n > 0 {
		start := time.Now()
		if err := selfPreload(ctx, db, communes, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("stored %d self-assessments in %v", n, time.Since(start).Round(time.Second))
	}
	clients := make([]*http.Client, selfClients)
	round := 0
	for _, mode := range []struct {
		name  string
		pause func(c, i int) time.Duration
	}{
		{"paced", func(c, i int) time.Duration {
			return 500*time.Millisecond + time.Duration((c*7919+i*104729)%1000)*time.Millisecond
		}},
		{"closed", func(int, int) time.Duration { return 0 }},
	} {
		b.Run(mode.name, func(b *testing.B) {
			var lat []time.Duration
			var mu sync.Mutex
			var firstErr error
			var elapsed time.Duration
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				round++
				// New addresses each round: an address may post 30 times
				// in 10 minutes, and -count repeats the rounds.
				for i := range clients {
					clients[i] = selfClient(round*selfClients + i + 1)
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				for c := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						var mine []time.Duration
						for i := range selfPosts {
							time.Sleep(mode.pause(c, i))
							// A new citizen each time: round, client and post in the CCCD.
							cccd := fmt.Sprintf("0011%02d%03d%03d", round%100, c, i)
							d, err := selfPost(clients[c], ts.URL, communes[(c+i)%len(communes)].ID, cccd)
							if err != nil {
								mu.Lock()
								if firstErr == nil {
									firstErr = err
								}
								mu.Unlock()
								return
							}
							mine = append(mine, d)
						}
						mu.Lock()
						lat = append(lat, mine...)
						mu.Unlock()
					}()
				}
				t0 := time.Now()
				close(start)
				wg.Wait()
				elapsed += time.Since(t0)
				if firstErr != nil {
					b.Fatal(firstErr)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(loadMS(loadQuantile(lat, 0.50)), "p50-ms")
			b.ReportMetric(loadMS(loadQuantile(lat, 0.99)), "p99-ms")
			b.ReportMetric(loadMS(lat[len(lat)-1]), "max-ms")
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
		})
	}
}

// selfClient is a client whose connections leave from its own loopback
// address, 127.x.y.z for client number i.
func selfClient(i int) *http.Client {
	local := &net.TCPAddr{IP: net.IPv4(127, byte(i/62500), byte(i/250%250), byte(i%250+2))}
	d := &net.Dialer{LocalAddr: local, Timeout: 10 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1}, Timeout: 60 * time.Second}
}

// selfPost submits a passing self-assessment and returns its latency,
// failing on any answer but 200 with the page's thanks.
func selfPost(c *http.Client, base string, commune int64, cccd string) (time.Duration, error) {
	form := url.Values{"commune": {strconv.FormatInt(commune, 10)}, "group": {"residents"}, "name": {"Nguyễn Thị Hoa"},
		"cccd": {cccd}, "action": {"submit"}, "e_1.2": {"Lớp tin học ở nhà văn hoá"}}
	for _, code := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"} {
		form.Set("v_"+code, "9")
	}
	req, err := http.NewRequest(http.MethodPost, base+"/cong-dan-hoc-tap", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Đã gửi bản tự đánh giá") {
		return 0, fmt.Errorf("self-assessment %s: %s %.300s", cccd, resp.Status, body)
	}
	return d, nil
}

// selfPreload stores n self-assessments of 2026 in the communes, as the
// page stores them (a registration, its evaluation), in batches of plain
// INSERT … SELECT over a counter, without the counts from records (the
// submissions do not read them).
func selfPreload(ctx context.Context, db *store.DB, communes []*units.Unit, n int) error {
	const batch = 100_000
	ids := make([]string, len(communes))
	for i, c := range communes {
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	unit := "CASE (k % " + strconv.Itoa(len(ids)) + ")"
	for i, id := range ids {
		unit += " WHEN " + strconv.Itoa(i) + " THEN " + id
	}
	unit += " END"
	for from := 0; from < n; from += batch {
		to := min(n, from+batch)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var last int64
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM model_registrations").Scan(&last); err != nil {
				return err
			}
			seq := fmt.Sprintf("WITH RECURSIVE s(k) AS (SELECT %d UNION ALL SELECT k + 1 FROM s WHERE k < %d) ", from, to-1)
			if _, err := tx.Exec(ctx, seq+`INSERT INTO model_registrations (title, target_group, year, unit_id, name, dup_key, cccd, source,
				registered_on, status, created_by, created_at, updated_at)
				SELECT 'citizen', 'residents', 2026, `+unit+`, 'Người thứ ' || k, 'cccd:9' || k, '9' || k, 'self', '2026-11-01', 'evaluated',
				'page', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z' FROM s`); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO model_evaluations (registration_id, set_id, set_version, answers, total, passed, level, evaluated_by, evaluated_at)
				SELECT id, 'citizen-residents-2023', 1, '[]', 90, 1, 0, 'self', '2026-11-01T00:00:00Z' FROM model_registrations
				WHERE id > ?`, last)
			return err
		})
		if err != nil {
			return fmt.Errorf("preload %d–%d: %w", from, to, err)
		}
	}
	return nil
}
