package aggregate

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// BenchmarkReimportAggregates imports every post-reform commune × every
// base indicator for 2 half-years (about 179,000 rows) over the same keys
// already stored, every value changed: the replacement path, which writes
// one history row a value (with the replaced value and its import). It
// reports import-rows/s (Import alone: validate, compare, history, upsert,
// roll-ups, commit).
func BenchmarkReimportAggregates(b *testing.B) { benchReimport(b, storetest.SQLite) }

// BenchmarkReimportAggregatesPostgres is the same on PostgreSQL (needs
// KHUYENHOC_TEST_POSTGRES).
func BenchmarkReimportAggregatesPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchReimport(b, storetest.Postgres)
}

func benchReimport(b *testing.B, open func(testing.TB) *store.DB) {
	ctx := context.Background()
	rowsOf := func(shift int) []Row {
		var rows []Row
		communeFigures(b, 2, shift, func(p period.Period, code, ind string, value int) {
			rows = append(rows, Row{Line: len(rows) + 2, Period: p.String(), Level: "commune", Code: code,
				Indicator: ind, Value: strconv.Itoa(value)})
		})
		return rows
	}
	first, second := rowsOf(0), rowsOf(1)
	var importTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := open(b)
		if _, err := Import(ctx, db, first, Options{Source: "first.csv", Actor: "bench", Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		res, err := Import(ctx, db, second, Options{Source: "second.csv", Actor: "bench", Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		importTime += time.Since(t0)
		if res.Updated != len(second) {
			b.Fatalf("updated %d of %d", res.Updated, len(second))
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(len(second))*float64(b.N)/importTime.Seconds(), "import-rows/s")
}
