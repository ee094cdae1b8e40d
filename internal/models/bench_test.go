package models_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// BenchmarkRecognisedByProvince reads models.family.recognized and
// models.citizen.recognized of 2026 for every province (a nation's report
// by province) after KHUYENHOC_BENCH_RECOGNITIONS recognitions (default
// 200,000; the figure is 2,000,000 families and 5,000,000
// citizens) were counted from records on random days of 2026 in random
// communes. The counts come from the records' monthly and yearly sums, so
// the read does not grow with the number of recognitions, only with the
// number of days and communes that have any.
func BenchmarkRecognisedByProvince(b *testing.B) {
	n := 200_000
	if s := os.Getenv("KHUYENHOC_BENCH_RECOGNITIONS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	db := storetest.SQLite(b)
	tree, err := units.Cached(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	communes := tree.All(units.Commune, at)
	r := rand.New(rand.NewPCG(1, 2))
	sum := map[rollup.RecordDelta]int64{}
	for range n {
		code := "models.family.recognized"
		if r.IntN(7) < 5 {
			code = "models.citizen.recognized"
		}
		k := rollup.RecordDelta{UnitID: communes[r.IntN(len(communes))].ID, Indicator: code,
			Day: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))}
		sum[k]++
	}
	ds := make([]rollup.RecordDelta, 0, len(sum))
	for k, v := range sum {
		k.Delta = v
		ds = append(ds, k)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, tree, ds) }); err != nil {
		b.Fatal(err)
	}
	provinces := tree.All(units.Province, at)
	inds := []indicator.Indicator{}
	for _, c := range []string{"models.family.recognized", "models.citizen.recognized"} {
		ind, _ := indicator.Default.Get(c)
		inds = append(inds, ind)
	}
	b.ResetTimer()
	for b.Loop() {
		ev := rollup.NewEvaluator(db, tree, indicator.Default)
		var total float64
		for _, p := range provinces {
			for _, ind := range inds {
				v, err := ev.Value(ctx, p.ID, year2026, ind)
				if err != nil {
					b.Fatal(err)
				}
				total += v.Value
			}
		}
		if int(total) != n {
			b.Fatalf("%v recognitions counted, want %d", total, n)
		}
	}
}
