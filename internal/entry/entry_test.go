package entry

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx   = context.Background()
	h1    = period.MustParse("2026H1")
	t0    = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
	hanoi = units.Ref{Level: units.Province, Code: "01"}
)

// fixture is a migrated database with the units tree, Hà Nội after the
// reform and its commune Ba Đình (00004).
type fixture struct {
	db      *store.DB
	tree    *units.Tree
	hanoi   *units.Unit
	commune *units.Unit
	// xa is the officer of the commune, tinh an officer of Hà Nội.
	xa, tinh auth.Principal
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
		xa:   auth.ForUser(tree, auth.User{ID: 11, Email: "xa@badinh.vn", Role: auth.Officer, ScopeUnitID: c.ID}, audit.ViaPage),
		tinh: auth.ForUser(tree, auth.User{ID: 22, Email: "tinh@hanoi.vn", Role: auth.Officer, ScopeUnitID: hn.ID}, audit.ViaPage),
	}
}

func (f fixture) save(t *testing.T, values map[string]string, at time.Time) {
	t.Helper()
	if err := SaveDraft(ctx, f.db, f.tree, f.xa, f.commune.ID, h1, values, at); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) load(t *testing.T) Form {
	t.Helper()
	form, err := Load(ctx, f.db, f.tree, f.commune.ID, h1)
	if err != nil {
		t.Fatal(err)
	}
	return form
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Errorf("%s: error %v, want code %s", what, err, code)
	}
}

func importRows(t *testing.T, db *store.DB, rows ...aggregate.Row) {
	t.Helper()
	for i := range rows {
		rows[i].Line = i + 2
	}
	if _, err := aggregate.Import(ctx, db, rows, aggregate.Options{Source: "test.csv", Actor: "tester", Now: t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, db.QueryRow(ctx, q, args...).Scan(&n))
	return n
}

func TestApprovedFiguresReachTheParentReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, map[string]string{"members.total": "150", "fund.raised": " 2500000 ", "org.branches": ""}, t0)
		if form := f.load(t); form.Status != StatusDraft || form.Values["members.total"] != 150 || form.Values["fund.raised"] != 2500000 {
			t.Fatalf("draft form %+v", form)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM aggregate_values"); n != 0 {
			t.Fatalf("a draft wrote %d published values", n)
		}
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0.Add(time.Hour)))
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0.Add(2*time.Hour)))

		form := f.load(t)
		if form.Status != StatusApproved || form.ApprovedBy != "tinh@hanoi.vn" || !form.ApprovedAt.Equal(t0.Add(2*time.Hour)) ||
			!form.SubmittedAt.Equal(t0.Add(time.Hour)) || form.Values["members.total"] != 150 {
			t.Errorf("approved form %+v", form)
		}
		r, err := report.Build(ctx, db, hanoi, h1)
		if err != nil {
			t.Fatal(err)
		}
		if v := r.Indicators["members.total"].Value; v == nil || *v != 150 {
			t.Errorf("Hà Nội members.total = %v, want 150", v)
		}
		if v := r.Indicators["fund.raised"].Value; v == nil || *v != 2500000 {
			t.Errorf("Hà Nội fund.raised = %v, want 2500000", v)
		}
		var kind, actor string
		must(t, db.QueryRow(ctx, "SELECT kind, actor FROM imports").Scan(&kind, &actor))
		if kind != ImportKind || actor != "tinh@hanoi.vn" {
			t.Errorf("imports row %s %s", kind, actor)
		}
	})
}

func TestReturnedFiguresCanBeEditedAndSubmittedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, map[string]string{"members.total": "150"}, t0)
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0))
		wantCode(t, "save while submitted", SaveDraft(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"members.total": "1"}, t0), apperr.Conflict)
		wantCode(t, "return without comment", Return(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "  ", t0), apperr.Invalid)

		must(t, Return(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "Số hội viên quá thấp", t0))
		form := f.load(t)
		if form.Status != StatusReturned || form.Comment != "Số hội viên quá thấp" || !form.Status.Editable() {
			t.Errorf("returned form: %s %q", form.Status, form.Comment)
		}
		f.save(t, map[string]string{"members.total": "1500"}, t0)
		if form := f.load(t); form.Status != StatusReturned || form.Values["members.total"] != 1500 {
			t.Errorf("edited returned form: %s %v", form.Status, form.Values)
		}
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0))
		if form := f.load(t); form.Status != StatusSubmitted || form.Comment != "" {
			t.Errorf("resubmitted form: %s, the old comment %q stays", form.Status, form.Comment)
		}
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0))
		if form := f.load(t); form.Status != StatusApproved || form.Comment != "" || form.Values["members.total"] != 1500 {
			t.Errorf("approved form: %s %q %v", form.Status, form.Comment, form.Values)
		}
	})
}

