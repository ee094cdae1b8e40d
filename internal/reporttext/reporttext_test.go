package reporttext

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx  = context.Background()
	now  = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
	h1   = period.MustParse("2026H1")
	y25  = period.MustParse("2025")
	y26  = period.MustParse("2026")
	ref  = units.Ref{Level: units.Province, Code: "01"}
	cum  = units.Ref{Level: units.Cluster, Code: "1"}
	xaBD = units.Ref{Level: units.Commune, Code: "00004"}
)

// fixture is a database with cluster 1 of 2025 and 2026 (Hà Nội and Bắc
// Ninh), and the people who act: officers and a viewer of Hà Nội, an
// officer of Bắc Ninh, the officer of the commune Ba Đình, an officer of
// Hồ Chí Minh City (outside the cluster) and a nation admin.
type fixture struct {
	db                     *store.DB
	tree                   *units.Tree
	tinh, tinh2, viewer    auth.Principal
	bacninh, xa, hcm, quoc auth.Principal
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, tree: tree}
	at := h1.End()
	unit := func(l units.Level, code string) *units.Unit {
		u, err := tree.Resolve(l, code, at)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	user := func(id int64, email string, role auth.Role, u *units.Unit) auth.Principal {
		return auth.ForUser(tree, auth.User{ID: id, Email: email, Role: role, ScopeUnitID: u.ID}, audit.ViaPage)
	}
	f.tinh = user(1, "tinh@hanoi.vn", auth.Officer, unit(units.Province, "01"))
	f.tinh2 = user(2, "vanphong@hanoi.vn", auth.Officer, unit(units.Province, "01"))
	f.viewer = user(3, "xem@hanoi.vn", auth.Viewer, unit(units.Province, "01"))
	f.bacninh = user(4, "tinh@bacninh.vn", auth.Officer, unit(units.Province, "24"))
	f.xa = user(5, "xa@badinh.vn", auth.Officer, unit(units.Commune, "00004"))
	f.hcm = user(6, "tinh@hcm.vn", auth.Officer, unit(units.Province, "79"))
	f.quoc = user(7, "quantri@khuyenhoc.vn", auth.Admin, tree.Nation())
	rows, err := cluster.Parse(strings.NewReader("year,cluster,name,province\n2025,1,Cụm thi đua số 1,01\n2025,1,Cụm thi đua số 1,24\n"+
		"2026,1,Cụm thi đua số 1,01\n2026,1,Cụm thi đua số 1,24\n"), "cum.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cluster.Import(ctx, db, auth.LocalAdmin("quantri"), rows, cluster.Options{Source: "cum.csv", Now: now}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) save(t *testing.T, by auth.Principal, r units.Ref, p period.Period, edits ...Edit) Set {
	t.Helper()
	s, err := SaveTexts(ctx, f.db, f.tree, by, r, p, edits, now)
	if err != nil {
		t.Fatalf("save %v %v: %v", r, p, err)
	}
	return s
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveKeepsEveryVersionAndRefusesARacedSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		s := f.save(t, f.tinh, ref, h1, Edit{Key: report.SecAdvice, Text: "  Tham mưu Tỉnh ủy ban hành kế hoạch.\r\n\r\nChỉ đạo các xã.  "})
		got := s.Sections[report.SecAdvice]
		if got.Body != "Tham mưu Tỉnh ủy ban hành kế hoạch.\n\nChỉ đạo các xã." || got.Version != 1 || got.By != "tinh@hanoi.vn" || got.Prefilled() {
			t.Fatalf("after the first save: %+v", got)
		}
		// A second officer saves on top of version 1.
		s = f.save(t, f.tinh2, ref, h1, Edit{Key: report.SecAdvice, Text: "Bản thứ hai.", Version: 1},
			Edit{Key: AfterPrefix + "members.total", Text: "Tăng nhờ phát triển chi hội trong trường học."})
		if got := s.Sections[report.SecAdvice]; got.Body != "Bản thứ hai." || got.Version != 2 {
			t.Fatalf("after the second save: %+v", got)
		}
		if got := s.After["members.total"]; got.Version != 1 || got.Body == "" {
			t.Fatalf("sentence after members.total: %+v", got)
		}
		// The first officer, who saw version 1, saves: refused, nothing written,
		// not even the other text of the same save.
		before := f.count(t, "SELECT COUNT(*) FROM report_text_history")
		_, err := SaveTexts(ctx, db, f.tree, f.tinh, ref, h1, []Edit{
			{Key: report.SecPropaganda, Text: "Tuyên truyền."},
			{Key: report.SecAdvice, Text: "Bản của tôi.", Version: 1},
		}, now)
		if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "vanphong@hanoi.vn") || !strings.Contains(err.Error(), "Công tác tham mưu, chỉ đạo") {
			t.Fatalf("raced save: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_text_history"); n != before {
			t.Errorf("a refused save wrote %d history rows", n-before)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_texts WHERE section = ?", report.SecPropaganda); n != 0 {
			t.Errorf("a refused save wrote the other text")
		}
		// The same text again changes nothing, whatever version it names.
		f.save(t, f.tinh, ref, h1, Edit{Key: report.SecAdvice, Text: "Bản thứ hai.", Version: 1})
		hist, err := TextHistory(ctx, db, f.tree, f.viewer, ref, h1, report.SecAdvice)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].Version != 2 || hist[0].Body != "Bản thứ hai." || hist[1].Version != 1 || hist[1].By != "tinh@hanoi.vn" {
			t.Errorf("history: %+v", hist)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = ?", audit.ActionReportTexts); n != 2 {
			t.Errorf("%d audit entries, want one per save that changed something (2)", n)
		}
	})
}

