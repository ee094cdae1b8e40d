package models_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestSelfAssessmentsWrittenInGroupsStandOrFailEachAlone holds the
// database (SQLite's write lock; on PostgreSQL the figures lock of 2026)
// while 40 self-assessments arrive, so that they queue and are written in
// groups (models' group commit): new citizens, replacements of unverified
// submissions, and submissions of a CCCD whose registration was verified,
// all mixed. Each refused one fails alone with its conflict and leaves
// nothing; every other is stored with its evaluation and its audit entry,
// and the counts from records add up to the registrations.
func TestSelfAssessmentsWrittenInGroupsStandOrFailEachAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		set := setOf(t, db, "citizen-residents-2023")
		communes := f.tree.Children(f.hanoi.ID, t0)[:4]
		in := func(c *units.Unit, cccd string) models.SelfAssessment {
			return models.SelfAssessment{CommuneID: c.ID, TargetGroup: models.GroupResidents, Name: "Nguyễn Thị Hoa", CCCD: cccd, Answers: answers(set, 9)}
		}
		// Two earlier submissions: one to replace, one verified since.
		for _, cccd := range []string{"001190000001", "001190000002"} {
			if _, err := models.SelfAssess(ctx, db, f.tree, in(communes[0], cccd), t0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(ctx, "UPDATE model_registrations SET status = ? WHERE cccd = ?", models.StatusVerified, "001190000002"); err != nil {
			t.Fatal(err)
		}

		undone := models.SelfGroupsUndone()
		blocker, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer blocker.Rollback()
		if err := blocker.LockKeys(ctx, "figures", []int64{2026}); err != nil {
			t.Fatal(err)
		}
		const n = 40
		errs := make([]error, n)
		replaced := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			cccd := fmt.Sprintf("0011902%05d", i) // new
			switch i % 8 {
			case 3:
				cccd = "001190000002" // verified: refused
			case 5:
				cccd = "001190000001" // unverified: replaced
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				var res models.SelfResult
				res, errs[i] = models.SelfAssess(ctx, db, f.tree, in(communes[i%len(communes)], cccd), t0.Add(time.Duration(i)*time.Second))
				replaced[i] = res.Replaced
			}()
		}
		// The first (on PostgreSQL the first few) are being written,
		// waiting for the blocker; the others queue behind them.
		waiting := n - 1
		if db.Dialect == store.Postgres {
			waiting = n - models.SelfGroups
		}
		for models.SelfWaiting(db) < waiting {
			time.Sleep(time.Millisecond)
		}
		if err := blocker.Commit(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		// The refused ones were undone to their savepoints inside their
		// groups: no group fell back to writing its submissions alone
		// (which would give the same outcome below).
		if n := models.SelfGroupsUndone() - undone; n != 0 {
			t.Errorf("%d groups failed and were written one by one", n)
		}

		ok, news := 0, 0
		for i, err := range errs {
			switch {
			case i%8 == 3:
				if apperr.CodeOf(err) != apperr.Conflict {
					t.Errorf("submission %d of a verified CCCD: %v, want a conflict", i, err)
				}
			case err != nil:
				t.Errorf("submission %d: %v", i, err)
			default:
				ok++
				if i%8 != 5 {
					news++
					if replaced[i] {
						t.Errorf("submission %d of a new citizen says it replaced one", i)
					}
				} else if !replaced[i] {
					t.Errorf("submission %d of an unverified CCCD does not say it replaced it", i)
				}
			}
		}
		var regs, evals, audits, recorded int
		for q, dst := range map[string]*int{
			"SELECT COUNT(*) FROM model_registrations":                                                        &regs,
			"SELECT COUNT(*) FROM model_evaluations":                                                          &evals,
			"SELECT COUNT(*) FROM audit_log WHERE action = '" + models.ActionSelfAssess + "'":                 &audits,
			"SELECT COALESCE(SUM(delta), 0) FROM record_totals WHERE indicator = 'models.citizen.registered'": &recorded,
		} {
			if err := db.QueryRow(ctx, q).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		if regs != 2+news || recorded != regs || evals != 2+ok || audits != 2+ok {
			t.Errorf("%d submissions stored (%d new): %d registrations, %d counted from records, %d evaluations, %d audit entries; want %d, %d, %d, %d",
				ok, news, regs, recorded, evals, audits, 2+news, 2+news, 2+ok, 2+ok)
		}
	})
}
