package report_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// fillNation stores a value for every post-reform commune, every base
// indicator and each of the half-years, and refreshes the roll-ups as an
// import does.
func fillNation(tb testing.TB, db *store.DB, halves []string) int {
	ctx := context.Background()
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	communes := tree.All(units.Commune, units.ReformDate)
	base := indicator.Default.Base()
	n := 0
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var rows [][]any
		var touched []rollup.Touch
		for hi, h := range halves {
			p := period.MustParse(h)
			for ci, c := range communes {
				for ii, ind := range base {
					rows = append(rows, []any{c.ID, h, ind.Code, float64(1000 + ci%97*10 + ii*3 + hi*7)})
				}
				touched = append(touched, rollup.Touch{UnitID: c.ID, Period: p})
			}
		}
		n = len(rows)
		if err := tx.BulkInsert(ctx, "aggregate_values", []string{"unit_id", "period", "indicator", "value"}, rows, ""); err != nil {
			return err
		}
		return rollup.Refresh(ctx, tx, tree, touched)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkNationReport builds the nation's half-year report (every
// indicator, 34 provinces, comparison with the same half of the previous
// year) over 3,321 communes × all base indicators × 8 half-years.
func BenchmarkNationReport(b *testing.B) {
	db := storetest.SQLite(b)
	halves := []string{"2025H2", "2026H1", "2026H2", "2027H1", "2027H2", "2028H1", "2028H2", "2029H1"}
	n := fillNation(b, db, halves)
	b.ReportMetric(float64(n), "rows")
	ctx := context.Background()
	p := period.MustParse("2029H1")
	b.ResetTimer()
	for b.Loop() {
		r, err := report.Build(ctx, db, units.Ref{Level: units.Nation}, p)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Children) != 34 || r.Indicators["members.total"].Previous == nil {
			b.Fatal(fmt.Sprintf("unexpected report: %d children", len(r.Children)))
		}
	}
}

// BenchmarkNationDocument builds the nation's half-year report as the
// association's document and writes it as PDF and as Word, over the data
// of BenchmarkNationReport: what a person waits for after pressing a
// download button.
func BenchmarkNationDocument(b *testing.B) {
	db := storetest.SQLite(b)
	fillNation(b, db, []string{"2025H1", "2025H2", "2026H1"})
	ctx := context.Background()
	p := period.MustParse("2026H1")
	opt := report.DocOptions{Today: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		name  string
		write func(io.Writer, document.Document) error
	}{{"pdf", document.WritePDF}, {"docx", document.WriteDOCX}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				r, err := report.Build(ctx, db, units.Ref{Level: units.Nation}, p)
				if err != nil {
					b.Fatal(err)
				}
				d, err := report.BuildDocument(r, opt)
				if err != nil {
					b.Fatal(err)
				}
				if err := c.write(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
