package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx      = context.Background()
	t0       = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
	decided  = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	year2026 = period.MustParse("2026")
)

// fixture is a database with the commune Ba Đình (Hà Nội), its officer, a
// neighbouring commune's officer and a Hà Nội officer.
type fixture struct {
	db                      *store.DB
	tree                    *units.Tree
	hanoi, commune          *units.Unit
	xa, neighbour, province auth.Principal
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, tree: tree}
	if f.hanoi, err = tree.Resolve(units.Province, "01", t0); err != nil {
		t.Fatal(err)
	}
	if f.commune, err = tree.Resolve(units.Commune, "00004", t0); err != nil {
		t.Fatal(err)
	}
	var other *units.Unit
	for _, c := range tree.Children(f.hanoi.ID, t0) {
		if c.ID != f.commune.ID {
			other = c
			break
		}
	}
	user := func(email string, u *units.Unit) auth.Principal {
		usr, err := auth.CreateUser(ctx, db, auth.NewUser{Email: email, Name: email, Role: auth.Officer, ScopeUnitID: u.ID, Password: "mật khẩu dài"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return auth.ForUser(tree, usr, audit.ViaAPI)
	}
	f.xa, f.neighbour, f.province = user("xa@badinh.vn", f.commune), user("xa@ben.vn", other), user("tinh@hanoi.vn", f.hanoi)
	return f
}

func (f *fixture) citizen(t *testing.T, name, cccd string, parent int64) models.Registration {
	t.Helper()
	r, err := models.Register(ctx, f.db, f.tree, f.xa, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
		Year: 2026, CommuneID: f.commune.ID, Name: name, CCCD: cccd, ParentID: parent}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// answers gives every indicator of the set v (points, 1 for yes/no, the
// value for a number) with evidence.
func answers(s *models.Set, v float64) []models.Answer {
	var out []models.Answer
	for _, in := range s.Indicators() {
		x := v
		switch in.Scoring.Kind {
		case models.ScoreYesNo:
			x = 1
		case models.ScoreNumber:
			x = 100
		case models.ScoreScale:
			x = min(v, in.MaxPoints)
		}
		out = append(out, models.Answer{Code: in.Code, Value: x, Evidence: "biên bản"})
	}
	return out
}

func setOf(t *testing.T, db *store.DB, ref string) *models.Set {
	t.Helper()
	s, err := models.GetSet(ctx, db, ref)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) value(t *testing.T, u *units.Unit, p period.Period, code string) float64 {
	t.Helper()
	ind, _ := indicator.Default.Get(code)
	r, err := rollup.NewEvaluator(f.db, f.tree, indicator.Default).Value(ctx, u.ID, p, ind)
	if err != nil {
		t.Fatal(err)
	}
	return r.Value
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTheYearlyCycleOfACitizenCountsInTheFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		set := setOf(t, db, "citizen-residents-2023")
		a := f.citizen(t, "Nguyễn Văn An", "001090012345", 0)
		b := f.citizen(t, "Trần Thị Bình", "", 0)

		if _, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
			Year: 2026, CommuneID: f.commune.ID, Name: "Nguyễn Văn An", CCCD: "001 090 012 345"}, t0); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the same CCCD twice in a year: %v", err)
		}
		if _, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
			Year: 2026, CommuneID: f.commune.ID, Name: "Lê Văn C", CCCD: "12345"}, t0); err == nil || !strings.Contains(err.Error(), "số CCCD không hợp lệ") {
			t.Errorf("a bad CCCD: %v", err)
		}

		// Points above the maximum and a missing evidence: nothing saved.
		bad := answers(set, 9)
		bad[0].Value = 12
		if _, err := models.Evaluate(ctx, db, f.tree, f.xa, a.ID, "", bad, t0); err == nil || !strings.Contains(err.Error(), "12 điểm vượt điểm tối đa 10") {
			t.Errorf("above max: %v", err)
		}
		bad = answers(set, 9)
		bad[1].Evidence = ""
		if _, err := models.Evaluate(ctx, db, f.tree, f.xa, a.ID, "", bad, t0); err == nil || !strings.Contains(err.Error(), "cần minh chứng") {
			t.Errorf("no evidence: %v", err)
		}
		if n := count(t, db, "model_evaluations"); n != 0 {
			t.Fatalf("refused evaluations stored %d rows", n)
		}
		if _, err := models.Evaluate(ctx, db, f.tree, f.neighbour, a.ID, "", answers(set, 9), t0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the neighbouring commune evaluates: %v", err)
		}

		for _, r := range []models.Registration{a, b} {
			e, err := models.Evaluate(ctx, db, f.tree, f.xa, r.ID, "", answers(set, 9), t0)
			if err != nil || !e.Score.Passed || e.Score.Total != 90 {
				t.Fatalf("evaluate %d: %+v %v", r.ID, e, err)
			}
		}
		// Recognising before the branch verified, as a batch: nothing written.
		d := models.Decision{Number: "15/QĐ-UBND", Date: decided}
		if err := models.Verify(ctx, db, f.tree, f.xa, []int64{a.ID}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{a.ID, b.ID}, d, t0); err == nil || !strings.Contains(err.Error(), "chưa được chi hội xác nhận") {
			t.Errorf("a batch with an unverified registration: %v", err)
		}
		if n := count(t, db, "model_recognitions"); n != 0 {
			t.Fatalf("a refused batch stored %d recognitions", n)
		}
		if err := models.Verify(ctx, db, f.tree, f.xa, []int64{b.ID}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := models.Recognise(ctx, db, f.tree, f.neighbour, []int64{a.ID, b.ID}, d, t0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("recognising outside the scope: %v", err)
		}
		recs, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{a.ID, b.ID}, d, t0)
		if err != nil || len(recs) != 2 || recs[0].Code == recs[1].Code || len(recs[0].Code) != 8 || recs[0].ValidUntil != 2026 {
			t.Fatalf("batch: %+v %v", recs, err)
		}
		if _, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{a.ID}, d, t0); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "đã được công nhận theo quyết định 15/QĐ-UBND") {
			t.Errorf("recognising twice: %v", err)
		}

		for _, u := range []*units.Unit{f.commune, f.hanoi, f.tree.Nation()} {
			if got := f.value(t, u, year2026, "models.citizen.registered"); got != 2 {
				t.Errorf("%s: %v registered, want 2", u.Name, got)
			}
			if got := f.value(t, u, year2026, "models.citizen.recognized"); got != 2 {
				t.Errorf("%s: %v recognised, want 2", u.Name, got)
			}
		}
		if got := f.value(t, f.hanoi, period.MustParse("2026H1"), "models.citizen.recognized"); got != 0 {
			t.Errorf("recognised in the first half (decided in July): %v", got)
		}
		if err := models.Revoke(ctx, db, f.tree, f.xa, b.ID, "khai không đúng", t0); err != nil {
			t.Fatal(err)
		}
		if got := f.value(t, f.hanoi, year2026, "models.citizen.recognized"); got != 1 {
			t.Errorf("after a revocation: %v recognised, want 1", got)
		}
		_, _, rec, err := models.GetRegistration(ctx, db, f.tree, f.xa, a.ID)
		if err != nil || rec == nil || rec.Decision.Number != "15/QĐ-UBND" || rec.Decision.Body != "Ủy ban nhân dân "+strings.ToLower(f.commune.Type)+" "+f.commune.Name {
			t.Errorf("get: %+v %v", rec, err)
		}
	})
}

func TestBadInputOfTheCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// A set not valid for the year: the pupils' set as loaded applies
		// from 2027 on.
		s := *setOf(t, db, "citizen-pupils-2023")
		s.ValidFrom = 2027
		if _, _, err := models.LoadSet(ctx, db, f.tree, auth.LocalAdmin("quantri"), &s, t0); err != nil {
			t.Fatal(err)
		}
		pupil, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupPupils,
			Year: 2026, CommuneID: f.commune.ID, Name: "Phạm Văn D"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := models.Evaluate(ctx, db, f.tree, f.xa, pupil.ID, "", answers(&s, 9), t0); err == nil || !strings.Contains(err.Error(), "không áp dụng cho năm 2026") {
			t.Errorf("a set not valid for the year: %v", err)
		}
		// A commune-level community is recognised by the province: the
		// commune's officer has no authority.
		cc, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.CommunityCommune, Year: 2026, CommuneID: f.commune.ID}, t0)
		if err != nil {
			t.Fatal(err)
		}
		ccSet := setOf(t, db, "community-commune-2023")
		e, err := models.Evaluate(ctx, db, f.tree, f.xa, cc.ID, "", answers(ccSet, 9), t0)
		if err != nil || e.Score.Level != 3 {
			t.Fatalf("commune community: %+v %v", e, err)
		}
		if err := models.Verify(ctx, db, f.tree, f.xa, []int64{cc.ID}, t0); err != nil {
			t.Fatal(err)
		}
		d := models.Decision{Number: "7/QĐ-UBND", Date: decided}
		if _, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{cc.ID}, d, t0); apperr.CodeOf(err) != apperr.Forbidden || !strings.Contains(err.Error(), "Thành phố Hà Nội") {
			t.Errorf("recognising without authority: %v", err)
		}
		recs, err := models.Recognise(ctx, db, f.tree, f.province, []int64{cc.ID}, d, t0)
		if err != nil || recs[0].Level != 3 || recs[0].ValidUntil != 2028 {
			t.Fatalf("the province recognises: %+v %v", recs, err)
		}
		if got := f.value(t, f.hanoi, year2026, "models.community.recognized"); got != 1 {
			t.Errorf("the commune community counts as a community: %v", got)
		}
		// A province may move the recognition to the commune.
		if err := models.SetBody(ctx, db, f.tree, f.xa, "community-commune-2023", f.hanoi.ID, models.ByCommune, "UBND xã", t0); err == nil {
			t.Error("a commune officer configured the province's recognising body")
		}
		if err := models.Revoke(ctx, db, f.tree, f.xa, cc.ID, "sai sót", t0); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("the commune revokes the province's recognition: %v", err)
		}
		if err := models.SetBody(ctx, db, f.tree, auth.LocalAdmin("quantri"), "community-commune-2023", f.hanoi.ID, models.ByCommune, "Ủy ban nhân dân xã", t0); err != nil {
			t.Fatal(err)
		}
		if err := models.Revoke(ctx, db, f.tree, f.xa, cc.ID, "sai sót", t0); err != nil {
			t.Errorf("once Hà Nội gives the title to its communes: %v", err)
		}
		// Refusal needs a reason.
		fam, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Family, Year: 2026, CommuneID: f.commune.ID,
			Name: "Hộ ông Nguyễn Văn E", Members: []string{"Nguyễn Văn E", "Lê Thị F"}}, t0)
		if err != nil || fam.People != 2 {
			t.Fatalf("family: %+v %v", fam, err)
		}
		if err := models.Refuse(ctx, db, f.tree, f.xa, fam.ID, " ", t0); err == nil {
			t.Error("a refusal without a reason")
		}
		if err := models.Refuse(ctx, db, f.tree, f.xa, fam.ID, "không đủ điều kiện", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := models.Evaluate(ctx, db, f.tree, f.xa, fam.ID, "", answers(setOf(t, db, "family-2021"), 10), t0); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("evaluating a refused registration: %v", err)
		}
	})
}

