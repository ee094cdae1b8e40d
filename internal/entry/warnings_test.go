package entry

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// withLastHalfYear stores the commune's figures of 2025H2 (the period
// before h1): 10.000 people and 2.000 members.
func withLastHalfYear(t *testing.T, f fixture) {
	t.Helper()
	rows := []aggregate.Row{
		{Line: 2, Period: "2025H2", Level: "commune", Code: f.commune.Code, Indicator: "population.total", Value: "10000"},
		{Line: 3, Period: "2025H2", Level: "commune", Code: f.commune.Code, Indicator: "members.total", Value: "2000"},
	}
	if _, err := aggregate.Import(ctx, f.db, rows, aggregate.Options{Source: "truoc.csv", Actor: "test", Now: t0}); err != nil {
		t.Fatal(err)
	}
}

func keysOf(ws []Warning) string {
	var keys []string
	for _, w := range ws {
		keys = append(keys, w.Key)
	}
	return strings.Join(keys, " ")
}

func TestSubmitRefusedUntilEveryWarningIsExplained(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		withLastHalfYear(t, f)
		if _, err := auth.CreateUser(ctx, db, auth.NewUser{Email: "xa@badinh.vn", Name: "Nguyễn Thị Lan", Role: auth.Officer,
			ScopeUnitID: f.commune.ID, Password: "mat-khau-thu-nghiem"}, t0); err != nil {
			t.Fatal(err)
		}
		f.save(t, map[string]string{"members.total": "200000"}, t0)

		form := f.load(t)
		if got := keysOf(form.Warnings); got != "above:members.total change:members.total" {
			t.Fatalf("warnings %q", got)
		}
		if w := form.Warnings[0]; !strings.Contains(w.Message, "Phường Ba Đình, 6 tháng đầu năm 2026: Số hội viên (200.000) nhiều hơn Dân số (10.000, số của 6 tháng cuối năm 2025), bằng 2.000,00% dân số.") {
			t.Errorf("the warning reads %q", w.Message)
		}

		err := Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0)
		var un Unexplained
		if !errors.As(err, &un) || apperr.CodeOf(err) != apperr.Invalid || len(un.Warnings) != 2 ||
			!strings.Contains(err.Error(), "chưa gửi được số liệu của Phường Ba Đình, 6 tháng đầu năm 2026: còn 2 cảnh báo chưa có giải thích") {
			t.Fatalf("submitting without explanations: %v", err)
		}
		if s := f.load(t).Status; s != StatusDraft {
			t.Errorf("a refused submission left the form %s", s)
		}

		must(t, Explain(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"above:members.total": "  tính cả hội viên các trường  "}, t0))
		err = Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0)
		if !errors.As(err, &un) || len(un.Warnings) != 1 || un.Warnings[0].Key != "change:members.total" {
			t.Fatalf("submitting with one of two explanations: %v", err)
		}

		must(t, Explain(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"change:members.total": "sáp nhập ba xã"}, t0))
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0))
		form = f.load(t)
		if form.Status != StatusSubmitted || form.SubmittedWarnings != 2 {
			t.Errorf("after submitting: status %s, %d warnings", form.Status, form.SubmittedWarnings)
		}
		if w := form.Warnings[0]; w.Explanation != "tính cả hội viên các trường" || w.ExplainedBy != "xa@badinh.vn" || !w.ExplainedAt.Equal(t0) {
			t.Errorf("the explanation kept: %+v", w)
		}

		// The approver's queue names the sender and counts the warnings.
		waiting, err := AwaitingApproval(ctx, db, f.tree, f.tinh)
		if err != nil {
			t.Fatal(err)
		}
		if len(waiting) != 1 || waiting[0].ByName != "Nguyễn Thị Lan" || waiting[0].Warnings != 2 {
			t.Errorf("awaiting approval: %+v", waiting)
		}

		// Explanations are history: in the audit log with their warning.
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND detail LIKE ?`,
			audit.ActionEntryExplain, "%giải thích: sáp nhập ba xã").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d audit entries of the explanation", n)
		}

		// A submitted form's explanations are locked like its figures.
		err = Explain(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"change:members.total": "khác"}, t0)
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("explaining a submitted form: %v", err)
		}
	})
}

func TestExplainRefusesUnknownWarningAndLongText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		withLastHalfYear(t, f)
		f.save(t, map[string]string{"members.total": "200000"}, t0)
		for _, texts := range []map[string]string{
			{"members.total": "x"},
			{"bigger:members.total": "x"},
			{"change:members.ttl": "x"},
			{"change:members.total": strings.Repeat("dài ", 300)},
		} {
			if err := Explain(ctx, db, f.tree, f.xa, f.commune.ID, h1, texts, t0); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("Explain(%.40v) = %v, want Invalid", texts, err)
			}
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM submission_explanations`).Scan(&n); err != nil || n != 0 {
			t.Errorf("refused explanations stored: %d, %v", n, err)
		}
	})
}

