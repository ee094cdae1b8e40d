package figures

import (
	"fmt"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// BenchmarkApproveConcurrentPostgres approves b.N submitted forms (each a
// commune's three figures for a half-year, communes of every province) with
// 50 approvers at once on PostgreSQL, as at the end of a reporting period,
// and reports forms approved per second. Each approval writes its figures,
// their history and the roll-ups of the commune's province and the nation
// under the figures lock of its year (docs/concurrency.md). Needs
// KHUYENHOC_TEST_POSTGRES.
func BenchmarkApproveConcurrentPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	const approvers = 50
	db := storetest.Postgres(b)
	tree, err := units.Cached(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	communes := tree.All(units.Commune, h1.End())
	// One approver per province, as the provinces' officers would be.
	approverOf := map[int64]auth.Principal{}
	type form struct {
		unit int64
		p    period.Period
	}
	forms := make([]form, b.N)
	for i := range forms {
		p := period.Period{Kind: period.Half, Year: 2026 + i/len(communes), N: 1}
		c := communes[(i*7919)%len(communes)] // spread over the provinces
		forms[i] = form{c.ID, p}
		vals := map[string]string{}
		for j, code := range concIndicators {
			vals[code] = fmt.Sprint(100 + i + j)
		}
		xa := auth.ForUser(tree, auth.User{ID: int64(1000 + i), Email: "xa@test.vn", Role: auth.Officer, ScopeUnitID: c.ID}, audit.ViaPage)
		if _, ok := approverOf[c.ParentID]; !ok {
			approverOf[c.ParentID] = auth.ForUser(tree, auth.User{ID: c.ParentID, Email: "tinh@test.vn", Role: auth.Officer, ScopeUnitID: c.ParentID}, audit.ViaPage)
		}
		if err := entry.SaveDraft(ctx, db, tree, xa, c.ID, p, vals, t0); err != nil {
			b.Fatal(err)
		}
		if err := explainAll(ctx, db, tree, xa, c.ID, p, t0); err != nil {
			b.Fatal(err)
		}
		if err := entry.Submit(ctx, db, tree, xa, c.ID, p, t0); err != nil {
			b.Fatal(err)
		}
	}
	queue := make(chan form, len(forms))
	for _, f := range forms {
		queue <- f
	}
	close(queue)
	b.ResetTimer()
	var wg sync.WaitGroup
	errs := make(chan error, approvers)
	for range approvers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range queue {
				if err := entry.Approve(ctx, db, tree, approverOf[tree.Get(f.unit).ParentID], f.unit, f.p, t0); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "forms/s")
}
