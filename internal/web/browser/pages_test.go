package browser

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
)

// axeSource is axe-core (testdata/axe/README.md), the accessibility
// checker run on every page of the walks.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// size is a screen the pages are checked at.
type size struct {
	name          string
	width, height int64
}

// sizes are a phone and a desktop.
var sizes = []size{{"360", 360, 780}, {"1366", 1366, 900}}

// pageFaults is what checkJS finds on a page, each fault described for a
// person: the element and what is wrong with it.
type pageFaults struct {
	Overflow int      `json:"overflow"` // pixels the page is wider than the window
	Codes    []string `json:"codes"`    // visible unit or period codes
	Targets  []string `json:"targets"`  // tap targets smaller than 44×44
	Small    []string `json:"small"`    // text under 14 px
}

// checkJS looks at the page as a person on it would: the width of the
// page against the window; the visible text (and the values of visible
// fields) for a unit code (province:66) or a period code (2026H1), but for
// samples of a file's content; links,
// buttons, fields and menu buttons smaller than 44×44 pixels (a check box
// or radio button by its label; a link within a sentence is exempt, as in
// WCAG 2.5.8); and visible text smaller than 14 pixels.
const checkJS = `(() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, codes: [], targets: [], small: []};
  const codeRe = /\b(province|commune|nation|cluster):\w+|\b\d{4}H[12]\b/g;
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right <= 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.opacity !== '0';
  };
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
    const t = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
    return s + (t ? ' "' + t.slice(0, 40) + '"' : '');
  };
  const seen = new Set();
  const code = (where, text) => {
    for (const m of text.matchAll(codeRe)) {
      const k = where + ': ' + m[0];
      if (!seen.has(k)) { seen.add(k); out.codes.push(k); }
    }
  };
  // A sample of a file's content (pre.sample, code.sample) is what the
  // file must hold, codes included (the file formats take codes: the
  // contracts), so it is left out; any other visible text is read, text
  // for screen readers too.
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = texts.nextNode(); n; n = texts.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, .sample') || !el.checkVisibility({visibilityProperty: true})) continue;
    code('text', n.nodeValue);
  }
  document.querySelectorAll('input:not([type=hidden]), textarea').forEach(el => {
    if (visible(el)) code(name(el), el.value);
  });
  const inSentence = a => {
    const block = a.parentElement;
    if (!block || !['P', 'LI', 'DD', 'TD', 'SUP', 'SPAN', 'SMALL'].includes(block.tagName)) return false;
    const rest = block.textContent.replace(a.textContent, '').trim();
    return rest.length > 2;
  };
  document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, header a[href], header button, header summary').forEach(el => {
    if (el.closest('.skip')) return;
    let box = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) box = el.closest('label') || (el.id && document.querySelector('label[for="' + el.id + '"]')) || el;
    if (!visible(box)) return;
    if (el.tagName === 'A' && inSentence(el)) return;
    const r = box.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) out.targets.push(name(el) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
  });
  const small = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.nodeValue.trim() || small.has(el) || el.closest('script, style, .visually-hidden')) continue;
    if (!visible(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 13.95) { small.add(el); out.small.push(name(el) + ' ' + px + 'px'); }
  }
  return out;
})()`

// axeJS runs axe-core on the page and lists its serious and critical
// findings, each with the elements concerned. The rows of a long table
// after its twelfth are left out: they repeat the first ones' markup, and
// checking a hundred communes' cells took seconds a page.
const axeJS = `axe.run({exclude: ['tbody tr:nth-child(n+13)']}, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', ') + (v.nodes.length > 4 ? ' …' : '')))`

// checkPage applies the page-wide rules to the page open in ctx: no
// horizontal overflow, no code in visible text, tap targets of 44 pixels,
// no text under 14 pixels, no serious or critical accessibility problem.
func checkPage(t *testing.T, ctx context.Context, path, where string) {
	t.Helper()
	f := get(t, ctx, "check "+where, chromedp.Evaluate[pageFaults](checkJS))
	if f.Overflow > 0 {
		t.Errorf("%s: the page is %d px wider than the window", where, f.Overflow)
	}
	report := func(what string, list []string) {
		if len(list) > 8 {
			list = append(list[:8:8], fmt.Sprintf("… and %d more", len(list)-8))
		}
		if len(list) > 0 {
			t.Errorf("%s: %s:\n  %s", where, what, strings.Join(list, "\n  "))
		}
	}
	report("codes in the visible text", f.Codes)
	report("tap targets under 44×44 px", f.Targets)
	report("text under 14 px", f.Small)
	if !get(t, ctx, "axe loaded", chromedp.Evaluate[bool](`typeof axe !== 'undefined'`)) {
		get(t, ctx, "load axe", chromedp.Evaluate[int](axeSource+";0"))
	}
	// axe takes seconds on a page of a hundred communes on a busy
	// machine: its own bound, longer than a step's.
	actx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	found, err := chromedp.Run(actx, chromedp.Evaluate[[]string](axeJS, chromedp.EvalAwaitPromise))
	if err != nil {
		failed(t, ctx, "axe "+where, err)
	}
	report("accessibility (axe-core)", found)
}

