package browser

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// seedRegistry gives a commune its association with two branches, and
// members, through the registry's operations.
func seedRegistry(t *testing.T, s *site, c *units.Unit, people ...registry.Fields) {
	t.Helper()
	ctx := context.Background()
	admin := auth.LocalAdmin("test")
	a, err := registry.AddOrg(ctx, s.db, s.tree, admin, registry.NewOrg{Kind: registry.Grassroots, Name: "Hội Khuyến học " + c.FullName(),
		CommuneID: c.ID, Founded: c.ValidFrom}, clock)
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	for _, n := range []string{"Thôn 1", "Thôn 2"} {
		b, err := registry.AddOrg(ctx, s.db, s.tree, admin, registry.NewOrg{Kind: registry.Branch, Name: n, ParentID: a.ID,
			PlaceKind: "thôn", Place: n, Founded: c.ValidFrom}, clock)
		if err != nil {
			t.Fatal(err)
		}
		if first == 0 {
			first = b.ID
		}
	}
	for _, p := range people {
		if _, err := registry.AddMember(ctx, s.db, s.tree, admin, first, p, false, clock); err != nil {
			t.Fatal(err)
		}
	}
}

// tinyTargets lists the visible controls of the page's main part that are
// too small to tap (under 40 pixels high), as "tag: text".
const tinyTargets = `(() => {
  const out = [];
  document.querySelectorAll('main a, main button, main select, main input:not([type=hidden]), main summary').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    if (e.matches('input[type=checkbox], input[type=radio]')) {
      const l = e.closest('label');
      if (l && l.getBoundingClientRect().height >= 40) return;
    }
    if (e.closest('.crumbs')) return; // a breadcrumb link, with the menu above it
    if (e.classList.contains('file-hidden')) return; // its label is the button
    if (r.height < 40) out.push(e.tagName.toLowerCase() + ': ' + (e.textContent || e.name || '').trim().slice(0, 40) + ' (' + Math.round(r.height) + ' px)');
  });
  return out;
})()`

// checkFits fails the test when the page is wider than the window or,
// on a phone, has controls too small to tap.
func checkFits(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Errorf("%s is wider than the window", what)
	}
	phone := get(t, ctx, "width", chromedp.Evaluate[bool](`window.innerWidth < 600`))
	if tiny := get(t, ctx, "tap targets", chromedp.Evaluate[[]string](tinyTargets)); phone && len(tiny) > 0 {
		t.Errorf("%s has controls too small to tap: %q", what, tiny)
	}
}

