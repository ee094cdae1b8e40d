// Package browser tests the web application in a real headless Chromium
// (Debian's chromium package), driven from Go through the DevTools protocol:
// a person's path through the pages, with screenshots saved for people to
// look at (folder screenshots/ at the top of the repository, or
// $KHUYENHOC_SCREENSHOTS).
package browser

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/web"
)

// clock is the fixed "now" of the tests: late 2026, so the latest complete
// half-year is 2026H1.
var clock = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

const password = "mat-khau-thu-nghiem"

// site is a running server with its users and the units they care about.
type site struct {
	url      string
	db       *store.DB
	tree     *units.Tree
	province *units.Unit // Đắk Lắk (66), 2026
	commune  *units.Unit // a commune of Đắk Lắk
	neighbor *units.Unit // another commune of Đắk Lắk
	foreign  *units.Unit // a commune of Gia Lai (52)
}

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("KHUYENHOC_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	// CI installs Chromium and must run these tests; on a developer's
	// machine without it they are reported as skipped, with the way to
	// install it.
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium not found: CI must run the browser tests (apt-get install chromium)")
	}
	t.Skip("Chromium not found; install Debian's chromium package to run the browser tests")
	return ""
}

// screenshotDir is where screenshots go: $KHUYENHOC_SCREENSHOTS, else
// screenshots/ at the top of the repository, whose files git ignores but
// for the committed sets (committedSets).
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("KHUYENHOC_SCREENSHOTS")
	if dir == "" {
		dir = repoScreenshots()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// repoScreenshots is screenshots/ at the top of the repository.
func repoScreenshots() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "screenshots")
}

// committedSets are the folders of screenshots/ kept in the repository
// (.gitignore): a person reads them there, and a run of the tests must
// not rewrite them (each run's pixels differ a little, which left the
// tree changed after every run).
var committedSets = []string{"pages", "models", "fund"}

// UpdateScreenshotsEnv asks the tests to write the committed sets: with
// KHUYENHOC_UPDATE_SCREENSHOTS=1, a screenshot of a set goes to
// screenshots/SET/ of the repository, to be committed.
const UpdateScreenshotsEnv = "KHUYENHOC_UPDATE_SCREENSHOTS"

// shotFile is the file a screenshot named name (walk-admin-audit-360.png,
// or models/verify-360.png for a committed set) is written to: a
// committed set's in the repository only when UpdateScreenshotsEnv is 1,
// else under run/ of screenshotDir (screenshots/run/models/…, ignored);
// the others in screenshotDir. Its folder is made.
func shotFile(t *testing.T, name string) string {
	dir := screenshotDir(t)
	if set, _, nested := strings.Cut(filepath.ToSlash(name), "/"); nested && slices.Contains(committedSets, set) {
		if os.Getenv(UpdateScreenshotsEnv) == "1" {
			dir = repoScreenshots()
		} else {
			dir = filepath.Join(dir, "run")
		}
	}
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// newSite starts the real server on a loopback port over a fresh database
// with figures for two half-years of a few communes and three users. The
// server's clock is the tests' fixed clock.
func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteAt(t, clock)
}