func TestApprovalLocksAndUnlockReopens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, map[string]string{"members.total": "150"}, t0)
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0))
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0))

		err := SaveDraft(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"members.total": "1"}, t0)
		wantCode(t, "save while approved", err, apperr.Conflict)
		if err == nil || !strings.Contains(err.Error(), "đã duyệt") {
			t.Errorf("refusal %v does not say the figures are approved", err)
		}
		wantCode(t, "submit while approved", Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0), apperr.Conflict)
		wantCode(t, "unlock without reason", Unlock(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "", t0), apperr.Invalid)

		must(t, Unlock(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "Xã báo sai số hội viên", t0.Add(time.Hour)))
		form := f.load(t)
		if form.Status != StatusReturned || form.Comment != "Xã báo sai số hội viên" || !form.ApprovedAt.IsZero() || form.Values["members.total"] != 150 {
			t.Errorf("unlocked form %+v", form)
		}
		f.save(t, map[string]string{"members.total": "160"}, t0.Add(2*time.Hour))
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0.Add(2*time.Hour)))
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0.Add(3*time.Hour)))
		var oldV, newV float64
		must(t, db.QueryRow(ctx, "SELECT old_value, new_value FROM aggregate_history WHERE unit_id = ?", f.commune.ID).Scan(&oldV, &newV))
		if oldV != 150 || newV != 160 {
			t.Errorf("history %v → %v", oldV, newV)
		}
		es, err := audit.List(ctx, db, audit.Filter{Action: audit.ActionEntryUnlock})
		if err != nil || len(es) != 1 || es[0].Detail != "Xã báo sai số hội viên" || es[0].Actor != "tinh@hanoi.vn" || es[0].UnitID != f.commune.ID {
			t.Errorf("unlock entries %+v, %v", es, err)
		}
	})
}

func TestStateTransitionsAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		id := f.commune.ID
		wantCode(t, "submit without draft", Submit(ctx, db, f.tree, f.xa, id, h1, t0), apperr.Conflict)
		wantCode(t, "approve without submission", Approve(ctx, db, f.tree, f.tinh, id, h1, t0), apperr.Conflict)
		f.save(t, map[string]string{"members.total": ""}, t0)
		wantCode(t, "submit an empty draft", Submit(ctx, db, f.tree, f.xa, id, h1, t0), apperr.Conflict)
		f.save(t, map[string]string{"members.total": "5"}, t0)
		wantCode(t, "approve a draft", Approve(ctx, db, f.tree, f.tinh, id, h1, t0), apperr.Conflict)
		wantCode(t, "return a draft", Return(ctx, db, f.tree, f.tinh, id, h1, "x", t0), apperr.Conflict)
		wantCode(t, "unlock a draft", Unlock(ctx, db, f.tree, f.tinh, id, h1, "x", t0), apperr.Conflict)
		must(t, Submit(ctx, db, f.tree, f.xa, id, h1, t0))
		wantCode(t, "submit twice", Submit(ctx, db, f.tree, f.xa, id, h1, t0), apperr.Conflict)
		wantCode(t, "unlock a submission", Unlock(ctx, db, f.tree, f.tinh, id, h1, "x", t0), apperr.Conflict)
		must(t, Approve(ctx, db, f.tree, f.tinh, id, h1, t0))
		wantCode(t, "approve twice", Approve(ctx, db, f.tree, f.tinh, id, h1, t0), apperr.Conflict)
		wantCode(t, "return approved", Return(ctx, db, f.tree, f.tinh, id, h1, "x", t0), apperr.Conflict)

		// A unit that does not exist at the end of the period has no form.
		old, err := f.tree.Resolve(units.Province, "64", period.MustParse("2024").End())
		must(t, err)
		_, err = Load(ctx, db, f.tree, old.ID, h1)
		wantCode(t, "form of a unit gone", err, apperr.Invalid)
		wantCode(t, "save for a unit gone", SaveDraft(ctx, db, f.tree, f.xa, old.ID, h1, map[string]string{"members.total": "1"}, t0), apperr.Invalid)
		_, err = Load(ctx, db, f.tree, 1<<40, h1)
		wantCode(t, "form of no unit", err, apperr.NotFound)
	})
}

