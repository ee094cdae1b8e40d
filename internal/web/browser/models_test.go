package browser

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
)

// modelsShot saves a screenshot of the committed set models (shotFile).
func modelsShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshot(t, ctx, filepath.Join("models", name))
}

// TestACitizenSelfAssessesAndTheCommuneRecognisesABatch is the Done-when of
// the learning titles: a citizen self-assesses on a 360-pixel phone and
// sees the result; the commune's officer (for the branch) verifies her
// submission and a household member's evaluation together, recognises both
// under one decision and prints a certificate; its code verifies on the
// public page. Then the same pages on a desktop.
func TestACitizenSelfAssessesAndTheCommuneRecognisesABatch(t *testing.T) {
	s := newSite(t)
	bg := context.Background()
	// A second learning citizen, entered and scored by the office.
	set, err := models.GetSet(bg, s.db, "citizen-residents-2023")
	if err != nil {
		t.Fatal(err)
	}
	var answers []models.Answer
	for _, in := range set.Indicators() {
		answers = append(answers, models.Answer{Code: in.Code, Value: 9, Evidence: "biên bản họp chi hội"})
	}
	admin := auth.LocalAdmin("test")
	r, err := models.Register(bg, s.db, s.tree, admin, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
		Year: 2026, CommuneID: s.commune.ID, Name: "Trần Văn Nam"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.Evaluate(bg, s.db, s.tree, admin, r.ID, "", answers, clock); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	run(t, ctx, "phone", chromedp.EmulateViewport(360, 780))
	commune := strconv.FormatInt(s.commune.ID, 10)
	run(t, ctx, "find the commune",
		chromedp.Navigate(s.url+"/cong-dan-hoc-tap"), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), s.commune.Name),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=commune][value="`+commune+`"]`)))
	checkFits(t, ctx, "the communes found at 360")
	modelsShot(t, ctx, "self-commune-360")
	run(t, ctx, "choose it and the target group",
		chromedp.Click(chromedp.CSS(`input[name=commune][value="`+commune+`"]`)),
		chromedp.SetValue(chromedp.CSS("#group"), "residents"),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#v_1\\.1")))
	// Answer every indicator, one under 5 first: the preview says what
	// is missing.
	run(t, ctx, "answer", chromedp.Evaluate[chromedp.Void](`(() => {
	  document.querySelectorAll('[id^="v_"]').forEach(e => { e.value = e.tagName === 'SELECT' ? '1' : '9'; });
	  document.querySelectorAll('[id^="e_"]').forEach(e => { e.value = 'Lớp tin học ở nhà văn hóa thôn'; });
	  document.querySelector('#v_1\\.4').value = '4';
	})()`))
	run(t, ctx, "preview", chromedp.Click(chromedp.CSS(`button[value="preview"]`)), chromedp.WaitVisible(chromedp.CSS(".result")))
	if got := text(t, ctx, ".result"); !strings.Contains(got, "Tổng điểm: 85/100") || !strings.Contains(got, "1.4") {
		t.Errorf("the preview says %q", got)
	}
	checkFits(t, ctx, "the self-assessment at 360")
	modelsShot(t, ctx, "self-preview-360")
	run(t, ctx, "correct and submit",
		chromedp.SetValue(chromedp.CSS("#v_1\\.4"), "9"),
		chromedp.SetValue(chromedp.CSS("#name"), "Nguyễn Thị Hoa"),
		chromedp.SetValue(chromedp.CSS("#cccd"), "066190012345"),
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	got := text(t, ctx, "main")
	if !strings.Contains(got, "Đã gửi bản tự đánh giá") || !strings.Contains(got, "90/100") || !strings.Contains(got, "Bạn đạt") ||
		strings.Contains(got, "066190012345") || strings.Contains(got, "Nguyễn Thị Hoa") {
		t.Errorf("after submitting the page shows %q", got)
	}
	checkFits(t, ctx, "the result at 360")
	modelsShot(t, ctx, "self-result-360")

	// The commune's officer, on the same phone.
	signIn(t, ctx, s, "xa@example.vn", password)
	run(t, ctx, "open the titles from the menu",
		chromedp.Navigate(s.url+"/danh-hieu"), chromedp.WaitVisible(chromedp.CSS("#models-form")))
	got = text(t, ctx, "main")
	if !strings.Contains(got, "Nguyễn Thị Hoa") || !strings.Contains(got, "Trần Văn Nam") || strings.Contains(got, "066190012345") {
		t.Errorf("the commune's list shows %q", got)
	}
	checkFits(t, ctx, "the titles page at 360")
	modelsShot(t, ctx, "office-list-360")
	tickAll := chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#models-form input[name=id]').forEach(e => { e.checked = true; })`)
	run(t, ctx, "the branch verifies both", tickAll,
		chromedp.Click(chromedp.CSS("#models-verify")), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := text(t, ctx, "p.notice"); !strings.Contains(got, "Đã xác nhận 2 đăng ký") {
		t.Errorf("after verifying: %q", got)
	}
	run(t, ctx, "the commune recognises both under one decision", tickAll,
		chromedp.SetValue(chromedp.CSS("#models-decision"), "25/QĐ-UBND"),
		chromedp.SetValue(chromedp.CSS("#models-date"), "20/11/2026"),
		chromedp.Click(chromedp.CSS("#models-recognise")),
		chromedp.WaitVisible(chromedp.CSS("a.button[href^='/giay-chung-nhan/']")))
	got = text(t, ctx, "main")
	if !strings.Contains(got, "Đã công nhận 2 đăng ký theo quyết định 25/QĐ-UBND") {
		t.Errorf("after recognising: %q", got)
	}
	checkFits(t, ctx, "the recognised list at 360")
	modelsShot(t, ctx, "office-recognised-360")
	hrefs := get(t, ctx, "certificate links", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("a.button[href^='/giay-chung-nhan/']")).map(a => a.getAttribute('href'))`))
	if len(hrefs) != 2 {
		t.Fatalf("%d certificate links, want 2", len(hrefs))
	}
	code := strings.TrimPrefix(hrefs[0], "/giay-chung-nhan/")

	// The certificate prints: a PDF, looked at as an image.
	resp, err := http.Get(s.url + hrefs[0])
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("certificate: %d %.20q", resp.StatusCode, pdf)
	}
	dir := filepath.Dir(shotFile(t, filepath.Join("models", "certificate.png")))
	if err := os.WriteFile(filepath.Join(dir, "certificate.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-singlefile", filepath.Join(dir, "certificate.pdf"), filepath.Join(dir, "certificate")).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v %s", err, out)
		}
	}
	os.Remove(filepath.Join(dir, "certificate.pdf"))

	// Its code verifies on the public page, from the certificate's QR
	// address, with the name and title only.
	run(t, ctx, "verify the code", chromedp.Navigate(s.url+"/xac-minh/"+code), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	got = text(t, ctx, "main")
	if !strings.Contains(got, "Giấy chứng nhận hợp lệ") || !strings.Contains(got, "25/QĐ-UBND") || !strings.Contains(got, "Công dân học tập") ||
		!regexp.MustCompile(`Nguyễn Thị Hoa|Trần Văn Nam`).MatchString(got) || strings.Contains(got, "066190012345") {
		t.Errorf("the verification shows %q", got)
	}
	checkFits(t, ctx, "the verification at 360")
	modelsShot(t, ctx, "verify-360")

	// The same pages on a desktop.
	run(t, ctx, "desktop", chromedp.EmulateViewport(1366, 900))
	for _, p := range []struct{ name, path, wait string }{
		{"office-list-1366", "/danh-hieu", "#models-form"},
		{"verify-1366", "/xac-minh/" + code, "p.notice"},
		{"self-1366", "/cong-dan-hoc-tap?commune=" + commune + "&group=workers", "#v_1\\.1"},
	} {
		run(t, ctx, p.name, chromedp.Navigate(s.url+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		checkFits(t, ctx, p.path+" at 1366")
		modelsShot(t, ctx, p.name)
	}
}
