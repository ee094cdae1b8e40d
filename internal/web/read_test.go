package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// pageNow is the clock of the page tests: early 2027, so that the latest
// half-year with data is 2026H2 and its comparison 2025H2, both after the
// reform (province:66 is the merged Đắk Lắk, province:52 the merged Gia Lai).
var pageNow = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)

// pageWorld is a server with figures for two communes of Đắk Lắk and one of
// Gia Lai, clusters 1 (Đắk Lắk and another) and 2 (Gia Lai and another),
// and signed-in browsers by user: admin (nation), dl and gl (province
// officers), dlcomm (a viewer of one commune of Đắk Lắk).
type pageWorld struct {
	t        *testing.T
	db       *store.DB
	h        http.Handler
	cookie   map[string]string
	commA    *units.Unit // Đắk Lắk's first commune
	commB    *units.Unit // its second
	glComm   *units.Unit
	clusterA string // cluster holding province 66
	clusterB string // cluster holding province 52
}

func newPageWorld(t *testing.T, db *store.DB) *pageWorld {
	t.Helper()
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	at := units.Day(pageNow)
	w := &pageWorld{t: t, db: db, cookie: map[string]string{}, clusterA: "1", clusterB: "2"}
	dl, err := tree.Resolve(units.Province, "66", at)
	if err != nil {
		t.Fatal(err)
	}
	gl, err := tree.Resolve(units.Province, "52", at)
	if err != nil {
		t.Fatal(err)
	}
	dlComms := tree.Within(units.Commune, dl.ID, at)
	glComms := tree.Within(units.Commune, gl.ID, at)
	if len(dlComms) < 2 || len(glComms) < 1 {
		t.Fatal("provinces 66 and 52 need communes")
	}
	w.commA, w.commB, w.glComm = dlComms[0], dlComms[1], glComms[0]

	importTestClusters(t, db, tree, pageNow, "Cụm thi đua số 1 – Tây Nguyên", "Cụm thi đua số 2 – Gia Lai")
	var rows []aggregate.Row
	add := func(p string, u *units.Unit, ind, v string) {
		rows = append(rows, aggregate.Row{Line: len(rows) + 2, Period: p, Level: string(u.Level), Code: u.Code, Indicator: ind, Value: v})
	}
	add("2025H2", w.commA, "members.total", "1000")
	add("2026H2", w.commA, "members.total", "1234")
	add("2026H2", w.commA, "population.total", "10000")
	add("2026H2", w.commA, "fund.raised", "1234567")
	add("2026H2", w.commB, "members.total", "2000")
	add("2026H2", w.commB, "population.total", "10000")
	add("2026H2", w.glComm, "members.total", "500")
	if _, err := aggregate.Import(ctx, db, rows, aggregate.Options{Source: "seed.csv", Actor: "test", Now: pageNow}); err != nil {
		t.Fatal(err)
	}
	users := []struct {
		key   string
		role  auth.Role
		scope *units.Unit
	}{
		{"admin", auth.Admin, tree.Nation()},
		{"dl", auth.Officer, dl},
		{"gl", auth.Officer, gl},
		{"dlcomm", auth.Viewer, w.commA},
	}
	for _, u := range users {
		usr := createTestUser(t, db, u.key+"@test.vn", "Cán bộ "+u.key, u.role, u.scope, pageNow)
		if w.cookie[u.key], _, err = auth.CreateSession(ctx, db, usr.ID, pageNow); err != nil {
			t.Fatal(err)
		}
	}
	w.h = testHandler(t, db, pageNow)
	return w
}