func TestSaveDraftRejectsBadValuesNamingEveryFieldAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		err := SaveDraft(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{
			"population.total": "12000", // right
			"members.total":    "-3",
			"fund.raised":      "1.5",
			"org.branches":     "abc",
			"fund.spent":       "1,5",
			"members.ratio":    "2",
			"bogus":            "1",
		}, t0)
		wantCode(t, "bad values", err, apperr.Invalid)
		var fe FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("error %T %v is not FieldErrors", err, err)
		}
		want := map[string]string{
			"members.total": "âm", "fund.raised": "số nguyên", "org.branches": "không phải là số",
			"fund.spent": "dấu phẩy", "members.ratio": "tỉ lệ", "bogus": "không có chỉ tiêu",
		}
		if len(fe) != len(want) {
			t.Errorf("%d bad fields, want %d: %v", len(fe), len(want), fe)
		}
		for code, part := range want {
			if !strings.Contains(fe[code], part) {
				t.Errorf("%s: message %q, want %q", code, fe[code], part)
			}
		}
		if codes := fe.Codes(); codes[0] != "org.branches" || codes[len(codes)-1] != "bogus" {
			t.Errorf("codes not in catalogue order: %v", codes)
		}
		if !strings.HasPrefix(err.Error(), "6 ô số liệu không hợp lệ") {
			t.Errorf("message %q", err.Error())
		}
		for _, table := range []string{"submissions", "submission_values", "audit_log"} {
			if n := count(t, db, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%s has %d rows after a refused save", table, n)
			}
		}
	})
}

func TestFormShowsPreviousAndComparisonValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		importRows(t, db,
			aggregate.Row{Period: "2025H2", Level: "commune", Code: "00004", Indicator: "members.total", Value: "90"},
			aggregate.Row{Period: "2025H2", Level: "commune", Code: "00004", Indicator: "fund.raised", Value: "700"},
			aggregate.Row{Period: "2026H1", Level: "commune", Code: "00004", Indicator: "org.branches", Value: "4"},
		)
		form := f.load(t)
		if form.PreviousPeriod.String() != "2025H2" || form.ComparePeriod.String() != "2025H1" {
			t.Errorf("periods %s %s", form.PreviousPeriod, form.ComparePeriod)
		}
		if form.Status != StatusImported || form.Values["org.branches"] != 4 {
			t.Errorf("imported figures not shown: %s %v", form.Status, form.Values)
		}
		if form.Previous["members.total"] != 90 || form.Previous["fund.raised"] != 700 {
			t.Errorf("previous %v", form.Previous)
		}
		base := indicator.Default.Base()
		if len(form.Fields) != len(base) {
			t.Fatalf("%d fields, want %d", len(form.Fields), len(base))
		}
		for i, fl := range form.Fields {
			if fl.Indicator.Code != base[i].Code {
				t.Fatalf("field %d is %s, want %s", i, fl.Indicator.Code, base[i].Code)
			}
			switch fl.Indicator.Code {
			case "members.total":
				if fl.Previous == nil || *fl.Previous != 90 || fl.Value != nil {
					t.Errorf("members.total field %+v", fl)
				}
			case "org.branches":
				if fl.Value == nil || *fl.Value != 4 {
					t.Errorf("org.branches field %+v", fl)
				}
			}
		}

		// The first save starts from the imported figures.
		f.save(t, map[string]string{"members.total": "95"}, t0)
		if form := f.load(t); form.Values["org.branches"] != 4 || form.Values["members.total"] != 95 {
			t.Errorf("draft %v", form.Values)
		}
	})
}

