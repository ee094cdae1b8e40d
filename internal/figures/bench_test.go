package figures

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// BenchmarkWriteNationalFile writes the file of aggregate's
// BenchmarkImportAggregates (every post-reform commune × every base
// indicator × 8 half-years, about 717,000 rows) through figures.Write into
// a fresh SQLite database per iteration: as the local administrator (the
// command line's import) and as a nation admin (the API or the upload page),
// whose every row is checked against the scope and the approval rule. The
// difference with aggregate's benchmark is the cost of the rules.
func BenchmarkWriteNationalFile(b *testing.B) {
	seed := storetest.SQLite(b)
	tree, err := units.LoadTree(ctx, seed)
	if err != nil {
		b.Fatal(err)
	}
	communes := tree.All(units.Commune, units.ReformDate)
	var csv bytes.Buffer
	csv.WriteString("period,level,code,indicator,value\n")
	n := 0
	p := period.MustParse("2025H2")
	for k := 0; k < 8; k++ {
		for i, c := range communes {
			for j, ind := range indicator.Default.Base() {
				fmt.Fprintf(&csv, "%s,commune,%s,%s,%d\n", p, c.Code, ind.Code, 1000+i*31+j*7+p.Year)
				n++
			}
		}
		if p.N == 2 {
			p = period.Period{Kind: period.Half, Year: p.Year + 1, N: 1}
		} else {
			p.N = 2
		}
	}
	rows, err := aggregate.Parse(bytes.NewReader(csv.Bytes()), "bench.csv")
	if err != nil {
		b.Fatal(err)
	}
	nationAdmin := auth.ForUser(tree, auth.User{ID: 1, Email: "admin@test.vn", Role: auth.Admin, ScopeUnitID: tree.Nation().ID}, audit.ViaAPI)
	for name, by := range map[string]auth.Principal{"local": auth.LocalAdmin("bench"), "nation-admin": nationAdmin} {
		b.Run(name, func(b *testing.B) {
			var spent time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := storetest.SQLite(b)
				tr, err := units.Cached(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				t0 := time.Now()
				res, err := Write(ctx, db, tr, by, rows, Options{Source: "bench.csv", Now: time.Now()})
				spent += time.Since(t0)
				if err != nil || res.Inserted != n {
					b.Fatalf("inserted %d of %d: %v", res.Inserted, n, err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/spent.Seconds(), "rows/s")
		})
	}
}