// newSiteAt is newSite with the server's clock fixed at now. The figures
// are those of newSite whatever now is; what depends on the server's clock
// (sessions, their cookies, the "current" period) follows now, while the
// browser keeps the real time.
func newSiteAt(t *testing.T, now time.Time) *site {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s := &site{db: db, tree: tree}
	at := clock
	s.province, err = tree.Resolve(units.Province, "66", at)
	if err != nil {
		t.Fatal(err)
	}
	cs := tree.Children(s.province.ID, at)
	s.commune, s.neighbor = cs[0], cs[1]
	gl, err := tree.Resolve(units.Province, "52", at)
	if err != nil {
		t.Fatal(err)
	}
	s.foreign = tree.Children(gl.ID, at)[0]

	var rows []aggregate.Row
	add := func(p, level, code, ind, v string) {
		rows = append(rows, aggregate.Row{Line: len(rows) + 2, Period: p, Level: level, Code: code, Indicator: ind, Value: v})
	}
	for i, c := range cs[:6] {
		for _, p := range []string{"2025H2", "2026H1"} {
			bump := 0
			if p == "2026H1" {
				bump = 40
			}
			add(p, "commune", c.Code, "population.total", itoa(12000+i*1000))
			add(p, "commune", c.Code, "members.total", itoa(2500+i*100+bump))
			add(p, "commune", c.Code, "org.branches", itoa(10+i))
			add(p, "commune", c.Code, "fund.raised", itoa(150000000+i*1000000+bump*100000))
		}
	}
	// The commune officer's own commune has no 2026H2 figures yet: the
	// browser test enters them.
	add("2026H1", "commune", s.foreign.Code, "members.total", "999")
	if _, err := aggregate.Import(ctx, db, rows, aggregate.Options{Source: "browser-fixture.csv", Actor: "test", Now: clock}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []auth.NewUser{
		{Email: "tinh@example.vn", Name: "Cán bộ tỉnh Đắk Lắk", Role: auth.Officer, ScopeUnitID: s.province.ID, Password: password},
		{Email: "xa@example.vn", Name: "Cán bộ xã", Role: auth.Officer, ScopeUnitID: s.commune.ID, Password: password},
	} {
		if _, err := auth.CreateUser(ctx, db, u, now); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := web.New(db, web.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	s.url = hs.URL
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// browser starts a headless Chromium with the flags this machine needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := append([]chromedp.ExecAllocatorOption{},
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	// The first Do starts the browser and must not carry a timeout (that
	// would stop the browser); later steps are bounded by the test's own.
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds one step of a test (a navigation and the wait for
// what it should show). Pages here answer in milliseconds; a step that has
// not found its element by then will not find it, and the test should say
// at once what the page shows instead.
const stepTimeout = 10 * time.Second

// run performs one step. If it fails, the test stops with what the page
// shows instead (see failed).
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		failed(t, ctx, what, err)
	}
}

// get runs one action that returns a value, bounded like run.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		failed(t, ctx, what, err)
	}
	return v
}

// failed stops the test after a failed step with what a person would see:
// the page's address, title and visible text, and a screenshot saved as
// FAILED-<test>-<step>.png beside the others.
func failed(t *testing.T, ctx context.Context, what string, err error) {
	t.Helper()
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	state, derr := chromedp.Run(dctx, chromedp.Evaluate[pageState](
		`({url: location.href, title: document.title, text: document.body ? document.body.innerText : ""})`))
	shot := "(no screenshot)"
	if png, serr := chromedp.Run(dctx, chromedp.FullScreenshot(80)); serr == nil {
		name := "FAILED-" + fileSafe(t.Name()+"-"+what) + ".png"
		if werr := os.WriteFile(shotFile(t, name), png, 0o644); werr == nil {
			shot = name
		}
	}
	if derr != nil {
		t.Fatalf("%s: %v\n(the page could not be read: %v; screenshot %s)", what, err, derr, shot)
	}
	if r := []rune(state.Text); len(r) > 1500 {
		state.Text = string(r[:1500]) + " …"
	}
	t.Fatalf("%s: %v\nthe page shows instead:\n  address: %s\n  title: %s\n  screenshot: %s\n  text: %s",
		what, err, state.URL, state.Title, shot, state.Text)
}

// pageState is what failed reads off the page.
type pageState struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// fileSafe turns a test and step name into a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

// screenshot saves the page open in ctx as name.png: its first three
// screens (a long list's first rows tell what the rest looks like, and a
// full page of a hundred communes took seconds to capture).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	h := get(t, ctx, "window height", chromedp.Evaluate[int64](`window.innerHeight`))
	pageShot(t, ctx, name, 3*h)
}