func TestConcurrentFirstSavesOneWinsTheOtherIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = SaveTexts(ctx, db, f.tree, f.tinh, ref, h1, []Edit{{Key: report.SecDirections, Text: strings.Repeat("x", i+1)}}, now)
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch apperr.CodeOf(err) {
			case "":
				won++
			case apperr.Conflict:
			default:
				t.Errorf("save: %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d saves of version 0 succeeded, want 1", won, len(errs))
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_text_history"); n != 1 {
			t.Errorf("%d history rows, want 1", n)
		}
	})
}

func TestPreviousReportsTextsArePrefilledNotSaved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, f.tinh, ref, y25, Edit{Key: report.SecDirections, Text: "Phương hướng năm 2026."},
			Edit{Key: report.SecProposals, Text: "Kiến nghị năm 2025."},
			Edit{Key: AfterPrefix + "fund.raised", Text: "Quỹ tăng nhờ doanh nghiệp."})
		f.save(t, f.tinh, ref, h1, Edit{Key: report.SecProposals, Text: "Kiến nghị 6 tháng đầu năm 2026."})
		rows := f.count(t, "SELECT COUNT(*) FROM report_texts")

		// 2026H1 takes the year-end report of 2025 where it has nothing.
		s, err := Load(ctx, db, f.tree, f.viewer, ref, h1)
		if err != nil {
			t.Fatal(err)
		}
		dir := s.Sections[report.SecDirections]
		if !dir.Prefilled() || dir.From != y25 || dir.Body != "Phương hướng năm 2026." || dir.Version != 0 {
			t.Errorf("directions of 2026H1: %+v", dir)
		}
		if p := s.Sections[report.SecProposals]; p.Prefilled() || p.Body != "Kiến nghị 6 tháng đầu năm 2026." {
			t.Errorf("a text of the period's own is not replaced by the pre-fill: %+v", p)
		}
		if a := s.After["fund.raised"]; !a.Prefilled() {
			t.Errorf("sentence after fund.raised: %+v", a)
		}
		if len(s.Sections) != len(report.TextKeys()) {
			t.Errorf("%d sections, want every key (%d)", len(s.Sections), len(report.TextKeys()))
		}
		// A document takes only what was saved for its period.
		o := s.DocOptions(now)
		if _, ok := o.Texts.Sections[report.SecDirections]; ok || o.Texts.Sections[report.SecProposals] == "" || len(o.Texts.After) != 0 {
			t.Errorf("document options: %+v", o.Texts)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_texts"); n != rows {
			t.Errorf("loading wrote %d texts", n-rows)
		}
		// Saving the pre-fill (version 0) makes it the period's own.
		s = f.save(t, f.tinh, ref, h1, Edit{Key: report.SecDirections, Text: dir.Body, Version: 0})
		if d := s.Sections[report.SecDirections]; d.Prefilled() || d.Version != 1 {
			t.Errorf("after saving the pre-fill: %+v", d)
		}
		// The year-end report of 2026 takes its half-year report.
		s, err = Load(ctx, db, f.tree, f.viewer, ref, y26)
		if err != nil {
			t.Fatal(err)
		}
		if p := s.Sections[report.SecProposals]; !p.Prefilled() || p.From != h1 || p.Body != "Kiến nghị 6 tháng đầu năm 2026." {
			t.Errorf("proposals of 2026: %+v", p)
		}
		// An emptied pre-fill is saved empty: the section has nothing this
		// period, and the pre-fill is no longer offered.
		s = f.save(t, f.tinh, ref, y26, Edit{Key: report.SecDirections, Text: ""})
		if d := s.Sections[report.SecDirections]; d.Prefilled() || d.Body != "" || d.Version != 1 {
			t.Errorf("an emptied pre-fill: %+v", d)
		}
		// A cleared text stays cleared: no pre-fill comes back.
		s = f.save(t, f.tinh, ref, y26, Edit{Key: report.SecProposals, Text: "x"})
		s = f.save(t, f.tinh, ref, y26, Edit{Key: report.SecProposals, Text: "", Version: 1})
		if p := s.Sections[report.SecProposals]; p.Prefilled() || p.Body != "" || p.Version != 2 {
			t.Errorf("a cleared text: %+v", p)
		}
	})
}