func TestAUnitNeedsNinetyPercentOfItsPeopleRecognised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		unit, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Unit, Year: 2026, CommuneID: f.commune.ID,
			Name: "Trường Tiểu học Ba Đình", People: 2}, t0)
		if err != nil {
			t.Fatal(err)
		}
		us := setOf(t, db, "unit-2023")
		e, err := models.Evaluate(ctx, db, f.tree, f.xa, unit.ID, "", answers(us, 100), t0)
		if err != nil || e.Score.Passed {
			t.Fatalf("no learning citizens yet: %+v %v", e, err)
		}
		cs := setOf(t, db, "citizen-residents-2023")
		var ids []int64
		for _, name := range []string{"Giáo viên A", "Giáo viên B"} {
			c := f.citizen(t, name, "", unit.ID)
			if _, err := models.Evaluate(ctx, db, f.tree, f.xa, c.ID, "", answers(cs, 9), t0); err != nil {
				t.Fatal(err)
			}
			if err := models.Verify(ctx, db, f.tree, f.xa, []int64{c.ID}, t0); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		if _, err := models.Recognise(ctx, db, f.tree, f.xa, ids, models.Decision{Number: "3/QĐ", Date: decided}, t0); err != nil {
			t.Fatal(err)
		}
		e, err = models.Evaluate(ctx, db, f.tree, f.xa, unit.ID, "", answers(us, 100), t0)
		if err != nil || !e.Score.Passed || e.Score.Level != 2 {
			t.Fatalf("all people recognised: %+v %v", e, err)
		}
		// The set now has evaluations: an edited file is a new version,
		// and the evaluations keep theirs.
		edited := *us
		edited.Pass.TotalAtLeast = 75
		got, outcome, err := models.LoadSet(ctx, db, f.tree, auth.LocalAdmin("quantri"), &edited, t0)
		if err != nil || outcome != models.NewVersion || got.Version != 2 {
			t.Fatalf("edit of a used set: %v %v %v", got, outcome, err)
		}
		if n := count(t, db, "model_evaluations WHERE set_id = 'unit-2023' AND set_version = 1"); n != 2 {
			t.Errorf("%d evaluations under version 1, want 2", n)
		}
		if v1 := setOf(t, db, "unit-2023@1"); v1.Pass.TotalAtLeast != 70 {
			t.Errorf("version 1 changed: %+v", v1.Pass)
		}
	})
}