func signIn(t *testing.T, ctx context.Context, s *site, email, pw string) {
	t.Helper()
	run(t, ctx, "sign in as "+email,
		chromedp.Navigate(s.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SetValue(chromedp.CSS("#email"), email),
		chromedp.SetValue(chromedp.CSS("#password"), pw),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		// The next page is the signed-in layout, or the form again with
		// an alert.
		chromedp.WaitVisible(chromedp.CSS("form.logout, p.alert")),
	)
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	// The sign-in form, not any #email: the users' form has one too, and
	// navigating on from it while the sign-out is under way aborts both.
	run(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS("form.logout button")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] #email`)),
	)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get(t, ctx, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func TestWrongPasswordIsRefusedInVietnamese(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	signIn(t, ctx, s, "tinh@example.vn", "sai-mat-khau")
	if got := text(t, ctx, "main"); !strings.Contains(got, "Sai email hoặc mật khẩu") {
		t.Errorf("after a wrong password the page says %q", got)
	}
	cookies := get(t, ctx, "cookies", chromedp.Evaluate[string](`document.cookie`))
	if strings.Contains(cookies, "kh_session") {
		t.Error("a session cookie readable by scripts after a failed sign-in")
	}
}

// TestSignInHoldsWhateverTheServerClock signs in with the server's clock
// far from the browser's, years in the past and in the future: the session
// must hold across pages. A session cookie dated on the server's clock was
// dropped by the browser as soon as that date passed in real time, which
// broke every browser test three days after a fixed test clock was set.
func TestSignInHoldsWhateverTheServerClock(t *testing.T) {
	today := time.Now()
	for _, now := range []time.Time{
		today.AddDate(-30, 0, 0),
		today.AddDate(0, 0, -3),
		today,
		today.AddDate(0, 0, 3),
		today.AddDate(40, 0, 0),
	} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			s := newSiteAt(t, now)
			ctx := browser(t)
			signIn(t, ctx, s, "tinh@example.vn", password)
			for _, path := range []string{"/", "/report?scope=province:66&period=2026H1"} {
				run(t, ctx, "open "+path, chromedp.Navigate(s.url+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
				if got := text(t, ctx, "header"); !strings.Contains(got, "Cán bộ tỉnh Đắk Lắk") {
					t.Errorf("with the server's clock at %s, %s is not signed in: %q", now.Format(time.RFC3339), path, got)
				}
			}
		})
	}
}

func TestCommuneOfficerCannotOpenNeighbourCommune(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	signIn(t, ctx, s, "xa@example.vn", password)
	for _, path := range []string{
		"/units/commune:" + s.neighbor.Code,
		"/report?scope=commune:" + s.neighbor.Code + "&period=2026H1",
		"/report?scope=commune:" + s.foreign.Code + "&period=2026H1",
	} {
		run(t, ctx, "open "+path, chromedp.Navigate(s.url+path), chromedp.WaitReady(chromedp.CSS("main")))
		got := text(t, ctx, "main")
		if !strings.Contains(got, "không tìm thấy") || strings.Contains(got, "999") {
			t.Errorf("%s shows %q to the officer of another commune", path, got)
		}
	}
}

// TestCommuneEntersFiguresProvinceApprovesReportChanges is the data-entry
// path: the commune officer types the commune's figures for 2026H2 into
// the form (on a desktop and on a 360-pixel phone) — 200.000 members in a
// commune of 12.100 people — and saves them with the keyboard; the form
// warns, refuses to send the figures until each warning is explained, and
// sends them once it is. The province officer finds the form among the
// approvals with the sender's name and the number of warnings, reads the
// figures beside the earlier ones with the warnings and explanations,
// approves them, and the province's report and completeness view reflect
// them.
func TestCommuneEntersFiguresProvinceApprovesReportChanges(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	form := "/entry/commune:" + s.commune.Code + "/2026H2"
	review := "/approvals/commune:" + s.commune.Code + "/2026H2"
	field := func(code string) chromedp.CSS { return chromedp.CSS(`input[name="` + code + `"]`) }
	explain := func(key string) chromedp.CSS { return chromedp.CSS(`textarea[name="explain:` + key + `"]`) }

	signIn(t, ctx, s, "xa@example.vn", password)
	// The commune's dashboard says what to do first, with the link.
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"1366", 1366, 900}, {"360", 360, 780}} {
		run(t, ctx, "dashboard at "+size.name, chromedp.EmulateViewport(size.width, size.height), chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#next-steps")))
		if got := text(t, ctx, "#next-steps"); !strings.Contains(got, "Nhập số liệu 6 tháng cuối năm 2026 của "+s.commune.FullName()) {
			t.Errorf("the commune's next steps at %s: %q", size.name, got)
		}
		windowShot(t, ctx, "dashboard-next-"+size.name)
	}
	run(t, ctx, "entry list", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.url+"/entry"), chromedp.WaitVisible(chromedp.CSS(".entry-units")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "6 tháng cuối năm 2026") || !strings.Contains(got, "chưa có số liệu") {
		t.Errorf("entry list of the commune officer: %q", got)
	}
	run(t, ctx, "open the form",
		chromedp.Click(chromedp.CSS(`a[href="`+form+`"]`)),
		chromedp.WaitVisible(field("members.total")),
		// Figures typed as people write them: with dots or spaces between
		// the thousands, or none.
		chromedp.SendKeys(field("members.total"), "200.000"),
		chromedp.SendKeys(field("population.total"), "12100"),
		chromedp.SendKeys(field("org.branches"), "11"),
	)
	// A figure is shown with its dots once the field is left.
	if v := get(t, ctx, "typed population", chromedp.Value(field("population.total"))); v != "12.100" {
		t.Errorf("12100 typed and left shows as %q, want 12.100", v)
	}
	run(t, ctx, "save",
		// Enter in a field saves the draft: the first button of the form.
		chromedp.SendKeys(field("fund.raised"), "160 000 000\r"),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if got := text(t, ctx, "main"); !strings.Contains(got, "Đã lưu bản nháp") || !strings.Contains(got, "đang nhập (bản nháp)") {
		t.Errorf("after saving: %q", got)
	}
	for code, want := range map[string]string{"members.total": "200.000", "population.total": "12.100", "fund.raised": "160.000.000"} {
		if v := get(t, ctx, "saved "+code, chromedp.Value(field(code))); v != want {
			t.Errorf("the saved %s field holds %q, want %q", code, v, want)
		}
	}
	warnings := text(t, ctx, "#warnings")
	for _, want := range []string{
		"Cảnh báo cần xem lại (2)",
		s.commune.FullName() + ", 6 tháng cuối năm 2026: Số hội viên (200.000) nhiều hơn Dân số (12.100), bằng 1.652,89% dân số.",
		"Số hội viên tăng 7.774,02% so với 6 tháng đầu năm 2026 (2.540 → 200.000)",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("the warnings lack %q: %q", want, warnings)
		}
	}
	run(t, ctx, "submit unexplained",
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.alert")),
	)
	if got := text(t, ctx, "p.alert"); !strings.Contains(got, "còn 2 cảnh báo chưa có giải thích") {
		t.Errorf("submitting without explanations: %q", got)
	}
	if got := text(t, ctx, "#entry-status"); got != "đang nhập (bản nháp)" {
		t.Errorf("status after a refused submission: %q", got)
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"1366", 1366, 900}, {"360", 360, 780}} {
		run(t, ctx, "warnings at "+size.name, chromedp.EmulateViewport(size.width, size.height),
			chromedp.Navigate(s.url+form), chromedp.WaitVisible(explain("above:members.total")))
		checkPage(t, ctx, form, "the form with warnings at "+size.name)
		screenshot(t, ctx, "entry-warnings-"+size.name)
	}
	// The explanations are typed on the phone (the viewport of the last
	// screenshot), the figures were typed on a desktop.
	run(t, ctx, "explain and submit on a phone",
		chromedp.SendKeys(explain("above:members.total"), "Tính cả hội viên các trường học đóng trên địa bàn"),
		chromedp.SendKeys(explain("change:members.total"), "Ba xã sáp nhập từ 1/7/2025"),
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("fieldset[disabled]")),
	)
	if got := text(t, ctx, "#entry-status"); got != "đã gửi, chờ duyệt" {
		t.Errorf("status after submitting: %q", got)
	}
	if got := text(t, ctx, "#warnings"); !strings.Contains(got, "Ba xã sáp nhập từ 1/7/2025") {
		t.Errorf("the submitted form's warnings: %q", got)
	}
	run(t, ctx, "submitted form on a desktop", chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(s.url+form), chromedp.WaitVisible(field("members.total")))
	screenshot(t, ctx, "entry-desktop")
	run(t, ctx, "phone", chromedp.EmulateViewport(360, 780), chromedp.Navigate(s.url+form), chromedp.WaitVisible(field("members.total")))
	if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the entry form is wider than a 360-pixel phone")
	}
	screenshot(t, ctx, "entry-360")
	run(t, ctx, "desktop again", chromedp.EmulateViewport(1280, 900))
	signOut(t, ctx)

	signIn(t, ctx, s, "tinh@example.vn", password)
	run(t, ctx, "approvals", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.url+"/approvals"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	queue := text(t, ctx, "main")
	for _, want := range []string{s.commune.Name, "Cán bộ xã", "2 cảnh báo"} {
		if !strings.Contains(queue, want) {
			t.Errorf("the approvals lack %q: %q", want, queue)
		}
	}
	if strings.Contains(queue, "xa@example.vn") {
		t.Errorf("the approvals show the sender's address: %q", queue)
	}
	checkPage(t, ctx, "/approvals", "the approvals with a form waiting at 1366")
	screenshot(t, ctx, "approvals-1366")
	run(t, ctx, "open the form to approve",
		chromedp.Click(chromedp.CSS(`.approvals a.button[href="`+review+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#decide")),
	)
	page := text(t, ctx, "main")
	for _, want := range []string{
		"Số hội viên (200.000) nhiều hơn Dân số (12.100)",
		"Tính cả hội viên các trường học đóng trên địa bàn", "Ba xã sáp nhập từ 1/7/2025",
		"200.000", "2.540", "+197.460 (+7.774,02%)", "2.500", "+197.500 (+7.900,00%)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the approval page lacks %q: %q", want, page)
		}
	}
	if n := get(t, ctx, "warned rows", chromedp.Evaluate[int](`document.querySelectorAll("tr.warned").length`)); n != 2 {
		t.Errorf("%d rows highlighted, want members and population", n)
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"1366", 1366, 900}, {"360", 360, 780}} {
		run(t, ctx, "approval page at "+size.name, chromedp.EmulateViewport(size.width, size.height),
			chromedp.Navigate(s.url+review), chromedp.WaitVisible(chromedp.CSS("#decide")))
		checkPage(t, ctx, review, "the approval page at "+size.name)
		screenshot(t, ctx, "approval-"+size.name)
	}
	run(t, ctx, "approve on a phone",
		chromedp.Click(chromedp.CSS(`form[action="`+form+`/approve"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if got := text(t, ctx, "main"); !strings.Contains(got, "Đã duyệt số liệu") || strings.Contains(got, s.commune.Name) {
		t.Errorf("approvals after approving: %q", got)
	}
	run(t, ctx, "report", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.url+"/report?scope=province:66&period=2026H2"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "200.000") {
		t.Errorf("the province's 2026H2 report lacks the approved members 200.000: %q", got)
	}
	run(t, ctx, "completeness", chromedp.Navigate(s.url+"/completeness?unit=province:66&period=2026H2"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	got := text(t, ctx, "main")
	if !strings.Contains(got, "đã duyệt") || !strings.Contains(got, s.commune.Name) {
		t.Errorf("completeness after approving: %q", got)
	}
	screenshot(t, ctx, "completeness")
}

// TestAdminAddsUserWhoChangesOwnPassword is the users path: a province
// admin adds a commune officer on a 360-pixel phone with a generated
// password, which the page shows once; the new officer signs in with it
// and sets their own password on the account page, staying signed in.
func TestAdminAddsUserWhoChangesOwnPassword(t *testing.T) {
	s := newSite(t)
	if _, err := auth.CreateUser(context.Background(), s.db, auth.NewUser{Email: "quantri@example.vn", Name: "Quản trị tỉnh",
		Role: auth.Admin, ScopeUnitID: s.province.ID, Password: password}, clock); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, s, "quantri@example.vn", password)
	// The audit log's filter takes the unit by its name, picked from the
	// server's search as one types (no code to type or read).
	run(t, ctx, "audit log", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.url+"/audit"), chromedp.WaitVisible(chromedp.CSS("#unit-find")))
	if got := get(t, ctx, "audit field", chromedp.Value(chromedp.CSS("#unit-find"))); got != s.province.FullName() {
		t.Errorf("the audit log's unit field holds %q, want %q", got, s.province.FullName())
	}
	// The option of the list that answers the whole text typed: a list
	// answering the first letters is replaced when the next answer comes.
	auditOption := chromedp.CSS(`#unit-find-list[data-q=` + jsString(units.Fold(s.commune.Name)) + `] li[data-ref="` + s.commune.Ref() + `"]`)
	run(t, ctx, "audit pick",
		chromedp.Focus(chromedp.CSS("#unit-find")),
		chromedp.Clear(chromedp.CSS("#unit-find")),
		chromedp.SendKeys(chromedp.CSS("#unit-find"), units.Fold(s.commune.Name)),
		chromedp.WaitVisible(auditOption),
	)
	windowShot(t, ctx, "audit-picker-1366")
	run(t, ctx, "audit choose",
		chromedp.Click(auditOption),
		chromedp.Click(chromedp.CSS(`form.toolbar button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`input#unit-find[value=`+jsString(s.commune.FullName()+", tỉnh Đắk Lắk")+`]`)),
	)
	if loc := get(t, ctx, "audit location", chromedp.Location()); !strings.Contains(loc, "unit="+url.QueryEscape(s.commune.Ref())) || strings.Contains(loc, "unit_find") {
		t.Errorf("the chosen commune's log is at %s", loc)
	}
	screenshot(t, ctx, "audit-1366")
	run(t, ctx, "audit phone", chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#unit-find")))
	screenshot(t, ctx, "audit-360")

	// The new user's unit is picked the same way, on a phone.
	option := chromedp.CSS(`#scope-find-list[data-q=` + jsString(units.Fold(s.neighbor.Name)) + `] li[data-ref="` + s.neighbor.Ref() + `"]`)
	run(t, ctx, "new user form",
		chromedp.Navigate(s.url+"/users/new"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SetValue(chromedp.CSS("#email"), "moi@example.vn"),
		chromedp.SetValue(chromedp.CSS("#name"), "Cán bộ xã mới"),
		chromedp.SetValue(chromedp.CSS("#role"), "officer"),
		chromedp.Focus(chromedp.CSS("#scope-find")),
		chromedp.Clear(chromedp.CSS("#scope-find")),
		chromedp.SendKeys(chromedp.CSS("#scope-find"), units.Fold(s.neighbor.Name)),
		chromedp.WaitVisible(option),
	)
	if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the user form with the picker's list is wider than a 360-pixel phone")
	}
	windowShot(t, ctx, "user-form-picker-360")
	run(t, ctx, "add the user",
		chromedp.Click(option),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#new-password")),
	)
	if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the users page is wider than a 360-pixel phone")
	}
	screenshot(t, ctx, "users-360")
	shown := strings.TrimSpace(text(t, ctx, "#new-password"))
	if got := text(t, ctx, "#user-list"); !strings.Contains(got, "moi@example.vn") || !strings.Contains(got, s.neighbor.FullName()+", tỉnh Đắk Lắk") || strings.Contains(got, "commune:") {
		t.Errorf("the list after adding: %q", got)
	}
	run(t, ctx, "users desktop", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.url+"/users/new"), chromedp.WaitVisible(chromedp.CSS("#scope-find")))
	screenshot(t, ctx, "user-form-1366")
	run(t, ctx, "user form phone", chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#scope-find")))
	screenshot(t, ctx, "user-form-360")
	signOut(t, ctx)

	signIn(t, ctx, s, "moi@example.vn", shown)
	run(t, ctx, "account",
		chromedp.Click(chromedp.CSS(`a[href="/account"]`)),
		chromedp.WaitVisible(chromedp.CSS("#current")),
		chromedp.SetValue(chromedp.CSS("#current"), shown),
		chromedp.SetValue(chromedp.CSS("#password"), "mat-khau-rieng"),
		chromedp.SetValue(chromedp.CSS("#confirm"), "mat-khau-rieng"),
		chromedp.Click(chromedp.CSS(`form[action="/account/password"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if got := text(t, ctx, "main"); !strings.Contains(got, "Đã đổi mật khẩu") {
		t.Errorf("after changing the password: %q", got)
	}
	signOut(t, ctx)
	signIn(t, ctx, s, "moi@example.vn", "mat-khau-rieng")
	// On a phone the name is in the menu, closed: the header's text
	// content, not what shows.
	if got := get(t, ctx, "header", chromedp.TextContent(chromedp.CSS("header"))); !strings.Contains(got, "Cán bộ xã mới") {
		t.Errorf("the new password does not sign in: %q", text(t, ctx, "main"))
	}
}
