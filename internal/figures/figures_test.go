package figures

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx = context.Background()
	h1  = period.MustParse("2026H1")
	t0  = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
)

type fixture struct {
	db              *store.DB
	tree            *units.Tree
	hanoi, commune  *units.Unit
	xa, tinh, local auth.Principal
}

func setup(t *testing.T, db *store.DB) fixture {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	hn, err := tree.Resolve(units.Province, "01", h1.End())
	if err != nil {
		t.Fatal(err)
	}
	c, err := tree.Resolve(units.Commune, "00004", h1.End())
	if err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, tree: tree, hanoi: hn, commune: c,
		xa:    auth.ForUser(tree, auth.User{ID: 1, Email: "xa@badinh.vn", Role: auth.Officer, ScopeUnitID: c.ID}, audit.ViaAPI),
		tinh:  auth.ForUser(tree, auth.User{ID: 2, Email: "tinh@hanoi.vn", Role: auth.Officer, ScopeUnitID: hn.ID}, audit.ViaAPI),
		local: auth.LocalAdmin("quantri"),
	}
}

func (f fixture) rows(vals ...[3]string) []aggregate.Row {
	var out []aggregate.Row
	for i, v := range vals {
		out = append(out, aggregate.Row{Line: i + 2, Period: "2026H1", Level: v[0], Code: v[1], Indicator: "members.total", Value: v[2]})
	}
	return out
}

func (f fixture) stored(t *testing.T, unitID int64) (float64, bool) {
	t.Helper()
	var v float64
	err := f.db.QueryRow(ctx, "SELECT value FROM aggregate_values WHERE unit_id = ? AND period = '2026H1' AND indicator = 'members.total'", unitID).Scan(&v)
	if err != nil {
		return 0, false
	}
	return v, true
}

func (f fixture) lastDetail(t *testing.T, action string) string {
	t.Helper()
	var d string
	if err := f.db.QueryRow(ctx, "SELECT detail FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", action).Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOwnUnitsRowsFillItsFormAndRowsBelowAreOfficial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		// The province's officer: the commune's row is official, the
		// province's own row goes to the province's form.
		res, err := Write(ctx, db, f.tree, f.tinh, f.rows([3]string{"commune", "4", "120"}, [3]string{"province", "01", "5000"}), Options{Source: "a.csv", Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 2 || res.Inserted != 1 || len(res.Drafts) != 1 || res.Drafts[0].Unit.ID != f.hanoi.ID || res.Drafts[0].Inserted != 1 {
			t.Fatalf("result = %+v", res)
		}
		if v, ok := f.stored(t, f.commune.ID); !ok || v != 120 {
			t.Errorf("commune's official value = %v %v", v, ok)
		}
		if _, ok := f.stored(t, f.hanoi.ID); ok {
			t.Error("the province's own row was written officially")
		}
		if d := f.lastDetail(t, audit.ActionImportAggregates); !strings.Contains(d, "ghi chính thức bởi cấp trên") || !strings.Contains(d, "province:01") {
			t.Errorf("official write's audit detail = %q", d)
		}
		if msg := res.Drafts[0].Message(f.tree, false); !strings.Contains(msg, "Trung ương Hội") {
			t.Errorf("the province's draft message = %q", msg)
		}

		// The commune's officer: a dry run counts and writes nothing; the
		// write fills the commune's draft, merged over the published value.
		dry, err := Write(ctx, db, f.tree, f.xa, f.rows([3]string{"commune", "00004", "130"}), Options{Source: "b.csv", DryRun: true, Now: t0})
		if err != nil || len(dry.Drafts) != 1 || dry.Drafts[0].Updated != 1 {
			t.Fatalf("dry run = %+v, %v", dry, err)
		}
		if form, _ := entry.Load(ctx, db, f.tree, f.commune.ID, h1); form.Status != entry.StatusImported {
			t.Errorf("after a dry run the form is %s", form.Status)
		}
		if _, err := Write(ctx, db, f.tree, f.xa, f.rows([3]string{"commune", "00004", "130"}), Options{Source: "b.csv", Now: t0}); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.stored(t, f.commune.ID); v != 120 {
			t.Errorf("the officer's own write changed the official value to %v", v)
		}
		form, err := entry.Load(ctx, db, f.tree, f.commune.ID, h1)
		if err != nil || form.Status != entry.StatusDraft || form.Values["members.total"] != 130 {
			t.Errorf("form = %s %v %v", form.Status, form.Values, err)
		}
		if d := f.lastDetail(t, audit.ActionEntrySave); !strings.Contains(d, "b.csv") {
			t.Errorf("draft audit detail = %q", d)
		}

		// Submitted, the form refuses the officer's file, and the province's too.
		if err := entry.Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0); err != nil {
			t.Fatal(err)
		}
		for who, by := range map[string]auth.Principal{"commune": f.xa, "province": f.tinh} {
			_, err = Write(ctx, db, f.tree, by, f.rows([3]string{"commune", "00004", "140"}), Options{Source: "c.csv", Now: t0})
			if list, ok := errors.AsType[*apperr.List](err); !ok || list.Code != apperr.Conflict {
				t.Errorf("%s's write into a submitted form: %v", who, err)
			}
		}
	})
}