// TestTheProvincesReportShowsTitlesFromRecords: registrations counted from
// records in 2026 beside the total the province imported for 2025, so the
// province's report gives the growth.
func TestTheProvincesReportShowsTitlesFromRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, err := aggregate.Import(ctx, db, []aggregate.Row{
			{Line: 2, Period: "2025", Level: "province", Code: "01", Indicator: "models.family.registered", Value: "2"},
		}, aggregate.Options{Source: "2025.csv", Now: t0, By: audit.Actor{Via: audit.ViaCLI}}); err != nil {
			t.Fatal(err)
		}
		fs := setOf(t, db, "family-2021")
		for i, name := range []string{"Hộ ông A", "Hộ bà B", "Hộ ông C"} {
			r, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Family, Year: 2026, CommuneID: f.commune.ID, Name: name, People: 4}, t0)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				if _, err := models.Evaluate(ctx, db, f.tree, f.xa, r.ID, "", answers(fs, 10), t0); err != nil {
					t.Fatal(err)
				}
				if err := models.Verify(ctx, db, f.tree, f.xa, []int64{r.ID}, t0); err != nil {
					t.Fatal(err)
				}
				if _, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{r.ID}, models.Decision{Number: "9/QĐ", Date: decided}, t0); err != nil {
					t.Fatal(err)
				}
			}
		}
		rep, err := report.Build(ctx, db, units.Ref{Level: units.Province, Code: "01"}, year2026)
		if err != nil {
			t.Fatal(err)
		}
		reg, rec := rep.Indicators["models.family.registered"], rep.Indicators["models.family.recognized"]
		if reg.Value == nil || *reg.Value != 3 || reg.Previous == nil || *reg.Previous != 2 || reg.ChangePct == nil || *reg.ChangePct != 50 {
			t.Errorf("registered: %+v", reg)
		}
		if rec.Value == nil || *rec.Value != 1 {
			t.Errorf("recognised: %+v", rec)
		}
	})
}