// walkPage is one page of a role's walk and a text it must show.
type walkPage struct {
	name, path, want string
}

// TestEveryPageForEachRoleOnPhoneAndDesktop walks every page each role
// uses — a nation admin, a province officer, a commune officer — on a
// 360-pixel phone and on a desktop. Each page must show its heading and
// its content, and pass checkPage; a screenshot of each is saved as
// walk-<role>-<page>-<size>.png.
func TestEveryPageForEachRoleOnPhoneAndDesktop(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	u, err := auth.GetUserByEmail(ctx, s.db, "tinh@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.IssueToken(ctx, s.db, auth.LocalAdmin("test"), u.ID, "tập lệnh nhập số liệu", clock); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateUser(ctx, s.db, auth.NewUser{Email: "tw@example.vn", Name: "Quản trị toàn quốc",
		Role: auth.Admin, ScopeUnitID: s.tree.Nation().ID, Password: password}, clock); err != nil {
		t.Fatal(err)
	}
	// A form of the neighbouring commune waits for approval.
	h2, err := period.Parse("2026H2")
	if err != nil {
		t.Fatal(err)
	}
	officer := auth.ForUser(s.tree, u, audit.ViaPage)
	if err := entry.SaveDraft(ctx, s.db, s.tree, officer, s.neighbor.ID, h2, map[string]string{
		"population.total": "13000", "members.total": "2660", "org.branches": "11", "fund.raised": "156000000"}, clock); err != nil {
		t.Fatal(err)
	}
	if err := entry.Submit(ctx, s.db, s.tree, officer, s.neighbor.ID, h2, clock); err != nil {
		t.Fatal(err)
	}
	// The province is in an emulation cluster, and the commune has its
	// association, branches and a member.
	crows, err := cluster.Parse(strings.NewReader("year,cluster,name,province\n2026,6,Cụm thi đua số 6,66\n2026,6,Cụm thi đua số 6,52\n"), "cum.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cluster.Import(ctx, s.db, auth.LocalAdmin("test"), crows, cluster.Options{Source: "cum.csv", Now: clock}); err != nil {
		t.Fatal(err)
	}
	seedRegistry(t, s, s.commune, registry.Fields{FullName: "Nguyễn Thị Lan", Gender: "Nữ", BirthDate: "12/03/1962", Phone: "0912345678", JoinedOn: "01/08/2025"})
	var member int64
	if err := s.db.QueryRow(ctx, "SELECT id FROM members").Scan(&member); err != nil {
		t.Fatal(err)
	}
	commune := "commune:" + s.commune.Code
	walks := []struct {
		role, email string
		menu        string // the menu's entries, as a phone's menu lists them
		pages       []walkPage
	}{
		// Signed out: the sign-in page, the public pages of the learning
		// titles and the pages of a wrong address.
		{"public", "", "", []walkPage{
			{"login", "/login", "Đăng nhập"},
			{"self-assessment", "/cong-dan-hoc-tap", ""},
			{"verify", "/xac-minh/KHONGCO", ""},
			{"not-found", "/khong-co", "Không có trang nào"},
			{"static-not-found", "/static/khong-co.css", "Không có trang nào"},
		}},
		{"admin", "tw@example.vn", "Tổng quan|Nhập số liệu|Duyệt|Báo cáo|Hội viên|Quỹ khuyến học|Tổ chức hội|Danh hiệu học tập|Đơn vị|Cụm thi đua|Tình hình báo cáo|Tải tệp|Nhật ký|Người dùng", []walkPage{
			{"dashboard", "/", "Việt Nam"},
			{"report", "/report?scope=province:66&period=2026H1", "16.740"},
			{"units", "/units", "Đắk Lắk"},
			{"clusters", "/clusters", "Cụm thi đua số 6"},
			{"clusters-import", "/clusters/import", "year,cluster,name,province,from"},
			{"completeness", "/completeness", ""},
			{"upload", "/upload", ""},
			{"audit", "/audit", ""},
			{"users", "/users", "tinh@example.vn"},
			{"user-new", "/users/new", ""},
			{"not-found", "/units/province:99", "không có đơn vị mã 99 cấp tỉnh"},
			{"bad-address", "/report?scope=province:66&period=2026-6", "không nhận ra kỳ báo cáo"},
		}},
		{"province", "tinh@example.vn", "Tổng quan|Nhập số liệu|Duyệt|Báo cáo|Hội viên|Quỹ khuyến học|Tổ chức hội|Danh hiệu học tập|Đơn vị|Cụm thi đua|Tình hình báo cáo|Tải tệp", []walkPage{
			{"dashboard", "/", "16.740"},
			{"entry", "/entry", ""},
			{"approvals", "/approvals", s.neighbor.Name},
			{"approval", "/approvals/commune:" + s.neighbor.Code + "/2026H2", "2.660"},
			{"report", "/report?scope=province:66&period=2026H1", "16.740"},
			{"report-texts", "/reports/province:66/2026H1/texts", ""},
			{"cluster", "/clusters/6?year=2026", "6 tháng đầu năm 2026"},
			{"members", "/members", ""},
			{"associations", "/associations", ""},
			{"models", "/danh-hieu", ""},
			{"fund", "/fund", ""},
			{"unit", "/units/province:66", "Đắk Lắk"},
			{"completeness", "/completeness?unit=province:66&period=2026H1", s.commune.Name},
			{"history", "/history?unit=" + commune + "&period=2026H1&indicator=members.total", "2.540"},
			{"account", "/account", "tập lệnh nhập số liệu"},
		}},
		{"commune", "xa@example.vn", "Tổng quan|Nhập số liệu|Báo cáo|Hội viên|Quỹ khuyến học|Tổ chức hội|Danh hiệu học tập|Đơn vị|Tải tệp", []walkPage{
			{"dashboard", "/", s.commune.Name},
			{"entry", "/entry", s.commune.Name},
			{"entry-form", "/entry/" + commune + "/2026H2", s.commune.Name},
			{"report", "/report?scope=" + commune + "&period=2026H1", "2.540"},
			{"members", "/members", "Nguyễn Thị Lan"},
			{"member", fmt.Sprintf("/members/%d", member), "Nguyễn Thị Lan"},
			{"member-new", "/members/new", ""},
			{"members-import", "/members/import", ""},
			{"associations", "/associations", ""},
			{"models", "/danh-hieu", ""},
			{"models-import", "/danh-hieu/nhap", "Mẫu kết quả chấm điểm"},
			{"fund", "/fund", ""},
			{"unit", "/units/" + commune, s.commune.Name},
			{"upload", "/upload", ""},
			{"account", "/account", ""},
		}},
	}
	bctx := browser(t)
	for _, w := range walks {
		t.Run(w.role, func(t *testing.T) {
			if w.email != "" {
				signIn(t, bctx, s, w.email, password)
				phoneMenu(t, bctx, s.url, w.role, w.menu)
			}
			for _, p := range w.pages {
				// The page opens on the phone, then the same page is
				// looked at on the desktop (resized, not loaded again).
				for i, sz := range sizes {
					where := fmt.Sprintf("%s %s at %s", w.role, p.path, sz.name)
					if i == 0 {
						run(t, bctx, "open "+where, chromedp.EmulateViewport(sz.width, sz.height),
							chromedp.Navigate(s.url+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
						if got := text(t, bctx, "main"); !strings.Contains(got, p.want) {
							t.Errorf("%s lacks %q: %q", where, p.want, got)
						}
					} else {
						// app.js redraws the charts 150 ms after a resize.
						run(t, bctx, "resize "+where, chromedp.EmulateViewport(sz.width, sz.height), chromedp.Sleep(300*time.Millisecond))
					}
					checkPage(t, bctx, p.path, where)
					pageShot(t, bctx, "walk-"+w.role+"-"+p.name+"-"+sz.name, 3*sz.height)
				}
			}
			if w.email == "" {
				return
			}
			if w.role == "commune" {
				uploadWithWarnings(t, bctx, s)
			}
			// A public page has no sign-out: the dashboard has.
			run(t, bctx, "back to the dashboard", chromedp.EmulateViewport(sizes[0].width, sizes[0].height),
				chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("form.logout")))
			signOut(t, bctx)
		})
	}
}