func TestPreviousIsThePeriodOfTheSameKindBefore(t *testing.T) {
	for in, want := range map[string]string{"2026H1": "2025H2", "2026H2": "2026H1", "2026Q1": "2025Q4", "2026Q3": "2026Q2",
		"2026-01": "2025-12", "2026-07": "2026-06", "2026": "2025"} {
		if got := previous(period.MustParse(in)).String(); got != want {
			t.Errorf("previous(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCompletenessCountsChildrenByStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		cs := f.tree.Children(f.hanoi.ID, h1.End())
		if len(cs) < 6 {
			t.Fatalf("Hà Nội has %d communes", len(cs))
		}
		vals := map[string]string{"members.total": "10"}
		step := func(u *units.Unit, steps ...func(id int64) error) {
			must(t, SaveDraft(ctx, db, f.tree, f.tinh, u.ID, h1, vals, t0))
			for _, s := range steps {
				must(t, s(u.ID))
			}
		}
		submit := func(id int64) error { return Submit(ctx, db, f.tree, f.tinh, id, h1, t0) }
		approve := func(id int64) error { return Approve(ctx, db, f.tree, f.tinh, id, h1, t0) }
		ret := func(id int64) error { return Return(ctx, db, f.tree, f.tinh, id, h1, "sửa lại", t0) }
		step(cs[0])
		step(cs[1], submit)
		step(cs[2], submit, approve)
		step(cs[3], submit, approve)
		step(cs[4], submit, ret)
		importRows(t, db, aggregate.Row{Period: "2026H1", Level: "commune", Code: cs[5].Code, Indicator: "members.total", Value: "7"})

		pr, err := Completeness(ctx, db, f.tree, f.hanoi.ID, h1)
		if err != nil {
			t.Fatal(err)
		}
		n := len(cs)
		want := map[Status]int{StatusDraft: 1, StatusSubmitted: 1, StatusApproved: 2, StatusReturned: 1, StatusImported: 1, StatusNone: n - 6}
		if pr.Total != n || len(pr.Children) != n || len(pr.Counts) != len(Statuses) {
			t.Fatalf("total %d, %d children, %d counts", pr.Total, len(pr.Children), len(pr.Counts))
		}
		for _, c := range pr.Counts {
			if c.Count != want[c.Status] {
				t.Errorf("%s: %d, want %d", c.Status, c.Count, want[c.Status])
			}
			if math.Abs(c.Percent-100*float64(want[c.Status])/float64(n)) > 1e-9 {
				t.Errorf("%s: %v%%", c.Status, c.Percent)
			}
		}
		if pr.Count(StatusApproved) != 2 || pr.Children[2].Unit.ID != cs[2].ID || pr.Children[2].Status != StatusApproved {
			t.Errorf("children %+v", pr.Children[:3])
		}

		// The nation sees Hà Nội as having figures, rolled up from its communes.
		nat, err := Completeness(ctx, db, f.tree, f.tree.Nation().ID, h1)
		must(t, err)
		for _, c := range nat.Children {
			if c.Unit.ID == f.hanoi.ID && c.Status != StatusImported {
				t.Errorf("Hà Nội in the nation's view: %s", c.Status)
			}
		}
		if nat.Count(StatusImported) != 1 || nat.Count(StatusNone) != nat.Total-1 {
			t.Errorf("nation counts %+v", nat.Counts)
		}
	})
}

func TestEntryChangesAreAuditedAndFilterable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, map[string]string{"members.total": "150", "fund.raised": "1000"}, t0)
		f.save(t, map[string]string{"members.total": "150", "fund.raised": "1200", "org.branches": "3"}, t0.Add(time.Hour))
		f.save(t, map[string]string{"org.branches": ""}, t0.Add(2*time.Hour))
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0.Add(3*time.Hour)))
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0.Add(24*time.Hour)))

		es, err := audit.List(ctx, db, audit.Filter{UnitIDs: []int64{f.commune.ID}})
		must(t, err)
		type line struct {
			action, ind string
			old, new    *float64
		}
		fl := func(v float64) *float64 { return &v }
		want := []line{ // newest first
			{audit.ActionEntryApprove, "", nil, nil},
			{audit.ActionEntrySubmit, "", nil, nil},
			{audit.ActionEntrySave, "org.branches", fl(3), nil},
			{audit.ActionEntrySave, "fund.raised", fl(1000), fl(1200)}, // same save: catalogue order, newest (last) first
			{audit.ActionEntrySave, "org.branches", nil, fl(3)},
			{audit.ActionEntrySave, "fund.raised", nil, fl(1000)},
			{audit.ActionEntrySave, "members.total", nil, fl(150)},
		}
		if len(es) != len(want) {
			t.Fatalf("%d entries, want %d: %+v", len(es), len(want), es)
		}
		eq := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
		for i, w := range want {
			e := es[i]
			if e.Action != w.action || e.Indicator != w.ind || !eq(e.OldValue, w.old) || !eq(e.NewValue, w.new) || e.Period != "2026H1" {
				t.Errorf("entry %d: %s %s %v→%v, want %+v", i, e.Action, e.Indicator, e.OldValue, e.NewValue, w)
			}
		}
		if es, _ := audit.List(ctx, db, audit.Filter{UserID: f.tinh.User().ID}); len(es) != 1 || es[0].Action != audit.ActionEntryApprove {
			t.Errorf("by the province: %+v", es)
		}
		if es, _ := audit.List(ctx, db, audit.Filter{UserID: f.xa.User().ID, From: t0.Add(30 * time.Minute), To: t0.Add(150 * time.Minute)}); len(es) != 3 {
			t.Errorf("by the commune between 8:30 and 10:30: %d entries, want 3", len(es))
		}
		if es, _ := audit.List(ctx, db, audit.Filter{UnitIDs: []int64{f.hanoi.ID}}); len(es) != 0 {
			t.Errorf("entries about the commune filed under the province: %d", len(es))
		}
	})
}