func TestLocalAdministratorWritesOfficiallyAndIsRecordedAsSuch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := Write(ctx, db, f.tree, f.local, f.rows([3]string{"province", "01", "5000"}, [3]string{"nation", "", "9"}), Options{Source: "cli.csv", Now: t0}); err != nil {
			t.Fatal(err)
		}
		if v, ok := f.stored(t, f.hanoi.ID); !ok || v != 5000 {
			t.Errorf("province's value = %v %v", v, ok)
		}
		var actor, via, detail string
		err := db.QueryRow(ctx, "SELECT actor, via, detail FROM audit_log WHERE action = ?", audit.ActionImportAggregates).Scan(&actor, &via, &detail)
		if err != nil || actor != "quantri" || via != audit.ViaCLI || !strings.Contains(detail, "quản trị cục bộ") {
			t.Errorf("audit = %q %q %q %v", actor, via, detail, err)
		}
	})
}

func TestRowsOutsideTheScopeRefuseTheWholeWriteNamingThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		_, err := Write(ctx, db, f.tree, f.xa, f.rows([3]string{"commune", "00004", "1"}, [3]string{"province", "01", "2"}, [3]string{"province", "79", "3"}), Options{Source: "d.csv", Now: t0})
		list, ok := errors.AsType[*apperr.List](err)
		if !ok || list.Code != apperr.Forbidden || len(list.Items) != 2 || !strings.Contains(list.Items[0].Error(), "tệp d.csv, dòng 3") {
			t.Fatalf("err = %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM submissions").Scan(&n); err != nil || n != 0 {
			t.Errorf("submissions after a refusal: %d %v", n, err)
		}
	})
}

func TestTheProvinceApprovesTheFormsOfCommunesOfAbolishedDistricts(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	old, err := f.tree.Resolve(units.Commune, "00004", period.MustParse("2024").End())
	if err != nil {
		t.Fatal(err)
	}
	if p := f.tree.Get(old.ParentID); p == nil || p.Level != units.District {
		t.Fatalf("the old commune's parent is %v, want a district", p)
	}
	for _, d := range []Draft{{Unit: old}, {Unit: f.commune}} {
		if got := d.Approver(f.tree); got != "tỉnh" {
			t.Errorf("%s is approved by %q, want tỉnh", d.Unit.Ref(), got)
		}
	}
	if got := (Draft{Unit: f.hanoi}).Approver(f.tree); got != "Trung ương Hội" {
		t.Errorf("a province is approved by %q", got)
	}
}

// explainAll writes an explanation for every warning of the plausibility
// checks on the draft of u for p, so that it can be submitted: these tests
// are about writes, not about the checks (package checks, entry's tests).
func explainAll(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, now time.Time) error {
	f, err := entry.Load(ctx, db, tree, unitID, p)
	if err != nil {
		return err
	}
	texts := map[string]string{}
	for _, w := range f.Warnings {
		texts[w.Key] = "số liệu thử nghiệm"
	}
	return entry.Explain(ctx, db, tree, by, unitID, p, texts, now)
}
