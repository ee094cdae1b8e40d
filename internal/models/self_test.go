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
