package aggregate

import (
	"context"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func TestImportRecordsOneAuditEntryPerRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Communes 00004 and 00008 are both in Hà Nội (01) after the reform.
		mustImport(t, db, "a.csv", header+
			"2026H1,commune,00004,members.total,100\n"+
			"2026H1,commune,00008,members.total,23\n"+
			"2026H1,commune,00008,fund.raised,5000\n", Options{Actor: "Nguyễn Văn A"})
		es, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 {
			t.Fatalf("%d audit entries, want 1", len(es))
		}
		tree, _ := units.Cached(ctx, db)
		hanoi, _ := tree.Resolve(units.Province, "01", period.MustParse("2026H1").End())
		e := es[0]
		if e.Action != audit.ActionImportAggregates || e.Actor != "Nguyễn Văn A" || e.Via != audit.ViaImport ||
			e.UnitID != hanoi.ID || e.Period != "2026H1" || !e.At.Equal(testNow) {
			t.Errorf("entry %+v", e)
		}
		if !strings.Contains(e.Detail, "a.csv") || !strings.Contains(e.Detail, "3 giá trị mới") {
			t.Errorf("detail %q", e.Detail)
		}

		// The same file again changes nothing and logs nothing.
		mustImport(t, db, "a.csv", header+"2026H1,commune,00004,members.total,100\n", Options{})
		if es, _ := audit.List(ctx, db, audit.Filter{}); len(es) != 1 {
			t.Errorf("%d audit entries after an import that changed nothing", len(es))
		}
	})
}

func TestWriteRunsInsideTheCallersTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tree, err := units.Cached(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		p := period.MustParse("2026H1")
		commune, err := tree.Resolve(units.Commune, "00004", p.End())
		if err != nil {
			t.Fatal(err)
		}
		v, err := ValidateValue(indicator.Default, commune, p, "members.total", "250")
		if err != nil {
			t.Fatal(err)
		}
		by := audit.Actor{UserID: 3, Email: "xa@x.vn", Via: audit.ViaPage}

		// Rolled back: nothing stays.
		tx, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Write(ctx, tx, tree, []Value{v}, Options{Source: "form", By: by, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if n := count(t, db, "aggregate_values"); n != 0 {
			t.Fatalf("%d values after rollback", n)
		}

		// Committed, without the writer's own audit entry.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			res, err := Write(ctx, tx, tree, []Value{v}, Options{Source: "form", By: by, Kind: "entry", NoAudit: true, Now: testNow})
			if res != (Result{Rows: 1, Inserted: 1}) {
				t.Errorf("result %+v", res)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := storedValue(t, db, "commune", "00004", "2026H1", "members.total"); !ok || got != 250 {
			t.Errorf("stored %v %v", got, ok)
		}
		var kind, actor string
		db.QueryRow(ctx, "SELECT kind, actor FROM imports").Scan(&kind, &actor)
		if kind != "entry" || actor != "xa@x.vn" {
			t.Errorf("imports row %s %s", kind, actor)
		}
		if n := count(t, db, "audit_log"); n != 0 {
			t.Errorf("%d audit entries with NoAudit", n)
		}
		if n := count(t, db, "rollup_values"); n == 0 {
			t.Error("roll-ups not refreshed")
		}
	})
}

func TestValidateValueAppliesTheImportRules(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	p := period.MustParse("2026H1")
	commune, _ := tree.Resolve(units.Commune, "00004", p.End())
	oldProvince, _ := tree.Resolve(units.Province, "64", period.MustParse("2024").End())
	cases := []struct {
		name, code, value string
		unit              *units.Unit
		want              string // part of the message; empty when valid
	}{
		{"Whole", "members.total", "12", commune, ""},
		{"Fraction", "fund.raised", "1.5", commune, "số nguyên"},
		{"Negative", "members.total", "-1", commune, "âm"},
		{"DecimalComma", "members.total", "1,5", commune, "dấu phẩy"},
		{"NotNumber", "members.total", "abc", commune, "không phải là số"},
		{"Empty", "members.total", "", commune, "ô trống"},
		{"Ratio", "members.ratio", "3", commune, "tỉ lệ"},
		{"UnknownIndicator", "members.nope", "3", commune, "không có chỉ tiêu"},
		{"UnitGoneAtPeriodEnd", "members.total", "3", oldProvince, oldProvince.FullName() + " không còn vào ngày"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := ValidateValue(indicator.Default, c.unit, p, c.code, c.value)
			if c.want == "" {
				if err != nil || v.Value != 12 || v.UnitID != commune.ID || v.Period != p {
					t.Errorf("got %+v, %v", v, err)
				}
				return
			}
			if err == nil || apperr.CodeOf(err) == apperr.Internal || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
