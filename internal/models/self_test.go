package models_test

import (
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestSelfAssessmentRefusesACommuneThatNoLongerExistsAndABadCCCD: a
// commune abolished on 1 July 2025 and a CCCD of the wrong length are
// refused with a clear message, and nothing is stored.
func TestSelfAssessmentRefusesACommuneThatNoLongerExistsAndABadCCCD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var old *units.Unit
		for _, c := range f.tree.All(units.Commune, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)) {
			if c.ValidTo.Before(units.ReformDate) {
				old = c
				break
			}
		}
		if old == nil {
			t.Fatal("no commune ended before the reform")
		}
		set := setOf(t, db, "citizen-residents-2023")
		in := models.SelfAssessment{CommuneID: old.ID, TargetGroup: models.GroupResidents, Name: "Nguyễn Thị Hoa", CCCD: "001190012345",
			Answers: answers(set, 9)}
		if _, err := models.SelfAssess(ctx, db, f.tree, in, t0); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "theo danh mục mới từ 01/07/2025") {
			t.Errorf("an abolished commune (%s): %v", old.FullName(), err)
		}
		in.CommuneID, in.CCCD = f.commune.ID, "0011900123"
		if _, err := models.SelfAssess(ctx, db, f.tree, in, t0); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "12 chữ số") {
			t.Errorf("a CCCD of 10 digits: %v", err)
		}
		if n := count(t, db, "model_registrations"); n != 0 {
			t.Errorf("refused self-assessments stored %d registrations", n)
		}
	})
}

// TestASelfAssessmentSentAgainFromAnotherCommuneMovesItsCount: a citizen
// who submits again, unverified, from another commune replaces the first
// registration, which moves there, and the counts from records move with
// it, on the day first registered: the first commune counts 0, the other 1.
func TestASelfAssessmentSentAgainFromAnotherCommuneMovesItsCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		set := setOf(t, db, "citizen-residents-2023")
		communes := f.tree.Children(f.hanoi.ID, t0)[:2]
		in := models.SelfAssessment{CommuneID: communes[0].ID, TargetGroup: models.GroupResidents, Name: "Nguyễn Thị Hoa", CCCD: "001190012345",
			Answers: answers(set, 9)}
		if res, err := models.SelfAssess(ctx, db, f.tree, in, t0); err != nil || res.Replaced {
			t.Fatalf("first submission: %+v, %v", res, err)
		}
		in.CommuneID = communes[1].ID
		later := t0.Add(48 * time.Hour)
		if res, err := models.SelfAssess(ctx, db, f.tree, in, later); err != nil || !res.Replaced {
			t.Fatalf("second submission from another commune: %+v, %v; want it to replace the first", res, err)
		}
		if n := count(t, db, "model_registrations"); n != 1 {
			t.Errorf("%d registrations, want 1", n)
		}
		for i, want := range []int64{0, 1} {
			var got int64
			var days int
			if err := db.QueryRow(ctx, "SELECT COALESCE(SUM(delta), 0), COUNT(DISTINCT day) FROM record_totals WHERE unit_id = ? AND indicator = 'models.citizen.registered'",
				communes[i].ID).Scan(&got, &days); err != nil {
				t.Fatal(err)
			}
			if got != want || days != 1 {
				t.Errorf("%s: registered %d on %d days, want %d on one day", communes[i].Name, got, days, want)
			}
		}
		var days int
		if err := db.QueryRow(ctx, "SELECT COUNT(DISTINCT day) FROM record_totals WHERE indicator = 'models.citizen.registered'").Scan(&days); err != nil {
			t.Fatal(err)
		}
		if days != 1 {
			t.Errorf("the registration's counts fall on %d days, want the day first registered only", days)
		}
	})
}