// TestCommuneOfficerImportsFindsAndRecordsALeavingOnAPhone is a commune
// officer's path on a 360-pixel phone: import a member file with a bad
// row, read which row and column are wrong, fix it, preview and import;
// search "nguyen van an" without diacritics and find "Nguyễn Văn An"; open
// the member and record that he left. Then the same pages on a desktop.
func TestCommuneOfficerImportsFindsAndRecordsALeavingOnAPhone(t *testing.T) {
	s := newSite(t)
	seedRegistry(t, s, s.commune,
		registry.Fields{FullName: "Lê Thị Ba", Gender: "Nữ", BirthDate: "1970", Phone: "0987654321", JoinedOn: "01/08/2025"},
		registry.Fields{FullName: "Nguyễn Văn Anh", Gender: "Nam", BirthDate: "1958", JoinedOn: "01/08/2025"})
	seedRegistry(t, s, s.neighbor, registry.Fields{FullName: "Nguyễn Văn An Hàng Xóm", Gender: "Nam", BirthDate: "1961", JoinedOn: "01/08/2025"})
	dir := t.TempDir()
	file := filepath.Join(dir, "danh-sach-hoi-vien.csv")
	write := func(birth string) {
		// Headed as the officer's own list is: «SĐT» for the phone, and a
		// notes column the import does not read.
		csv := "Mã xã,Chi hội,Họ và tên,Giới tính,Ngày sinh,SĐT,Ngày vào hội,Ghi chú\n" +
			s.commune.Code + ",Thôn 1,Nguyễn Văn An,Nam,12/03/1960,0912345678,01/09/2025,chi hội trưởng\n" +
			s.commune.Code + ",Thôn 2,Trần Thị Cúc,Nữ," + birth + ",,01/09/2025,\n" +
			s.commune.Code + ",Thôn 2,Phạm Văn Dũng,Nam,1950,,15/09/2025,\n"
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("31/02/1965")

	ctx := browser(t)
	run(t, ctx, "phone", chromedp.EmulateViewport(360, 780))
	signIn(t, ctx, s, "xa@example.vn", password)
	run(t, ctx, "open the import from the menu",
		chromedp.Navigate(s.url+"/members"), chromedp.WaitVisible(chromedp.CSS("main h1")),
		chromedp.Click(chromedp.CSS(`a[href="/members/import"]`)), chromedp.WaitVisible(chromedp.CSS("#file")))
	checkFits(t, ctx, "the import page at 360")
	screenshot(t, ctx, "members-import-360")
	run(t, ctx, "preview the file with a bad row",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS(`button[value="preview"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import-errors")))
	got := text(t, ctx, "#import-errors")
	if !strings.Contains(got, "3") || !strings.Contains(got, "Ngày sinh") || !strings.Contains(got, "31/02/1965") {
		t.Errorf("the refusal does not name row 3 and its birth date: %q", got)
	}
	checkFits(t, ctx, "the refused file at 360")
	screenshot(t, ctx, "members-import-error-360")

	write("05/06/1965")
	run(t, ctx, "preview the corrected file",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS(`button[value="preview"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import-result")))
	if got := text(t, ctx, "#import-result"); !strings.Contains(got, "Xem trước") || !strings.Contains(got, "Thêm mới: 3") {
		t.Errorf("the preview says %q", got)
	}
	if got := text(t, ctx, "#import-unread"); !strings.Contains(got, "«Ghi chú»") || strings.Contains(got, "SĐT") {
		t.Errorf("the columns not read: %q", got)
	}
	checkFits(t, ctx, "the preview at 360")
	screenshot(t, ctx, "members-import-preview-360")
	// The file stays chosen: "Nhập" imports it without choosing it again.
	run(t, ctx, "import", chromedp.Click(chromedp.CSS(`button[value="import"]`)))
	get(t, ctx, "wait for the import", chromedp.Poll[bool](`(document.querySelector('#import-result')||{}).textContent?.includes('Đã nhập tệp') || false`))
	if got := text(t, ctx, "#import-result"); !strings.Contains(got, "Thêm mới: 3") {
		t.Errorf("the import says %q", got)
	}

	run(t, ctx, "search without diacritics",
		chromedp.Navigate(s.url+"/members"), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "nguyen van an"),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = '1'`),
		chromedp.Click(chromedp.CSS("form.members-filter button[type=submit]")),
		// The answer is a new page: its body has no mark.
		chromedp.WaitVisible(chromedp.CSS("body:not([data-before]) #members-count")))
	got = text(t, ctx, "main")
	// "nguyen van an" finds the start of a name: An and Anh, not Ba, not
	// the namesake of the neighbouring commune.
	if !strings.Contains(got, "Nguyễn Văn An") || !strings.Contains(got, "2 hội viên") || strings.Contains(got, "Lê Thị Ba") ||
		strings.Contains(got, "Hàng Xóm") || strings.Contains(got, "0912345678") {
		t.Errorf("the search shows %q", got)
	}
	checkFits(t, ctx, "the member list at 360")
	screenshot(t, ctx, "members-list-360")

	run(t, ctx, "open the member",
		chromedp.Click(chromedp.Search(`//main//a[text()="Nguyễn Văn An"]`)),
		chromedp.WaitVisible(chromedp.CSS("#facts-title")))
	checkFits(t, ctx, "the member page at 360")
	screenshot(t, ctx, "member-360")
	run(t, ctx, "record the leaving",
		chromedp.Click(chromedp.CSS("#leave summary")),
		chromedp.WaitVisible(chromedp.CSS("#leave-left_reason")),
		chromedp.SendKeys(chromedp.CSS("#leave-left_reason"), "chuyển nơi ở"),
		chromedp.Click(chromedp.CSS("#leave button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	got = text(t, ctx, "main")
	if !strings.Contains(got, "Đã ghi hội viên ra hội") || !strings.Contains(got, "chuyển nơi ở") || !strings.Contains(got, "Đã ra hội") {
		t.Errorf("after the leaving the page shows %q", got)
	}
	screenshot(t, ctx, "member-left-360")

	// The same pages on a desktop.
	run(t, ctx, "desktop", chromedp.EmulateViewport(1366, 900))
	for _, p := range []struct{ name, path string }{
		{"members-list-1366", "/members?former=1"},
		{"members-import-1366", "/members/import"},
		{"associations-1366", "/associations"},
		{"member-new-1366", "/members/new"},
	} {
		run(t, ctx, p.name, chromedp.Navigate(s.url+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		checkFits(t, ctx, p.path+" at 1366")
		screenshot(t, ctx, p.name)
	}
	run(t, ctx, "member at 1366", chromedp.Navigate(s.url+"/members?former=1&q=nguyen+van+an"), chromedp.WaitVisible(chromedp.CSS("#members-count")),
		chromedp.Click(chromedp.Search(`//main//a[text()="Nguyễn Văn An"]`)), chromedp.WaitVisible(chromedp.CSS("#facts-title")))
	screenshot(t, ctx, "member-1366")
	run(t, ctx, "phone again", chromedp.EmulateViewport(360, 780))
	for _, p := range []struct{ name, path string }{
		{"associations-360", "/associations"},
		{"member-new-360", "/members/new"},
	} {
		run(t, ctx, p.name, chromedp.Navigate(s.url+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		checkFits(t, ctx, p.path+" at 360")
		screenshot(t, ctx, p.name)
	}
	// The add form refused: each fault beside its field, in Vietnamese.
	run(t, ctx, "add a member with faults",
		chromedp.SetValue(chromedp.CSS("#new-birth_date"), "31/02/1960"),
		chromedp.SetValue(chromedp.CSS("#new-phone"), "12345"),
		chromedp.Click(chromedp.CSS("form.member-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#new-e-full_name")))
	for _, id := range []string{"#new-e-branch", "#new-e-full_name", "#new-e-birth_date", "#new-e-phone"} {
		if text(t, ctx, id) == "" {
			t.Errorf("no fault beside %s", id)
		}
	}
	checkFits(t, ctx, "the refused add form at 360")
	screenshot(t, ctx, "member-new-errors-360")
}