func TestLetterheadCarriesForwardWithoutItsNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		lh := report.Letterhead{Issuer: "HỘI KHUYẾN HỌC  THÀNH PHỐ HÀ NỘI", Number: "45/BC-KH", Place: "Hà Nội",
			Recipients: []string{"Hội Khuyến học Việt Nam (để b/c);\nThường trực Thành ủy (để b/c);", "  "},
			OnBehalf:   "TM. BAN THƯỜNG VỤ", SignerTitle: "CHỦ TỊCH", SignerName: "Nguyễn Văn A"}
		s, err := SaveLetterhead(ctx, db, f.tree, f.tinh, ref, y25, lh, 0, now)
		if err != nil {
			t.Fatal(err)
		}
		got := s.Letterhead
		if got.Issuer != "HỘI KHUYẾN HỌC THÀNH PHỐ HÀ NỘI" || len(got.Recipients) != 2 || got.Version != 1 || got.Prefilled() {
			t.Fatalf("saved letterhead: %+v", got)
		}
		s, err = Load(ctx, db, f.tree, f.viewer, ref, h1)
		if err != nil {
			t.Fatal(err)
		}
		got = s.Letterhead
		if !got.Prefilled() || got.From != y25 || got.Number != "" || got.SignerName != "Nguyễn Văn A" || got.Version != 0 {
			t.Errorf("letterhead of 2026H1: %+v", got)
		}
		if o := s.DocOptions(now); o.Letterhead.SignerName != "Nguyễn Văn A" || o.Letterhead.Number != "" {
			t.Errorf("the document's letterhead: %+v", o.Letterhead)
		}
		// Two people save the 2025 letterhead from version 1: the second is refused.
		lh.SignerName = "Trần Thị B"
		if _, err := SaveLetterhead(ctx, db, f.tree, f.tinh2, ref, y25, lh, 1, now); err != nil {
			t.Fatal(err)
		}
		lh.SignerName = "Lê Văn C"
		if _, err := SaveLetterhead(ctx, db, f.tree, f.tinh, ref, y25, lh, 1, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("raced letterhead save: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_letterhead_history"); n != 2 {
			t.Errorf("%d letterhead history rows, want 2", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = ?", audit.ActionReportLetterhead); n != 2 {
			t.Errorf("%d letterhead audit entries, want 2", n)
		}
		// Too many recipients, a field too long.
		many := report.Letterhead{Recipients: make([]string, MaxRecipients+1)}
		for i := range many.Recipients {
			many.Recipients[i] = "Nơi nhận"
		}
		if _, err := SaveLetterhead(ctx, db, f.tree, f.tinh, ref, h1, many, 0, now); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "nơi nhận") {
			t.Errorf("too many recipients: %v", err)
		}
		long := report.Letterhead{SignerName: strings.Repeat("A", MaxLetterheadField+1)}
		if _, err := SaveLetterhead(ctx, db, f.tree, f.tinh, ref, h1, long, 0, now); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "Họ và tên người ký") {
			t.Errorf("a name too long: %v", err)
		}
	})
}

func TestGatherNamesEachProvinceInCodeOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.save(t, f.bacninh, units.Ref{Level: units.Province, Code: "24"}, h1, Edit{Key: report.SecAdvice, Text: "Bắc Ninh tham mưu."})
		f.save(t, f.tinh, ref, h1, Edit{Key: report.SecAdvice, Text: "Hà Nội tham mưu.\n\nĐoạn hai."},
			Edit{Key: report.SecFund, Text: "Quỹ Hà Nội."})
		got, err := Gather(ctx, db, f.tree, f.bacninh, cum, h1)
		if err != nil {
			t.Fatal(err)
		}
		want := "Thành phố Hà Nội: Hà Nội tham mưu.\n\nĐoạn hai.\n\nTỉnh Bắc Ninh: Bắc Ninh tham mưu."
		if got[report.SecAdvice] != want {
			t.Errorf("gathered advice:\n%s\nwant\n%s", got[report.SecAdvice], want)
		}
		if got[report.SecFund] != "Thành phố Hà Nội: Quỹ Hà Nội." || len(got) != 2 {
			t.Errorf("gathered: %q", got)
		}
		// The secretary edits and saves it as the cluster's own.
		s := f.save(t, f.bacninh, cum, h1, Edit{Key: report.SecAdvice, Text: "Các tỉnh trong cụm đã tham mưu."})
		if s.Name != "Cụm thi đua số 1" || s.Sections[report.SecAdvice].Version != 1 {
			t.Errorf("the cluster's texts: %+v", s)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_texts WHERE unit_id IS NULL AND cluster = '1'"); n != 1 {
			t.Errorf("%d cluster texts stored, want 1", n)
		}
		if _, err := Gather(ctx, db, f.tree, f.tinh, ref, h1); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("gather for a province: %v", err)
		}
		if _, err := Gather(ctx, db, f.tree, f.hcm, cum, h1); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("gather by a province outside the cluster: %v", err)
		}
	})
}

func TestScopeRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		edit := []Edit{{Key: report.SecAdvice, Text: "Nội dung."}}
		for _, c := range []struct {
			name string
			by   auth.Principal
			ref  units.Ref
			want apperr.Code
		}{
			{"a viewer writes their province", f.viewer, ref, apperr.Forbidden},
			{"another province writes Hà Nội", f.hcm, ref, apperr.NotFound},
			{"a commune writes its province", f.xa, ref, apperr.NotFound},
			{"a province outside the cluster writes it", f.hcm, cum, apperr.NotFound},
			{"a viewer of a member province writes the cluster", f.viewer, cum, apperr.Forbidden},
			{"a province writes the nation", f.tinh, units.Ref{Level: units.Nation}, apperr.NotFound},
		} {
			if _, err := SaveTexts(ctx, db, f.tree, c.by, c.ref, h1, edit, now); apperr.CodeOf(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
			if _, err := SaveLetterhead(ctx, db, f.tree, c.by, c.ref, h1, report.Letterhead{Place: "Hà Nội"}, 0, now); apperr.CodeOf(err) != c.want {
				t.Errorf("%s (letterhead): %v, want %s", c.name, err, c.want)
			}
		}
		if _, err := Load(ctx, db, f.tree, f.hcm, ref, h1); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another province reads Hà Nội: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM report_texts") + f.count(t, "SELECT COUNT(*) FROM report_letterheads"); n != 0 {
			t.Errorf("refused saves wrote %d rows", n)
		}
		// Those inside: the province writes a commune below it, the commune
		// its own, a member province and the nation the cluster.
		f.save(t, f.tinh, xaBD, h1, edit...)
		f.save(t, f.xa, xaBD, h1, Edit{Key: report.SecAdvice, Text: "Của xã.", Version: 1})
		f.save(t, f.bacninh, cum, h1, edit...)
		f.save(t, f.quoc, cum, h1, Edit{Key: report.SecAdvice, Text: "Của trung ương.", Version: 1})
		f.save(t, f.quoc, units.Ref{Level: units.Nation}, y25, edit...)
		// A commune does not see its province's texts as a pre-fill either.
		f.save(t, f.tinh, ref, y25, edit...)
		if _, err := Load(ctx, db, f.tree, f.xa, ref, h1); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a commune reads its province: %v", err)
		}
	})
}

func TestBadInputIsRefusedInVietnamese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for _, c := range []struct {
			name  string
			p     period.Period
			edits []Edit
			want  string
		}{
			{"unknown key", h1, []Edit{{Key: "summary", Text: "x"}}, `không có phần "summary"`},
			{"unknown indicator", h1, []Edit{{Key: AfterPrefix + "members.bogus", Text: "x"}}, `không có chỉ tiêu "members.bogus"`},
			{"too long", h1, []Edit{{Key: report.SecDirections, Text: strings.Repeat("ả", MaxText+1)}}, "phần «Phương hướng, nhiệm vụ» dài 20001 ký tự, quá giới hạn 20000 ký tự"},
			{"control character", h1, []Edit{{Key: report.SecFund, Text: "a\x00b"}}, "ký tự không hợp lệ"},
			{"not UTF-8", h1, []Edit{{Key: report.SecFund, Text: "a\xffb"}}, "ký tự không hợp lệ"},
			{"negative version", h1, []Edit{{Key: report.SecFund, Text: "a", Version: -1}}, "phiên bản -1"},
			{"nothing", h1, nil, "không có phần nào để lưu"},
			{"second half", period.MustParse("2026H2"), []Edit{{Key: report.SecFund, Text: "a"}}, "báo cáo tổng kết năm 2026 đã bao gồm 6 tháng cuối năm; hãy chọn kỳ cả năm 2026"},
			{"quarter", period.MustParse("2026Q1"), []Edit{{Key: report.SecFund, Text: "a"}}, "không có văn bản báo cáo cho quý I năm 2026: chỉ có báo cáo sơ kết 6 tháng đầu năm 2026 và báo cáo tổng kết năm 2026"},
		} {
			_, err := SaveTexts(ctx, db, f.tree, f.tinh, ref, c.p, c.edits, now)
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want Invalid with %q", c.name, err, c.want)
			}
		}
		// The longest text allowed is saved whole.
		long := strings.Repeat("ả", MaxText)
		s := f.save(t, f.tinh, ref, h1, Edit{Key: report.SecDirections, Text: long})
		if s.Sections[report.SecDirections].Body != long {
			t.Error("the longest text allowed was not kept whole")
		}
		if _, err := Load(ctx, db, f.tree, f.tinh, ref, period.MustParse("2026H2")); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("load of 2026H2: %v", err)
		}
		// Options of a period without a document: only today, no error.
		o, err := Options(ctx, db, f.tree, f.tinh, ref, period.MustParse("2026H2"), now)
		if err != nil || !o.Today.Equal(now) || len(o.Texts.Sections) != 0 {
			t.Errorf("options of 2026H2: %+v, %v", o, err)
		}
	})
}
