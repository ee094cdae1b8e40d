package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// BenchmarkFundReceiptsThroughTheAPI records receipts from 32 clients at
// once over loopback HTTP, through the API, in 64 communes of one province
// (issue 12: 500 a second with no gap or duplicate number), and reports
// receipts/s; then checks the numbers.
func BenchmarkFundReceiptsThroughTheAPI(b *testing.B) { benchFundAPI(b, storetest.SQLite(b)) }

// BenchmarkFundReceiptsThroughTheAPIPostgres is the same on PostgreSQL.
func BenchmarkFundReceiptsThroughTheAPIPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchFundAPI(b, storetest.Postgres(b))
}

func benchFundAPI(b *testing.B, db *store.DB) {
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	at := units.Day(apiNow)
	prov, err := tree.Resolve(units.Province, "66", at)
	if err != nil {
		b.Fatal(err)
	}
	communes := tree.Within(units.Commune, prov.ID, at)[:64]
	u, err := auth.CreateUser(ctx, db, auth.NewUser{Email: "thuquy@test.vn", Name: "Thủ quỹ", Role: auth.Officer, ScopeUnitID: prov.ID, Password: "mật khẩu dài"}, apiNow)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := auth.CreateToken(ctx, db, u.ID, "bench", apiNow)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(testHandler(b, db, apiNow))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	const clients, per = 32, 500
	var next atomic.Int64
	total := 0
	start := time.Now()
	for b.Loop() {
		var wg sync.WaitGroup
		var failed atomic.Int64
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := c; i < per; i += clients {
					k := next.Add(1)
					body := fmt.Sprintf(`{"kind":"receipt","amount":100000,"day":"01/03/2026","party":"Nhà hảo tâm","key":"k%d"}`, k)
					req, _ := http.NewRequest("POST", srv.URL+"/api/v1/fund/"+communes[int(k)%len(communes)].Ref()+"/entries", strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+tok)
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						failed.Add(1)
						b.Error(err)
						continue
					}
					if resp.StatusCode != 200 {
						failed.Add(1)
						b.Errorf("status %d", resp.StatusCode)
					}
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
		total += per
		if failed.Load() > 0 {
			b.FailNow()
		}
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "receipts/s")
	var n, distinct, gaps int
	if err := db.QueryRow(ctx, "SELECT COUNT(*), COUNT(DISTINCT unit_id || '/' || series || '/' || year || '/' || seq) FROM fund_entries").Scan(&n, &distinct); err != nil {
		b.Fatal(err)
	}
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT unit_id, series, year, MAX(seq) AS top, COUNT(*) AS n FROM fund_entries GROUP BY unit_id, series, year) s WHERE top <> n").Scan(&gaps); err != nil {
		b.Fatal(err)
	}
	if n != total || distinct != n || gaps != 0 {
		b.Fatalf("%d entries of %d, %d distinct numbers, %d series with a gap", n, total, distinct, gaps)
	}
}
