package models_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/models/inforce"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// recogniseUnit registers a school of two teachers, recognises both as
// learning citizens (residents) and then the school, all decided on
// 1 July 2026; it returns the citizens' and the school's registrations.
func (f *fixture) recogniseUnit(t *testing.T) ([]int64, int64) {
	t.Helper()
	unit, err := models.Register(ctx, f.db, f.tree, f.xa, models.NewRegistration{Title: models.Unit, Year: 2026, CommuneID: f.commune.ID,
		Name: "Trường Tiểu học Ba Đình", People: 2}, t0)
	if err != nil {
		t.Fatal(err)
	}
	cs := setOf(t, f.db, "citizen-residents-2023")
	var ids []int64
	for _, name := range []string{"Giáo viên A", "Giáo viên B"} {
		c := f.citizen(t, name, "", unit.ID)
		if _, err := models.Evaluate(ctx, f.db, f.tree, f.xa, c.ID, "", answers(cs, 9), t0); err != nil {
			t.Fatal(err)
		}
		if err := models.Verify(ctx, f.db, f.tree, f.xa, []int64{c.ID}, t0); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	d := models.Decision{Number: "3/QĐ", Date: decided}
	if _, err := models.Recognise(ctx, f.db, f.tree, f.xa, ids, d, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Evaluate(ctx, f.db, f.tree, f.xa, unit.ID, "", answers(setOf(t, f.db, "unit-2023"), 100), t0); err != nil {
		t.Fatal(err)
	}
	if err := models.Verify(ctx, f.db, f.tree, f.xa, []int64{unit.ID}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Recognise(ctx, f.db, f.tree, f.xa, []int64{unit.ID}, d, t0); err != nil {
		t.Fatal(err)
	}
	return ids, unit.ID
}

// TestNewRecognitionsAndTitlesInForceAreSeparateFigures: a learning unit
// recognised in 2026 for three years is new in 2026 only and in force at
// the end of 2026, 2027 and 2028; learning citizens (valid a year) are in
// force to the end of 2026, counted by target group; a revocation ends a
// title in force on its day.
func TestNewRecognitionsAndTitlesInForceAreSeparateFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		citizens, _ := f.recogniseUnit(t)
		for _, c := range []struct {
			p                 string
			code              string
			commune, province float64
		}{
			{"2026H1", "models.unit.in_force", 0, 0},
			{"2026", "models.unit.in_force", 1, 1},
			{"2027", "models.unit.in_force", 1, 1},
			{"2028H2", "models.unit.in_force", 1, 1},
			{"2029H1", "models.unit.in_force", 0, 0},
			{"2026", "models.unit.recognized", 1, 1},
			{"2027", "models.unit.recognized", 0, 0},
			{"2026", "models.citizen.in_force", 2, 2},
			{"2026", "models.citizen.residents.in_force", 2, 2},
			{"2026", "models.citizen.workers.in_force", 0, 0},
			{"2027H1", "models.citizen.residents.in_force", 0, 0},
		} {
			p := period.MustParse(c.p)
			if got := f.value(t, f.commune, p, c.code); got != c.commune {
				t.Errorf("%s %s at the commune: %v, want %v", c.code, c.p, got, c.commune)
			}
			if got := f.value(t, f.hanoi, p, c.code); got != c.province {
				t.Errorf("%s %s at the province: %v, want %v", c.code, c.p, got, c.province)
			}
		}
		if err := models.Revoke(ctx, db, f.tree, f.xa, citizens[0], "khai không đúng", t0); err != nil {
			t.Fatal(err)
		}
		if got := f.value(t, f.hanoi, year2026, "models.citizen.residents.in_force"); got != 1 {
			t.Errorf("after a revocation: %v residents in force, want 1", got)
		}
		if got := f.value(t, f.hanoi, period.MustParse("2027H1"), "models.citizen.residents.in_force"); got != 0 {
			t.Errorf("a revoked title expires once: %v in force in 2027", got)
		}

		// The migration counts the recognitions already stored as
		// Recognise and Revoke did: run again, it doubles every figure.
		if err := db.InTx(ctx, func(tx *store.Tx) error { return inforce.Count(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if got := f.value(t, f.hanoi, year2026, "models.citizen.residents.in_force"); got != 2 {
			t.Errorf("counted again: %v residents in force, want 2", got)
		}
		if got := f.value(t, f.hanoi, period.MustParse("2028"), "models.unit.in_force"); got != 2 {
			t.Errorf("counted again: %v units in force in 2028, want 2", got)
		}
		if got := f.value(t, f.hanoi, period.MustParse("2029"), "models.unit.in_force"); got != 0 {
			t.Errorf("counted again: %v units in force in 2029, want 0", got)
		}
	})
}

// TestTheReportGivesRatesAgainstTheirDenominatorsAndTargets: learning
// citizens against the adults, recognised against registered, and the
// residents' rate against the national target for 2030 (60 %) until Hà
// Nội sets its own (50 %), which only the province's admins may.
func TestTheReportGivesRatesAgainstTheirDenominatorsAndTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.recogniseUnit(t)
		if _, err := aggregate.Import(ctx, db, []aggregate.Row{
			{Line: 2, Period: "2026", Level: "commune", Code: "00004", Indicator: "population.adults", Value: "8"},
			{Line: 3, Period: "2026", Level: "commune", Code: "00004", Indicator: "population.agencies", Value: "4"},
		}, aggregate.Options{Source: "dan-so.csv", Now: t0, By: audit.Actor{Via: audit.ViaCLI}}); err != nil {
			t.Fatal(err)
		}
		build := func() *report.Report {
			t.Helper()
			rep, err := report.Build(ctx, db, units.Ref{Level: units.Province, Code: "01"}, year2026)
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		rep := build()
		for code, want := range map[string]float64{
			"models.citizen.residents.rate": 25, // 2 of 8 adults
			"models.unit.rate":              25, // 1 of 4 agencies
			"models.citizen.recognized_pct": 100,
			"models.unit.recognized_pct":    100,
			"models.citizen.in_force":       2,
		} {
			if v := rep.Indicators[code]; v.Value == nil || *v.Value != want {
				t.Errorf("%s: %+v, want %v", code, v, want)
			}
		}
		target := func(rep *report.Report, code string) report.Progress {
			for _, p := range rep.Targets {
				if p.Code == code {
					return p
				}
			}
			t.Fatalf("no target for %s in %+v", code, rep.Targets)
			return report.Progress{}
		}
		p := target(rep, "models.citizen.residents.rate")
		if p.TargetYear != 2030 || p.Target != 60 || p.Province || p.Reached == nil || *p.Reached != 41.67 {
			t.Errorf("against the national target: %+v", p)
		}
		for _, p := range rep.Targets {
			if p.Code == "models.unit.rate" {
				t.Errorf("the units' national target is of 2025 only, yet 2026 has one: %+v", p)
			}
		}

		if err := models.SetTarget(ctx, db, f.tree, f.province, f.hanoi.ID, "models.citizen.residents.rate", 2030, 50, t0); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a province officer (not admin) sets a target: %v", err)
		}
		if err := models.SetTarget(ctx, db, f.tree, auth.LocalAdmin("quantri"), f.hanoi.ID, "members.ratio", 2030, 50, t0); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a target for an indicator that is not a title's rate: %v", err)
		}
		if err := models.SetTarget(ctx, db, f.tree, auth.LocalAdmin("quantri"), f.hanoi.ID, "models.citizen.residents.rate", 2030, 120, t0); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a target above 100 %%: %v", err)
		}
		if err := models.SetTarget(ctx, db, f.tree, auth.LocalAdmin("quantri"), f.hanoi.ID, "models.citizen.residents.rate", 2030, 50, t0); err != nil {
			t.Fatal(err)
		}
		rep = build()
		p = target(rep, "models.citizen.residents.rate")
		if p.Target != 50 || !p.Province || *p.Reached != 50 {
			t.Errorf("against Hà Nội's own target: %+v", p)
		}
		// The nation keeps the national target.
		nat, err := report.Build(ctx, db, units.Ref{Level: units.Nation}, year2026)
		if err != nil {
			t.Fatal(err)
		}
		if p := target(nat, "models.citizen.residents.rate"); p.Target != 60 || p.Province {
			t.Errorf("the nation: %+v", p)
		}
		doc, err := report.BuildDocument(rep, report.DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := document.WriteText(&b, doc); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(b.String()), " ")
		for _, want := range []string{
			"Đến cuối kỳ có 1 đơn vị đang giữ danh hiệu “Đơn vị học tập” (còn hiệu lực)",
			"Tỉ lệ Công dân học tập trong nhóm Người dân ở xã, phường, đặc khu đạt 25,00%",
			"Tỉ lệ người lớn đạt Công dân học tập năm 2026 là 25,00%, so với chỉ tiêu 50% đến năm 2030 của tỉnh: đạt 50,00% chỉ tiêu",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the report does not say %q:\n%s", want, text)
			}
		}

		// Withdrawn, the province follows the nation again.
		if err := models.SetTarget(ctx, db, f.tree, auth.LocalAdmin("quantri"), f.hanoi.ID, "models.citizen.residents.rate", 2030, 0, t0); err != nil {
			t.Fatal(err)
		}
		if p := target(build(), "models.citizen.residents.rate"); p.Target != 60 || p.Province {
			t.Errorf("withdrawn: %+v", p)
		}
	})
}

