package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProvinceOfficerWritesAReportSectionOnAPhone is the path of the
// report's texts on a 360-pixel phone: from the report page to the texts
// page, a section typed and saved as a draft, the page opened again with
// the section as saved, nothing wider than the screen and every control
// large enough to tap.
func TestProvinceOfficerWritesAReportSectionOnAPhone(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	page := "/reports/province:66/2026H1/texts"
	advice := chromedp.CSS(`textarea[name="text:advice"]`)
	written := "Ban Thường vụ đã tham mưu Tỉnh ủy ban hành kế hoạch xây dựng xã hội học tập."

	signIn(t, ctx, s, "tinh@example.vn", password)
	run(t, ctx, "report", chromedp.EmulateViewport(360, 780),
		chromedp.Navigate(s.url+"/report?scope=province:66&period=2026H1"), chromedp.WaitVisible(chromedp.CSS("#texts-link")),
		chromedp.Click(chromedp.CSS("#texts-link")), chromedp.WaitVisible(advice))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Công tác tham mưu, chỉ đạo") || !strings.Contains(got, "Câu viết thêm sau số liệu") {
		t.Errorf("the texts page: %.400q", got)
	}
	if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the texts page is wider than a 360-pixel phone")
	}
	if tiny := get(t, ctx, "tap targets", chromedp.Evaluate[[]string](tinyTargets)); len(tiny) > 0 {
		t.Errorf("controls too small to tap on a phone: %v", tiny)
	}
	run(t, ctx, "write and save",
		chromedp.SendKeys(advice, written),
		chromedp.Click(chromedp.CSS("#texts-save")),
		chromedp.WaitVisible(chromedp.CSS("#texts-notice")))
	if got := text(t, ctx, "#texts-notice"); got != "Đã lưu nội dung báo cáo." {
		t.Errorf("after saving: %q", got)
	}
	run(t, ctx, "reload", chromedp.Navigate(s.url+page), chromedp.WaitVisible(advice))
	if v := get(t, ctx, "saved advice", chromedp.Value(advice)); v != written {
		t.Errorf("the advice after reloading: %q, want %q", v, written)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "phiên bản 1") {
		t.Errorf("the saved section does not show its version: %.600q", got)
	}
	screenshot(t, ctx, "report-texts-360")
}
