package aggregate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// BenchmarkImportAggregates imports every post-reform commune × every base
// indicator × 8 half-years (2025H2…2029H1, about 717,000 rows) into a fresh
// SQLite database per iteration, as ImportFile does (digest, load units,
// read and check the rows as they stream (Check), then ImportChecked: load
// stored values, write, refresh the roll-ups, commit). It reports the rate
// end to end (rows/s) and of the write alone (import-rows/s); parse-s/op is
// the reading and checking.
func BenchmarkImportAggregates(b *testing.B) { benchImport(b, storetest.SQLite) }

// BenchmarkImportAggregatesPostgres is the same import into PostgreSQL, the
// national installation's database (needs KHUYENHOC_TEST_POSTGRES).
func BenchmarkImportAggregatesPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchImport(b, storetest.Postgres)
}

func benchImport(b *testing.B, open func(testing.TB) *store.DB) {
	ctx := context.Background()
	var csv bytes.Buffer
	csv.WriteString("period,level,code,indicator,value\n")
	n := 0
	communeFigures(b, 8, 0, func(p period.Period, code, ind string, value int) {
		fmt.Fprintf(&csv, "%s,commune,%s,%s,%d\n", p, code, ind, value)
		n++
	})
	data := csv.Bytes()
	b.Logf("%d rows, %.1f MB", n, float64(len(data))/1e6)

	var parseTime, importTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := open(b)
		b.StartTimer()
		t0 := time.Now()
		sum := sha256.Sum256(data)
		tree, err := units.Cached(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		c, err := Check(bytes.NewReader(data), "bench.csv", tree, indicator.Default, CheckOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err := ImportChecked(ctx, db, tree, c, Options{Source: "bench.csv", SHA256: hex.EncodeToString(sum[:]), Actor: "bench", Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if res.Inserted != n {
			b.Fatalf("inserted %d of %d", res.Inserted, n)
		}
		parseTime += t1.Sub(t0)
		importTime += t2.Sub(t1)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	total := float64(n) * float64(b.N)
	b.ReportMetric(total/(parseTime+importTime).Seconds(), "rows/s")
	b.ReportMetric(total/importTime.Seconds(), "import-rows/s")
	b.ReportMetric(parseTime.Seconds()/float64(b.N), "parse-s/op")
	b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s/op")
}

// communeFigures calls fn for every post-reform commune × every base
// indicator × halves half-years from 2025H2, in that nesting, with a value
// that differs by commune, indicator and year, plus shift: the figures of
// the import benchmarks.
func communeFigures(b *testing.B, halves, shift int, fn func(p period.Period, code, ind string, value int)) {
	tree, err := units.LoadTree(context.Background(), storetest.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	communes := tree.All(units.Commune, units.ReformDate)
	base := indicator.Default.Base()
	p := period.MustParse("2025H2")
	for k := 0; k < halves; k++ {
		for i, c := range communes {
			for j, ind := range base {
				fn(p, c.Code, ind.Code, 1000+i*31+j*7+p.Year+shift)
			}
		}
		if p.N == 2 {
			p = period.Period{Kind: period.Half, Year: p.Year + 1, N: 1}
		} else {
			p.N = 2
		}
	}
}