func TestImportCannotChangeFiguresOfASubmittedOrApprovedForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, map[string]string{"members.total": "150"}, t0)
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0.Add(time.Hour)))
		row := aggregate.Row{Line: 2, Period: "2026H1", Level: "commune", Code: "00004", Indicator: "members.total", Value: "999"}
		_, err := aggregate.Import(ctx, db, []aggregate.Row{row}, aggregate.Options{Source: "x.csv", Actor: "tester", Now: t0})
		wantCode(t, "import over a submitted form", err, apperr.Conflict)
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0.Add(2*time.Hour)))
		_, err = aggregate.Import(ctx, db, []aggregate.Row{row}, aggregate.Options{Source: "x.csv", Actor: "tester", Now: t0})
		wantCode(t, "import over an approved form", err, apperr.Conflict)
		if err != nil && !strings.Contains(err.Error(), "mở khóa") {
			t.Errorf("the refusal does not say how to go on: %v", err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM aggregate_values WHERE value = 999"); n != 0 {
			t.Fatalf("a locked value was overwritten")
		}
		// Another period of the same commune is not locked.
		other := row
		other.Period = "2025H2"
		if _, err := aggregate.Import(ctx, db, []aggregate.Row{other}, aggregate.Options{Source: "y.csv", Actor: "tester", Now: t0}); err != nil {
			t.Errorf("another period refused: %v", err)
		}
		must(t, Unlock(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "sửa số liệu", t0.Add(3*time.Hour)))
		if _, err := aggregate.Import(ctx, db, []aggregate.Row{row}, aggregate.Options{Source: "x.csv", Actor: "tester", Now: t0}); err != nil {
			t.Errorf("after unlocking the import is still refused: %v", err)
		}
	})
}