// TestAFamilysScoreUsesItsMembersLearningCitizenResults: the family set's
// indicator 2.3 (members recognised as learning citizens) is computed from
// the household's members registered under it, whatever was typed.
func TestAFamilysScoreUsesItsMembersLearningCitizenResults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		fam, err := models.Register(ctx, db, f.tree, f.xa, models.NewRegistration{Title: models.Family, Year: 2026, CommuneID: f.commune.ID,
			Name: "Hộ ông Nguyễn Văn An", Members: []string{"Nguyễn Văn An", "Lê Thị Hoa"}}, t0)
		if err != nil {
			t.Fatal(err)
		}
		fs := setOf(t, db, "family-2021")
		score := func() float64 {
			t.Helper()
			e, err := models.Evaluate(ctx, db, f.tree, f.xa, fam.ID, "", answers(fs, 10), t0)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range e.Answers {
				if a.Code == "2.3" && !strings.Contains(a.Evidence, "Công dân học tập") {
					t.Errorf("the computed answer does not say where it comes from: %+v", a)
				}
			}
			return e.Score.Points["2.3"]
		}
		// No member recognised: 0 points, though 100 % was typed.
		if got := score(); got != 0 {
			t.Errorf("no member recognised: 2.3 gives %v points", got)
		}
		cs := setOf(t, db, "citizen-residents-2023")
		an := f.citizen(t, "Nguyễn Văn An", "", fam.ID)
		if _, err := models.Evaluate(ctx, db, f.tree, f.xa, an.ID, "", answers(cs, 9), t0); err != nil {
			t.Fatal(err)
		}
		if err := models.Verify(ctx, db, f.tree, f.xa, []int64{an.ID}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := models.Recognise(ctx, db, f.tree, f.xa, []int64{an.ID}, models.Decision{Number: "1/QĐ", Date: decided}, t0); err != nil {
			t.Fatal(err)
		}
		if got := score(); got != 5 { // 1 of 2 members: 50 %, the threshold of 5 points
			t.Errorf("one of two members recognised: 2.3 gives %v points, want 5", got)
		}
		// A set file may only compute a number.
		bad := *fs
		bad.Criteria = append([]models.Criterion(nil), fs.Criteria...)
		bad.Criteria[0].Indicators = append([]models.Indicator(nil), fs.Criteria[0].Indicators...)
		bad.Criteria[0].Indicators[1].FromMembers = true
		if err := bad.Check(); err == nil || !strings.Contains(err.Error(), "criteria[0].indicators[1].from_members") {
			t.Errorf("from_members on a scale: %v", err)
		}
	})
}