// get fetches target in the browser of user ("" for nobody).
func (w *pageWorld) get(user, target string) *httptest.ResponseRecorder {
	w.t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "kh_session", Value: w.cookie[user]})
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// page fetches target and wants status; it returns the text of the page
// with HTML entities decoded (html/template writes + as &#43;).
func (w *pageWorld) page(user, target string, status int) string {
	w.t.Helper()
	rec := w.get(user, target)
	if rec.Code != status {
		w.t.Fatalf("%s as %s: status %d, want %d\n%s", target, user, rec.Code, status, rec.Body)
	}
	return html.UnescapeString(rec.Body.String())
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, s := range wants {
		if !strings.Contains(text, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// csrfValue matches the session's random CSRF token in a page, which could
// contain any digits: figures are looked for outside it.
var csrfValue = regexp.MustCompile(`name="csrf" value="[^"]*"`)

func mustNotContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	text = csrfValue.ReplaceAllString(text, `name="csrf"`)
	for _, s := range wants {
		if strings.Contains(text, s) {
			t.Errorf("%s has %q", what, s)
		}
	}
}

func TestDashboardShowsLatestFiguresWithSamePeriodComparison(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		body := w.page("dl", "/", 200)
		mustContain(t, "dashboard", body,
			"Tỉnh Đắk Lắk", "6 tháng cuối năm 2026", "so với cùng kỳ 6 tháng cuối năm 2025",
			"Số hội viên", "3.234", "+2.234 (+223,40%)", "Cùng kỳ năm trước: 1.000",
			"Tỉ lệ hội viên/dân số", "16,17%", "1.234.567 đồng",
			w.commA.Name, w.commB.Name, `class="sortable pinned"`,
			"/static/vendor/uplot/uPlot.iife.min.js", "/static/app.js")

		// The trend's data is JSON in the page: six half-years ending with
		// the period shown. The children are ranked as bars in the page.
		m := regexp.MustCompile(`(?s)<script type="application/json" id="chart-data">(.*?)</script>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no chart data")
		}
		var chart struct {
			Trend struct{ Values []*float64 }
		}
		if err := json.Unmarshal([]byte(m[1]), &chart); err != nil {
			t.Fatalf("chart data: %v\n%s", err, m[1])
		}
		if n := len(chart.Trend.Values); n != 6 || chart.Trend.Values[5] == nil || *chart.Trend.Values[5] != 3234 ||
			chart.Trend.Values[3] == nil || *chart.Trend.Values[3] != 1000 {
			t.Errorf("trend %v", chart.Trend.Values)
		}
		bars := regexp.MustCompile(`(?s)<figure class="bars">.*?</figure>`).FindString(body)
		mustContain(t, "children's bars", bars, w.commA.Name, w.commB.Name, `<rect width="100%"`)
	})
}

func TestDashboardOfAChildUnitAndIndicator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		body := w.page("dl", "/?unit="+w.commA.Ref()+"&period=2026H2&indicator=fund.raised", 200)
		mustContain(t, "commune dashboard", body, w.commA.FullName(), "1.234", "+234 (+23,40%)", "12,34%",
			"Diễn biến qua các kỳ: Quỹ khuyến học huy động")
		// The commune's own viewer lands on it by default.
		body = w.page("dlcomm", "/", 200)
		mustContain(t, "viewer dashboard", body, w.commA.FullName(), "1.234")
	})
}

func TestReadPagesRefuseUnitsOutsideTheScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, c := range []struct{ user, target string }{
			{"dl", "/?unit=province:52"},
			{"dl", "/?unit=" + w.glComm.Ref()},
			{"dlcomm", "/?unit=" + w.commB.Ref()},
			{"dlcomm", "/?unit=province:66"},
			{"dl", "/units/province:52"},
			{"dl", "/units/" + w.glComm.Ref()},
			{"gl", "/units/province:66?at=2024-01-01"}, // the old Đắk Lắk
			{"dl", "/report?scope=province:52&period=2026H2"},
			{"dl", "/report?scope=nation&period=2026H2"},
			{"dl", "/report.json?scope=province:52&period=2026H2"},
			{"dl", "/report.csv?scope=" + w.glComm.Ref() + "&period=2026H2"},
			{"dl", "/report?scope=cluster:" + w.clusterB + "&period=2026H2"},
			{"dl", "/clusters/" + w.clusterB + "?year=2026"},
			{"dlcomm", "/clusters/" + w.clusterA + "?year=2026"},
		} {
			rec := w.get(c.user, c.target)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s as %s: status %d, want 404", c.target, c.user, rec.Code)
			}
			// The refusal does not show the other unit's figures.
			mustNotContain(t, c.target, rec.Body.String(), "500", "2.000")
		}
	})
}

func TestReadPagesRejectBadQueryValuesInVietnamese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, c := range []struct{ target, want string }{
			{"/?period=2026X", "không nhận ra kỳ báo cáo «2026X» trong địa chỉ trang"},
			{"/?indicator=members.nope", "không có chỉ tiêu \"members.nope\""},
			{"/?unit=tinh:66", "không nhận ra đơn vị «tinh:66» trong địa chỉ trang"},
			{"/?unit=cluster:1", "không nhận ra đơn vị «cluster:1»"},
			{"/?period=2024H1", "không tồn tại vào ngày"}, // before the merged province existed
			{"/units/province:66?at=2026-13-01", "ngày \"2026-13-01\" không hợp lệ"},
			{"/report?scope=province:66&period=2026H3", "không nhận ra kỳ báo cáo «2026H3»"},
			{"/report.json?scope=province:66&period=abc", "không nhận ra kỳ báo cáo «abc»"},
			{"/clusters?year=hai", "năm \"hai\" không hợp lệ"},
			{"/clusters/1?year=2026&indicator=zzz", "không có chỉ tiêu"},
			{"/clusters/1?year=2026&period=2025H2", "không thuộc năm 2026"},
		} {
			body := w.page("dl", c.target, http.StatusBadRequest)
			mustContain(t, c.target, body, c.want, vi.UI["error.title"])
		}
	})
}

func TestReadPagesSendStrangersToSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, target := range []string{"/", "/units", "/units/province:66", "/report", "/report.json", "/report.csv", "/clusters", "/clusters/1"} {
			rec := w.get("", target)
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login?next=") {
				t.Errorf("%s: %d %s", target, rec.Code, rec.Header().Get("Location"))
			}
		}
	})
}

func TestUnitSearchIgnoresDiacriticsAndCaseWithinScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, q := range []string{"dak lak", "ĐẮK LẮK", "Đắk  Lắk"} {
			body := w.page("dl", "/units?q="+url.QueryEscape(q), 200)
			mustContain(t, "search "+q, body, "Tỉnh Đắk Lắk", `href="/units/province:66?at=2027-02-01"`)
		}
		// Gia Lai's officer finds no Đắk Lắk to open.
		body := w.page("gl", "/units?q=dak+lak", 200)
		mustNotContain(t, "foreign search", body, "/units/province:66")
		// Former units only when asked for.
		body = w.page("dl", "/units?q=phu+yen", 200)
		mustNotContain(t, "current search", body, "/units/province:54")
		body = w.page("dl", "/units?q=phu+yen&all=1", 200)
		mustContain(t, "search with former units", body, "Tỉnh Phú Yên", "/units/province:54?at=2025-06-30")
		// Without a query: the user's unit and its communes.
		body = w.page("dl", "/units", 200)
		mustContain(t, "units", body, "Tỉnh Đắk Lắk", w.commA.FullName(), w.commB.FullName())
	})
}

func TestUnitPageShowsParentChildrenAndLineage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		body := w.page("dl", "/units/province:66?at=2026-01-01", 200)
		mustContain(t, "new province", body, "Tỉnh Đắk Lắk", "Cấp tỉnh", "province:66", "01/07/2025 – nay",
			"Được hình thành từ", "Tỉnh Phú Yên", "toàn bộ", "từ ngày 01/07/2025",
			w.commA.FullName(), "/report?at=2026-01-01&scope=province%3A66", "/?at=2026-01-01&unit=province%3A66")
		body = w.page("dl", "/units/province:66?at=2024-01-01", 200)
		mustContain(t, "old province", body, "Tỉnh Đắk Lắk", "Đã nhập vào", "– 30/06/2025")
		body = w.page("dl", "/units/"+w.commA.Ref(), 200)
		mustContain(t, "commune", body, w.commA.FullName(), "Trực thuộc", `href="/units/province:66?at=2027-02-01"`)
	})
}

// TestReportPageShowsTheDocument: the page renders the report's document
// (report.BuildDocument, the model the DOCX and PDF are written from):
// its header with the motto, title, section headings, every run of text,
// the notes, recipients, signature and appendix tables.
func TestReportPageShowsTheDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, c := range []struct{ user, scope string }{
			{"dl", "province:66"}, {"admin", "nation"}, {"dl", "cluster:" + w.clusterA}, {"dlcomm", w.commA.Ref()},
		} {
			ref, _ := units.ParseRef(c.scope)
			rep, err := report.Build(context.Background(), db, ref, period.MustParse("2026"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := report.BuildDocument(rep, report.DocOptions{Today: pageNow})
			if err != nil {
				t.Fatal(err)
			}
			body := w.page(c.user, "/report?scope="+url.QueryEscape(c.scope)+"&period=2026", 200)
			var want []string
			want = append(want, doc.Header.Issuer, doc.Header.Number, doc.Header.Motto[0], doc.Header.Motto[1], doc.Header.PlaceDate)
			want = append(want, doc.Title...)
			want = append(want, doc.Recipients...)
			want = append(want, doc.Signature.OnBehalf, doc.Signature.Title)
			var blocks func([]document.Block)
			blocks = func(bs []document.Block) {
				for _, b := range bs {
					switch b := b.(type) {
					case document.Paragraph:
						for _, r := range b.Runs {
							want = append(want, r.Text, r.Note)
						}
					case document.Table:
						for _, row := range append(b.Header, b.Rows...) {
							for _, cell := range row {
								want = append(want, cell.Text)
							}
						}
					}
				}
			}
			var sections func([]document.Section)
			sections = func(ss []document.Section) {
				for _, s := range ss {
					want = append(want, s.Number+". "+s.Title)
					blocks(s.Blocks)
					sections(s.Sections)
				}
			}
			blocks(doc.Lead)
			sections(doc.Sections)
			for _, a := range doc.Appendices {
				want = append(want, a.Title)
				blocks([]document.Block{a.Table})
			}
			if len(doc.Sections) == 0 || len(doc.Appendices) == 0 {
				t.Errorf("report of %s: a document of %d sections and %d appendices", c.scope, len(doc.Sections), len(doc.Appendices))
			}
			for _, s := range want {
				if s = strings.TrimSpace(s); s != "" {
					mustContain(t, "report of "+c.scope, body, s)
				}
			}
			mustContain(t, "report of "+c.scope, body, "/report.pdf?period=2026&scope=", "/report.docx?period=2026&scope=",
				"/report.xlsx?period=2026&scope=", "/report.csv?period=2026&scope=")
		}
		// Without parameters: the user's unit, the last finished year
		// (early 2027: the year 2026).
		body := w.page("dl", "/report", 200)
		mustContain(t, "default report", body, "Tổng kết", "năm 2026", "3.234")
	})
}

func TestClustersListAndRanking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		body := w.page("dl", "/clusters?year=2026", 200)
		mustContain(t, "clusters", body, "Cụm thi đua số 1 – Tây Nguyên", "Cụm thi đua số 2 – Gia Lai", "Đắk Lắk", "Gia Lai",
			`href="/clusters/1?year=2026"`)
		mustNotContain(t, "clusters", body, `href="/clusters/2?year=2026"`)
		body = w.page("dl", "/clusters?year=2019", 200)
		mustContain(t, "clusters of 2019", body, "chưa có cụm thi đua")

		body = w.page("dl", "/clusters/1?year=2026&indicator=members.total&period=2026H2", 200)
		mustContain(t, "ranking", body, "Xếp hạng theo Số hội viên", "Đắk Lắk", "3.234", "+2.234", "Cả cụm", `class="sortable"`)
		// The period defaults to the year's latest half-year with data.
		body = w.page("gl", "/clusters/2", 200)
		mustContain(t, "default ranking", body, "Gia Lai", "6 tháng cuối năm 2026")
		body = w.page("admin", "/clusters/2?year=2026&indicator=members.total", 200)
		mustContain(t, "admin ranking", body, "500")
	})
}

// TestEveryTemplateKeyExists reads the templates and checks that each
// {{t "key"}} names a text of vi.UI, so that no page fails on a missing key.
func TestEveryTemplateKeyExists(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	key := regexp.MustCompile(`\{\{-?\s*t\s+"([^"]+)"`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(data), -1) {
			if _, ok := vi.UI[m[1]]; !ok {
				t.Errorf("%s: no UI text %q", f, m[1])
			}
		}
	}
	for _, lv := range []units.Level{units.Nation, units.Province, units.District, units.Commune} {
		if _, ok := vi.UI["units.level."+string(lv)]; !ok {
			t.Errorf("no UI text for level %s", lv)
		}
	}
}