// The approvals queue of a principal holds, oldest first, the submitted
// forms they may approve and no other: the filter is in the query, and a
// scope read in several batches gives the same list.
func TestAwaitingApprovalListsOnlyFormsThePrincipalApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		local := auth.LocalAdmin("quantri")
		var neighbour *units.Unit
		for _, c := range f.tree.Children(f.hanoi.ID, h1.End()) {
			if c.ID != f.commune.ID {
				neighbour = c
				break
			}
		}
		hcmProvince, err := f.tree.Resolve(units.Province, "79", h1.End())
		if err != nil {
			t.Fatal(err)
		}
		hcm := f.tree.Children(hcmProvince.ID, h1.End())[0]
		// Submitted in this order, an hour apart: the neighbour, Hà Nội
		// itself, a commune of Hồ Chí Minh City, Ba Đình. A draft is not
		// waiting.
		for i, u := range []*units.Unit{neighbour, f.hanoi, hcm, f.commune} {
			at := t0.Add(time.Duration(i) * time.Hour)
			must(t, SaveDraft(ctx, db, f.tree, local, u.ID, h1, map[string]string{"members.total": "10"}, at))
			must(t, Submit(ctx, db, f.tree, local, u.ID, h1, at))
		}
		draft := f.tree.Children(f.hanoi.ID, h1.End())[2]
		must(t, SaveDraft(ctx, db, f.tree, local, draft.ID, h1, map[string]string{"members.total": "10"}, t0))

		user := func(id int64, role auth.Role, unit *units.Unit) auth.Principal {
			return auth.ForUser(f.tree, auth.User{ID: id, Email: "u@hoi.vn", Role: role, ScopeUnitID: unit.ID}, audit.ViaPage)
		}
		codes := func(ws []Waiting) string {
			var s []string
			for _, w := range ws {
				s = append(s, w.Unit.Code)
			}
			return strings.Join(s, " ")
		}
		all := strings.Join([]string{neighbour.Code, "01", hcm.Code, f.commune.Code}, " ")
		for _, c := range []struct {
			who  string
			p    auth.Principal
			want string
		}{
			{"the local administrator", local, all},
			{"an officer of the nation", user(1, auth.Officer, f.tree.Nation()), all},
			{"an officer of Hà Nội", f.tinh, neighbour.Code + " " + f.commune.Code},
			{"an admin of Hà Nội", user(2, auth.Admin, f.hanoi), neighbour.Code + " " + f.commune.Code},
			{"a viewer of Hà Nội", user(3, auth.Viewer, f.hanoi), ""},
			{"the officer of Ba Đình", f.xa, ""},
		} {
			for _, per := range []int{500, 1} {
				old := auth.RootsPerQuery
				auth.RootsPerQuery = per
				got, err := AwaitingApproval(ctx, db, f.tree, c.p)
				auth.RootsPerQuery = old
				if err != nil {
					t.Fatal(err)
				}
				if codes(got) != c.want {
					t.Errorf("forms awaiting %s (%d roots a query): %q, want %q", c.who, per, codes(got), c.want)
				}
				for _, w := range got {
					if !c.p.CanApprove(w.Unit.ID) {
						t.Errorf("%s is shown the form of %s, which they may not approve", c.who, w.Unit.Ref())
					}
				}
			}
		}
	})
}

// TestWaitingFormsAreFoundThroughTheIndexOfSubmittedForms: the forms
// waiting for approval, on every approver's dashboard, are read through
// the partial index of the submitted forms (migration 20), not by reading
// every unit's forms of every period.
func TestWaitingFormsAreFoundThroughTheIndexOfSubmittedForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect == store.Postgres {
			// A planner that costs a table this small picks a scan; the
			// index is there, partial on the status.
			var def string
			must(t, db.QueryRow(ctx, `SELECT indexdef FROM pg_indexes WHERE indexname = 'submissions_submitted'`).Scan(&def))
			if !strings.Contains(def, "WHERE (status = 'submitted'::text)") {
				t.Errorf("index %q", def)
			}
			return
		}
		for _, cond := range []string{"u.parent_id IS NOT NULL", "u.parent_id IN (SELECT id FROM readable)"} {
			rows, err := db.Query(ctx, "EXPLAIN QUERY PLAN WITH readable(id) AS (SELECT id FROM units) "+waitingSQL(cond))
			must(t, err)
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				must(t, rows.Scan(&id, &parent, &unused, &detail))
				plan = append(plan, detail)
			}
			must(t, rows.Err())
			rows.Close()
			if p := strings.Join(plan, "; "); !strings.Contains(p, "submissions_submitted") {
				t.Errorf("%s: plan %q does not use the index of the submitted forms", cond, p)
			}
		}
	})
}