// uploadWithWarnings is the commune officer's upload of a file of the
// commune's figures on a phone: the page that answers lists the warnings
// of the draft the file filled, each with its field for the explanation,
// and passes checkPage at both sizes (screenshots walk-commune-upload-
// warnings-SIZE). The explanations are typed there and the form sent.
func uploadWithWarnings(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "so-lieu-xa.csv")
	csv := "period,level,code,indicator,value\n2026H2,commune," + s.commune.Code + ",members.total,200000\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "upload the commune's file", chromedp.EmulateViewport(sizes[0].width, sizes[0].height),
		chromedp.Navigate(s.url+"/upload"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/upload"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#upload-result")))
	got := text(t, ctx, "main")
	for _, want := range []string{"Cảnh báo cần xem lại trong bản nháp của " + s.commune.FullName(), "Số hội viên (200.000) nhiều hơn Dân số"} {
		if !strings.Contains(got, want) {
			t.Errorf("the upload's answer lacks %q: %q", want, got)
		}
	}
	for i, sz := range sizes {
		where := "commune's upload with warnings at " + sz.name
		if i > 0 {
			run(t, ctx, "resize "+where, chromedp.EmulateViewport(sz.width, sz.height), chromedp.Sleep(300*time.Millisecond))
		}
		checkPage(t, ctx, "/upload", where)
		pageShot(t, ctx, "walk-commune-upload-warnings-"+sz.name, 3*sz.height)
	}
	run(t, ctx, "explain and send from the upload page", chromedp.EmulateViewport(sizes[0].width, sizes[0].height),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="explain:above:members.total"]`), "Tính cả hội viên các trường học"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="explain:change:members.total"]`), "Ba xã sáp nhập"),
		chromedp.Click(chromedp.CSS(`form.upload-explain button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#entry-status")))
	if got := text(t, ctx, "#entry-status"); got != "đã gửi, chờ duyệt" {
		t.Errorf("the form after sending from the upload page: %q", got)
	}
}

// menuState is the phone's menu as checkMenuJS reads it.
type menuState struct {
	Here    string   `json:"here"`    // the current page named on the button
	Entries []string `json:"entries"` // the entries, in order
	Current string   `json:"current"` // the entry marked current
	Outside []string `json:"outside"` // entries not wholly on the screen
}

const checkMenuJS = `(() => {
  const m = document.querySelector('details.nav-menu');
  const links = [...m.querySelectorAll('nav a')];
  const cur = m.querySelector('nav a[aria-current=page]');
  return {
    here: (m.querySelector('.nav-here') || {}).textContent || '',
    entries: links.map(a => a.textContent.trim()),
    current: cur ? cur.textContent.trim() : '',
    outside: links.filter(a => { const r = a.getBoundingClientRect(); return r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth; }).map(a => a.textContent.trim()),
  };
})()`

// phoneMenu opens the menu of the dashboard on a phone: the button names
// the current page; open, it shows every entry of the role (want, joined
// by |) on the one screen, and no other; it closes on Escape.
func phoneMenu(t *testing.T, ctx context.Context, url, role, want string) {
	t.Helper()
	run(t, ctx, role+"'s menu", chromedp.EmulateViewport(sizes[0].width, sizes[0].height),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS("details.nav-menu summary")),
		chromedp.Click(chromedp.CSS("details.nav-menu summary")),
		chromedp.WaitVisible(chromedp.CSS("details.nav-menu nav a")))
	m := get(t, ctx, "read the menu", chromedp.Evaluate[menuState](checkMenuJS))
	if got := strings.Join(m.Entries, "|"); got != want {
		t.Errorf("%s's menu lists %s, want %s", role, got, want)
	}
	if m.Here != "Đang xem: Tổng quan" || m.Current != "Tổng quan" {
		t.Errorf("%s's menu on the dashboard: button %q, current entry %q", role, m.Here, m.Current)
	}
	if len(m.Outside) > 0 {
		t.Errorf("%s's open menu does not fit a 360×780 screen: %v", role, m.Outside)
	}
	checkPage(t, ctx, "menu", role+"'s open menu at 360")
	screenshot(t, ctx, "walk-"+role+"-menu-360")
	run(t, ctx, "close the menu", chromedp.KeyEvent(kb.Escape))
	if get(t, ctx, "menu open", chromedp.Evaluate[bool](`document.querySelector('details.nav-menu').open`)) {
		t.Errorf("%s's menu stays open on Escape", role)
	}
}

// pageShot saves a screenshot of the page open in ctx down to at most
// height pixels (the first screens of a long list tell what its rest
// looks like), as name.png beside the others.
func pageShot(t *testing.T, ctx context.Context, name string, height int64) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		dims, err := chromedp.Evaluate[[]float64](`[document.documentElement.clientWidth, document.documentElement.scrollHeight]`)(ctx, tg)
		if err != nil {
			return nil, err
		}
		h := min(dims[1], float64(height))
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			CaptureBeyondViewport: ptr(true),
			FromSurface:           ptr(true),
			OptimizeForSpeed:      ptr(true),
			Clip:                  &page.Viewport{Width: dims[0], Height: h, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err := os.WriteFile(shotFile(t, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestCommuneTypesFiguresOnAPhoneProvinceApprovesOnADesktop is the data
// entry path on the other screens than
// TestCommuneEntersFiguresProvinceApprovesReportChanges: the commune
// officer, on a 360-pixel phone, follows the dashboard's next step to the
// form (no address typed), types the figures as people write them, with
// dots and spaces, and saves them; the form warns; the explanations are
// written on a desktop and the form sent; the province officer, on a
// desktop, opens the form from the approvals and approves it with its
// figures and warnings on the page.
func TestCommuneTypesFiguresOnAPhoneProvinceApprovesOnADesktop(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	field := func(code string) chromedp.CSS { return chromedp.CSS(`input[name="` + code + `"]`) }
	phone, desktop := sizes[0], sizes[1]

	signIn(t, ctx, s, "xa@example.vn", password)
	run(t, ctx, "the next step on a phone", chromedp.EmulateViewport(phone.width, phone.height),
		chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#next-steps")),
		chromedp.Click(chromedp.CSS(`#next-steps a[href^="/entry/"]`)),
		chromedp.WaitVisible(field("members.total")),
		chromedp.SendKeys(field("members.total"), "200.000"),
		chromedp.SendKeys(field("population.total"), "12 100"),
		chromedp.SendKeys(field("fund.raised"), "160.000.000"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	for code, want := range map[string]string{"members.total": "200.000", "population.total": "12.100", "fund.raised": "160.000.000"} {
		if v := get(t, ctx, "saved "+code, chromedp.Value(field(code))); v != want {
			t.Errorf("typed on a phone, the saved %s field holds %q, want %q", code, v, want)
		}
	}
	if got := text(t, ctx, "#warnings"); !strings.Contains(got, "Số hội viên (200.000) nhiều hơn Dân số (12.100)") {
		t.Errorf("the form's warnings on a phone: %q", got)
	}
	checkPage(t, ctx, "/entry", "the commune's form typed on a phone")
	pageShot(t, ctx, "entry-typed-360", 3*phone.height)
	form := get(t, ctx, "form address", chromedp.Location())
	run(t, ctx, "explain and send on a desktop", chromedp.EmulateViewport(desktop.width, desktop.height),
		chromedp.Navigate(form), chromedp.WaitVisible(chromedp.CSS(`textarea[name="explain:above:members.total"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="explain:above:members.total"]`), "Tính cả hội viên các trường học"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="explain:change:members.total"]`), "Ba xã sáp nhập"),
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("fieldset[disabled]")))
	if got := text(t, ctx, "#entry-status"); got != "đã gửi, chờ duyệt" {
		t.Errorf("status after sending on a desktop: %q", got)
	}
	signOut(t, ctx)

	signIn(t, ctx, s, "tinh@example.vn", password)
	run(t, ctx, "the approvals on a desktop", chromedp.EmulateViewport(desktop.width, desktop.height),
		chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#next-steps")),
		chromedp.Click(chromedp.CSS(`#next-steps a[href="/approvals"]`)),
		chromedp.WaitVisible(chromedp.CSS(".approvals a.button")),
		chromedp.Click(chromedp.CSS(`.approvals a.button[href$="/2026H2"]`)),
		chromedp.WaitVisible(chromedp.CSS("#decide")))
	page := text(t, ctx, "main")
	for _, want := range []string{s.commune.Name, "200.000", "2.540", "Số hội viên (200.000) nhiều hơn Dân số (12.100)", "Tính cả hội viên các trường học", "Ba xã sáp nhập", "Cán bộ xã"} {
		if !strings.Contains(page, want) {
			t.Errorf("the approval page on a desktop lacks %q: %q", want, page)
		}
	}
	checkPage(t, ctx, "/approvals", "the approval page on a desktop")
	pageShot(t, ctx, "approval-desktop-1366", 3*desktop.height)
	run(t, ctx, "approve on a desktop",
		chromedp.Click(chromedp.CSS(`#decide form[action$="/approve"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := text(t, ctx, "p.notice"); !strings.Contains(got, "Đã duyệt số liệu") {
		t.Errorf("after approving on a desktop: %q", got)
	}
}