func TestCorrectedFigureNeedsNoExplanation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		withLastHalfYear(t, f)
		f.save(t, map[string]string{"members.total": "20000"}, t0)
		if got := keysOf(f.load(t).Warnings); got != "above:members.total change:members.total" {
			t.Fatalf("warnings %q", got)
		}
		// The officer finds the extra zero: the warnings go, and so does
		// the need to explain them.
		f.save(t, map[string]string{"members.total": "2000"}, t0)
		if ws := f.load(t).Warnings; len(ws) != 0 {
			t.Errorf("warnings after the correction: %+v", ws)
		}
		// An explanation of a warning no longer raised is not stored.
		must(t, Explain(ctx, db, f.tree, f.xa, f.commune.ID, h1, map[string]string{"change:members.total": "thừa số 0"}, t0))
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0))
		if form := f.load(t); form.SubmittedWarnings != 0 {
			t.Errorf("submitted with %d warnings", form.SubmittedWarnings)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM submission_explanations`).Scan(&n); err != nil || n != 0 {
			t.Errorf("explanations stored: %d, %v", n, err)
		}
	})
}

// TestSecondHalfYearRecognitionsCountTheFirstHalfYearsRegistrations: the
// families registered in 2026H1 (stored) and recognised in 2026H2 raise no
// warning on the 2026H2 form; recognising more than the year's
// registrations does, with the year's figures.
func TestSecondHalfYearRecognitionsCountTheFirstHalfYearsRegistrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		h2 := period.MustParse("2026H2")
		importRows(t, db,
			aggregate.Row{Period: "2026H1", Level: "commune", Code: f.commune.Code, Indicator: "models.family.registered", Value: "120"},
			aggregate.Row{Period: "2026H1", Level: "commune", Code: f.commune.Code, Indicator: "models.family.recognized", Value: "0"})
		late := time.Date(2027, 1, 5, 8, 0, 0, 0, time.UTC)
		must(t, SaveDraft(ctx, db, f.tree, f.xa, f.commune.ID, h2,
			map[string]string{"models.family.registered": "0", "models.family.recognized": "100"}, late))
		form, err := Load(ctx, db, f.tree, f.commune.ID, h2)
		must(t, err)
		if got := keysOf(form.Warnings); got != "" {
			t.Errorf("recognitions of the first half-year's registrations warn: %q", got)
		}
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h2, late))

		// Over the year's registrations, it warns with the year's figures.
		must(t, Return(ctx, db, f.tree, f.tinh, f.commune.ID, h2, "sửa lại", late))
		must(t, SaveDraft(ctx, db, f.tree, f.xa, f.commune.ID, h2, map[string]string{"models.family.recognized": "130"}, late))
		form, err = Load(ctx, db, f.tree, f.commune.ID, h2)
		must(t, err)
		if len(form.Warnings) != 1 || form.Warnings[0].Key != "above:models.family.recognized" ||
			!strings.Contains(form.Warnings[0].Message, "(130, cộng dồn từ đầu năm 2026) nhiều hơn Số gia đình đăng ký Gia đình học tập (120, cộng dồn từ đầu năm 2026)") {
			t.Errorf("warnings %+v", form.Warnings)
		}
	})
}
