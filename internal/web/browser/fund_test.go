package browser

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
)

// fundShot saves a screenshot of the committed set fund (shotFile).
func fundShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshot(t, ctx, filepath.Join("fund", name))
}

// newPage marks the page open in ctx, so that a step can wait for the
// page that answers a form (its body has no mark) rather than find the
// element it waits for on the page it came from.
var newPage = chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = '1'`)

// fresh is sel on a page loaded since newPage.
func fresh(sel string) chromedp.CSS { return chromedp.CSS("body:not([data-before]) " + sel) }

// TestACommuneTreasurerKeepsTheFundOnAPhoneAndADesktop is the fund's
// Done-when in a real browser. The commune's treasurer, on a 360-pixel
// phone, opens the fund from the menu and records a day's gifts typed the
// Vietnamese way (1.000.000, 2500000, an in-kind gift with its items); a
// fraction of a đồng is refused beside the form with what was typed kept;
// the receipt prints as a PDF. On a desktop the treasurer adds a
// scholarship programme, lists a pupil, approves and pays her (a payment
// voucher), reverses a wrong receipt with its reason — the receipt stays,
// a reversing entry follows it — and downloads the fund book. Every page is
// checked (width, codes, tap targets, axe-core) at both sizes.
func TestACommuneTreasurerKeepsTheFundOnAPhoneAndADesktop(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	balance := func(want string) {
		t.Helper()
		if got := text(t, ctx, "#fund-balance"); got != want+" đồng" {
			t.Errorf("the balance shows %q, want %q đồng", got, want)
		}
	}

	run(t, ctx, "phone", chromedp.EmulateViewport(360, 780))
	signIn(t, ctx, s, "xa@example.vn", password)
	run(t, ctx, "open the fund from the menu",
		chromedp.Click(chromedp.CSS("details.nav-menu summary")),
		chromedp.WaitVisible(chromedp.CSS(`details.nav-menu a[href="/fund"]`)),
		chromedp.Click(chromedp.CSS(`details.nav-menu a[href="/fund"]`)),
		chromedp.WaitVisible(chromedp.CSS("#r-donor")))
	if got := text(t, ctx, "main h1"); !strings.Contains(got, s.commune.FullName()) {
		t.Errorf("the fund page is titled %q, want the commune %q", got, s.commune.FullName())
	}
	checkPage(t, ctx, "/fund", "the empty fund at 360")
	fundShot(t, ctx, "fund-empty-360")

	gift := func(donor, kind, amount, means, items string) {
		t.Helper()
		acts := []chromedp.Action[chromedp.Void]{
			chromedp.WaitVisible(chromedp.CSS("#r-donor")),
			chromedp.SendKeys(chromedp.CSS("#r-donor"), donor),
			chromedp.SetValue(chromedp.CSS("#r-donor-kind"), kind),
			chromedp.SendKeys(chromedp.CSS("#r-amount"), amount),
			chromedp.SetValue(chromedp.CSS("#r-means"), means),
		}
		if items != "" {
			acts = append(acts, chromedp.SendKeys(chromedp.CSS("#r-items"), items))
		}
		acts = append(acts, newPage, chromedp.Click(chromedp.CSS("#r-submit")), chromedp.WaitVisible(fresh("#fund-notice, #form-alert")))
		run(t, ctx, "receipt from "+donor, acts...)
	}
	gift("Ông Nguyễn Văn Bình", "person", "1.000.000", "cash", "")
	if got := text(t, ctx, "#fund-notice"); got != "Đã ghi PT-2026-0001." {
		t.Errorf("after the first gift: %q", got)
	}
	gift("Dòng họ Lê làng Phú Lộc", "clan", "2500000", "transfer", "")
	gift("Công ty TNHH Minh Phát", "enterprise", "3.000.000", "in_kind", "50 bộ sách giáo khoa lớp 6")
	// A gift typed with a decimal comma: refused beside the form, nothing
	// recorded, what was typed kept.
	gift("Bà Trần Thị Lan", "person", "500.000,5", "cash", "")
	if got := text(t, ctx, "#form-alert"); !strings.Contains(got, "Số tiền") {
		t.Errorf("a fraction of a đồng is refused with %q", got)
	}
	if v := get(t, ctx, "donor kept", chromedp.Value(chromedp.CSS("#r-donor"))); v != "Bà Trần Thị Lan" {
		t.Errorf("after the refusal the donor field holds %q", v)
	}
	checkPage(t, ctx, "/fund/receipt", "the refused gift at 360")
	fundShot(t, ctx, "fund-refused-360")
	run(t, ctx, "correct the amount", chromedp.Clear(chromedp.CSS("#r-amount")), chromedp.SendKeys(chromedp.CSS("#r-amount"), "5.000.000"),
		newPage, chromedp.Click(chromedp.CSS("#r-submit")), chromedp.WaitVisible(fresh("#fund-notice")))
	if got := text(t, ctx, "#fund-notice"); got != "Đã ghi PT-2026-0004." {
		t.Errorf("after the corrected gift: %q", got)
	}
	balance("11.500.000")
	entries := text(t, ctx, ".fund-entries")
	for _, want := range []string{"PT-2026-0001", "Ông Nguyễn Văn Bình", "1.000.000", "2.500.000", "Dòng họ Lê làng Phú Lộc",
		"50 bộ sách giáo khoa lớp 6", "Hiện vật", "Bà Trần Thị Lan", "5.000.000"} {
		if !strings.Contains(entries, want) {
			t.Errorf("the entries lack %q: %q", want, entries)
		}
	}
	checkPage(t, ctx, "/fund", "the day's gifts at 360")
	fundShot(t, ctx, "fund-gifts-360")

	// The first receipt prints: its link answers a PDF.
	voucher := get(t, ctx, "voucher link", chromedp.Evaluate[string](
		`document.querySelector('li[data-number="PT-2026-0001"] a[href^="/fund/voucher.pdf"]').getAttribute('href')`))
	pdf := fetchBytes(t, ctx, voucher)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the receipt's link answers %q, not a PDF", pdf[:min(len(pdf), 16)])
	}
	pdfFirstPage(t, pdf, filepath.Join("fund", "receipt-PT-2026-0001"))
	// It names the treasurer who made it, not her address, and says the
	// amount in words.
	if got := pdfWords(t, pdf); got != "" && (!strings.Contains(got, "Người lập phiếu: Cán bộ xã") || strings.Contains(got, "xa@example.vn") ||
		!strings.Contains(got, "Một triệu đồng")) {
		t.Errorf("the receipt reads %q", got)
	}

	// On a desktop: a scholarship programme, a pupil listed, approved and
	// paid.
	run(t, ctx, "desktop", chromedp.EmulateViewport(1366, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#r-donor")))
	checkPage(t, ctx, "/fund", "the day's gifts at 1366")
	fundShot(t, ctx, "fund-gifts-1366")
	run(t, ctx, "add a programme",
		chromedp.Click(chromedp.CSS("#fund-programme-add summary")),
		chromedp.WaitVisible(chromedp.CSS("#p-code")),
		chromedp.SendKeys(chromedp.CSS("#p-code"), "HB2026"),
		chromedp.SendKeys(chromedp.CSS("#p-name"), "Học bổng Vượt khó học giỏi"),
		chromedp.SendKeys(chromedp.CSS("#p-budget"), "4.000.000"),
		newPage, chromedp.Click(chromedp.CSS("#fund-programme-add button[type=submit]")),
		chromedp.WaitVisible(fresh("#award-add")))
	run(t, ctx, "list a pupil",
		chromedp.Click(chromedp.CSS("#award-add summary")),
		chromedp.WaitVisible(chromedp.CSS("#a-name")),
		chromedp.SendKeys(chromedp.CSS("#a-name"), "Lê Thị Hoa"),
		chromedp.SendKeys(chromedp.CSS("#a-born"), "12/03/2013"),
		chromedp.SetValue(chromedp.CSS("#a-beneficiary"), "pupil_hardship"),
		chromedp.SetValue(chromedp.CSS("#a-kind"), "scholarship"),
		chromedp.SendKeys(chromedp.CSS("#a-school"), "Trường THCS Nguyễn Trãi"),
		chromedp.SendKeys(chromedp.CSS("#a-grade"), "7A"),
		chromedp.SendKeys(chromedp.CSS("#a-reason"), "Mồ côi cha, học lực giỏi"),
		chromedp.SendKeys(chromedp.CSS("#a-amount"), "1.500.000"),
		newPage, chromedp.Click(chromedp.CSS("#a-submit")),
		chromedp.WaitVisible(fresh("#prog-approve")))
	if got := text(t, ctx, "#fund-notice"); !strings.Contains(got, "Đã thêm người nhận") {
		t.Errorf("after listing the pupil: %q", got)
	}
	checkPage(t, ctx, "/fund/programme", "the programme with a pupil waiting at 1366")
	fundShot(t, ctx, "programme-pending-1366")
	run(t, ctx, "approve", newPage, chromedp.Click(chromedp.CSS("#prog-approve")), chromedp.WaitVisible(fresh("#fund-notice")))
	pay := chromedp.CSS(`form[action^="/fund/pay"] button`)
	run(t, ctx, "pay", chromedp.WaitVisible(pay), newPage, chromedp.Click(pay), chromedp.WaitVisible(fresh("#fund-notice")))
	if got := text(t, ctx, "#fund-notice"); got != "Đã ghi PC-2026-0001." {
		t.Errorf("after paying: %q", got)
	}
	if got := text(t, ctx, ".fund-awards"); !strings.Contains(got, "Lê Thị Hoa") || !strings.Contains(got, "PC-2026-0001") || strings.Contains(got, "12/03/2013") {
		t.Errorf("the paid award shows %q (paid by PC-2026-0001, the birth date masked)", got)
	}
	if got := text(t, ctx, "#prog-spent"); got != "1.500.000" {
		t.Errorf("the programme has spent %q, want 1.500.000", got)
	}
	checkPage(t, ctx, "/fund/programme", "the paid programme at 1366")
	fundShot(t, ctx, "programme-paid-1366")
	run(t, ctx, "programme on a phone", chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#award-add")))
	checkPage(t, ctx, "/fund/programme", "the paid programme at 360")
	fundShot(t, ctx, "programme-paid-360")

	// Bà Lan gave 500.000, not 5.000.000: the receipt is reversed with the
	// reason, on the phone, and a new one recorded.
	run(t, ctx, "back to the fund", chromedp.Click(chromedp.CSS(`.crumbs a[href^="/fund?"]`)), chromedp.WaitVisible(chromedp.CSS("#r-donor")))
	wrong := `li[data-number="PT-2026-0004"] `
	run(t, ctx, "reverse the wrong receipt",
		chromedp.Click(chromedp.CSS(wrong+"details summary")),
		chromedp.WaitVisible(chromedp.CSS("#rev-PT-2026-0004")),
		chromedp.SendKeys(chromedp.CSS("#rev-PT-2026-0004"), "Ghi nhầm số tiền: bà Lan nộp 500.000 đồng"),
		newPage, chromedp.Click(chromedp.CSS(wrong+"button[type=submit]")),
		chromedp.WaitVisible(fresh("#fund-notice")))
	if got := text(t, ctx, "#fund-notice"); got != "Đã ghi DC-2026-0001." {
		t.Errorf("after the reversal: %q", got)
	}
	gift("Bà Trần Thị Lan", "person", "500.000", "cash", "")
	balance("5.500.000") // 11.500.000 − 1.500.000 paid − 5.000.000 reversed + 500.000
	if n := get(t, ctx, "wrong receipt kept", chromedp.Evaluate[int](`document.querySelectorAll('li[data-number="PT-2026-0004"]').length`)); n != 1 {
		t.Errorf("the reversed receipt shows %d times, want once (kept, not deleted)", n)
	}
	if got := text(t, ctx, `li[data-number="PT-2026-0004"]`); !strings.Contains(got, "Đã đảo bằng DC-2026-0001") {
		t.Errorf("the reversed receipt does not say by what: %q", got)
	}
	if n := get(t, ctx, "reversed not again", chromedp.Evaluate[int](`document.querySelectorAll('li[data-number="PT-2026-0004"] details').length`)); n != 0 {
		t.Error("the reversed receipt can still be reversed")
	}
	if got := text(t, ctx, `li[data-number="DC-2026-0001"]`); !strings.Contains(got, "Ghi nhầm số tiền: bà Lan nộp 500.000 đồng") || !strings.Contains(got, "PT-2026-0004") {
		t.Errorf("the reversing entry shows %q: its reason and the receipt it reverses", got)
	}
	checkPage(t, ctx, "/fund", "the fund after the reversal at 360")
	fundShot(t, ctx, "fund-reversed-360")

	// The fund book of the year, downloaded as a person does.
	run(t, ctx, "desktop again", chromedp.EmulateViewport(1366, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#fund-book")))
	checkPage(t, ctx, "/fund", "the fund after the reversal at 1366")
	fundShot(t, ctx, "fund-reversed-1366")
	book := downloadLink(t, ctx, "#fund-book")
	sheets := xlsxText(t, book)
	for _, want := range []string{"PT-2026-0001", "PC-2026-0001", "DC-2026-0001", "PT-2026-0005", "Ông Nguyễn Văn Bình", "Lê Thị Hoa",
		"Ghi nhầm số tiền: bà Lan nộp 500.000 đồng"} {
		if !strings.Contains(sheets, want) {
			t.Errorf("the fund book lacks %q", want)
		}
	}
}

// TestATreasurerRecordsAPaymentOutsideAProgrammeOnAPhone: on a 360-pixel
// phone the commune's treasurer opens the payment form of the fund page,
// pays books and bicycles beyond what the fund holds (refused beside the
// form, what was typed kept, the form still open), corrects the amount and
// sees the payment, with its purpose and recipient, at the top of the
// ledger's list and the balance down by it.
func TestATreasurerRecordsAPaymentOutsideAProgrammeOnAPhone(t *testing.T) {
	s := newSite(t)
	if _, _, err := fund.Record(context.Background(), s.db, s.tree, auth.LocalAdmin("thuquy"), fund.NewEntry{UnitID: s.commune.ID,
		Kind: fund.Receipt, Amount: 3_000_000, Day: clock.AddDate(0, 0, -10), Party: "Công ty Minh Phát", PartyKind: "enterprise"}, clock); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	run(t, ctx, "phone", chromedp.EmulateViewport(360, 780))
	signIn(t, ctx, s, "xa@example.vn", password)
	run(t, ctx, "open the payment form",
		chromedp.Navigate(s.url+"/fund"),
		chromedp.WaitVisible(chromedp.CSS("#fund-payment summary")),
		chromedp.Click(chromedp.CSS("#fund-payment summary")),
		chromedp.WaitVisible(chromedp.CSS("#pay-to")))
	pay := func(amount string) {
		t.Helper()
		run(t, ctx, "pay "+amount,
			chromedp.SetValue(chromedp.CSS("#pay-purpose"), "books_bicycles"),
			chromedp.Clear(chromedp.CSS("#pay-to")),
			chromedp.SendKeys(chromedp.CSS("#pay-to"), "Em Lê Văn Tú"),
			chromedp.Clear(chromedp.CSS("#pay-amount")),
			chromedp.SendKeys(chromedp.CSS("#pay-amount"), amount),
			chromedp.Clear(chromedp.CSS("#pay-note")),
			chromedp.SendKeys(chromedp.CSS("#pay-note"), "Xe đạp cho học sinh nghèo đi học xa"),
			newPage, chromedp.Click(chromedp.CSS("#pay-submit")), chromedp.WaitVisible(fresh("#fund-notice, #form-alert")))
	}
	pay("5.000.000")
	if got := text(t, ctx, "#form-alert"); !strings.Contains(got, "Số tiền") || !strings.Contains(got, "vượt số dư quỹ") {
		t.Errorf("a payment beyond the balance is refused with %q", got)
	}
	if v := get(t, ctx, "recipient kept", chromedp.Value(chromedp.CSS("#pay-to"))); v != "Em Lê Văn Tú" {
		t.Errorf("after the refusal the recipient field holds %q", v)
	}
	checkPage(t, ctx, "/fund/payment", "the refused payment at 360")
	fundShot(t, ctx, "payment-refused-360")
	pay("1.200.000")
	if got := text(t, ctx, "#fund-notice"); got != "Đã ghi PC-2026-0001." {
		t.Errorf("after the payment: %q", got)
	}
	if got := text(t, ctx, "#fund-balance"); got != "1.800.000 đồng" {
		t.Errorf("the balance shows %q, want 1.800.000 đồng", got)
	}
	first := text(t, ctx, ".fund-entries li:first-child")
	for _, want := range []string{"PC-2026-0001", "Sách vở, xe đạp", "Em Lê Văn Tú", "1.200.000", "Xe đạp cho học sinh nghèo đi học xa"} {
		if !strings.Contains(first, want) {
			t.Errorf("the ledger's newest entry lacks %q: %q", want, first)
		}
	}
	checkPage(t, ctx, "/fund", "the payment at 360")
	fundShot(t, ctx, "payment-360")
}

// fetchBytes reads path with the browser's own session, as the link does.
func fetchBytes(t *testing.T, ctx context.Context, path string) []byte {
	t.Helper()
	s := get(t, ctx, "fetch "+path, chromedp.Evaluate[string](`fetch(`+jsString(path)+`).then(r => r.arrayBuffer()).then(b => {
	  let s = ''; new Uint8Array(b).forEach(c => { s += String.fromCharCode(c); }); return s; })`, chromedp.EvalAwaitPromise))
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

// pdfWords is what poppler's pdftotext reads from a PDF, or "" where it
// is not installed (CI installs it: there its absence fails the test).
func pdfWords(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found: CI must install poppler-utils")
		}
		t.Log("pdftotext not found (poppler-utils); the receipt's words are not read")
		return ""
	}
	in := filepath.Join(t.TempDir(), "voucher.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// xlsxText is the text of an XLSX file's strings and sheets, for a test to
// look for what the file must hold.
func xlsxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the downloaded file is not an XLSX: %v", err)
	}
	var all strings.Builder
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(r)
		r.Close()
		all.Write(x)
	}
	return all.String()
}
