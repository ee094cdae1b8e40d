package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestReportPickersAndDownloadAtPhoneAndDesktop is the report path of a
// province officer at 360 pixels and on a desktop: the report opens on the
// last finished half-year, the officer picks another period from the list
// and a commune by typing part of its name without diacritics, the
// commune's report opens by code; back on the province's report, the
// document downloads. The first page of the province's PDF is saved as an
// image beside the screenshots.
func TestReportPickersAndDownloadAtPhoneAndDesktop(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	signIn(t, ctx, s, "tinh@example.vn", password)
	typed := units.Fold(s.neighbor.Name)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"360", 360, 780}, {"1366", 1366, 900}} {
		run(t, ctx, "report at "+size.name, chromedp.EmulateViewport(size.width, size.height),
			chromedp.Navigate(s.url+"/report"), chromedp.WaitVisible(chromedp.CSS("article.report h1")))
		if got := get(t, ctx, "period", chromedp.Value(chromedp.CSS("#period"))); got != "2026H1" {
			t.Errorf("at %s the report opens on %q, want the last finished half-year 2026H1", size.name, got)
		}
		if got := text(t, ctx, "article.report"); !strings.Contains(got, "16.740") {
			t.Errorf("at %s the province's report lacks its members 16.740: %q", size.name, got)
		}
		if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Errorf("the report page is wider than the window at %s", size.name)
		}
		// On a desktop the document's tables fit the page as on paper; a
		// row number's column as wide as a name's pushed the sub-units'
		// figures out of sight.
		if size.width >= 1000 {
			if wide := get(t, ctx, "tables that scroll", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('article.report .table-wrap'))
				.filter(w => w.scrollWidth > w.clientWidth + 1)
				.map(w => (w.closest('figure, section') || w).innerText.slice(0, 60))`)); len(wide) > 0 {
				t.Errorf("at %s the document's tables do not fit the page: %q", size.name, wide)
			}
		}
		screenshot(t, ctx, "report-"+size.name)
		windowShot(t, ctx, "report-top-"+size.name)
		run(t, ctx, "document at "+size.name, chromedp.Evaluate[chromedp.Void](`document.querySelector('article.report').scrollIntoView()`))
		windowShot(t, ctx, "report-document-"+size.name)
		run(t, ctx, "top at "+size.name, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))

		option := chromedp.CSS(`#find-list[data-q=` + jsString(typed) + `] li[data-ref="` + s.neighbor.Ref() + `"]`)
		run(t, ctx, "pick at "+size.name,
			chromedp.SetValue(chromedp.CSS("#period"), "2025"),
			chromedp.Focus(chromedp.CSS("#find")),
			chromedp.Clear(chromedp.CSS("#find")),
			chromedp.SendKeys(chromedp.CSS("#find"), typed),
			chromedp.WaitVisible(option),
		)
		// The list shows the server's matches, not the units offered
		// before anything was typed: every entry names the commune.
		get(t, ctx, "matches at "+size.name, chromedp.Poll[bool](`(() => {
			const o = Array.from(document.querySelectorAll('#find-list [role=option]'));
			return o.length > 0 && o.every(li => li.textContent.includes(`+jsString(s.neighbor.Name)+`));
		})()`))
		if get(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Errorf("the list of matches is wider than the window at %s", size.name)
		}
		windowShot(t, ctx, "report-picker-"+size.name)
		label := s.neighbor.FullName() + ", tỉnh Đắk Lắk"
		run(t, ctx, "choose at "+size.name,
			chromedp.Click(option),
			chromedp.Click(chromedp.CSS(`form.report-pick button[type=submit]`)),
			// The new page: its field is written with the commune's
			// name (the old page's field only holds it as typed).
			chromedp.WaitVisible(chromedp.CSS(`input#find[value=`+jsString(label)+`]`)),
			chromedp.WaitVisible(chromedp.CSS("article.report h1")),
		)
		loc := get(t, ctx, "location", chromedp.Location())
		if want := "period=2025&scope=" + url.QueryEscape(s.neighbor.Ref()); !strings.HasSuffix(loc, want) {
			t.Errorf("at %s the chosen report is at %s, want …%s", size.name, loc, want)
		}
		if got := get(t, ctx, "field", chromedp.Value(chromedp.CSS("#find"))); got != label {
			t.Errorf("at %s the field names the commune %q", size.name, got)
		}
		if got := text(t, ctx, "article.report h1"); !strings.Contains(got, "Tổng kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm 2025") {
			t.Errorf("at %s the commune's report is titled %q", size.name, got)
		}
	}

	// The province's document, downloaded as a person does, by its link.
	run(t, ctx, "province report", chromedp.Navigate(s.url+"/report?scope=province:66&period=2026H1"),
		chromedp.WaitVisible(chromedp.CSS("article.report h1")))
	pdf := downloadLink(t, ctx, `a[href^="/report.pdf?"]`)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the downloaded PDF is not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	pdfFirstPage(t, pdf, "report-province-pdf-page1")
	docx := downloadLink(t, ctx, `a[href^="/report.docx?"]`)
	if !bytes.HasPrefix(docx, []byte("PK")) {
		t.Errorf("the downloaded DOCX is not a zip: %q", docx[:min(len(docx), 16)])
	}
}

// jsString writes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// windowShot saves what the window shows (not the whole page), for a
// state such as an open list that matters where the person looks.
func windowShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(shotFile(t, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// downloadLink clicks the link sel and returns the file the browser saved.
func downloadLink(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	progress := chromedp.Events(dctx, cdpbrowser.DownloadProgress)
	allow := true
	run(t, ctx, "download "+sel,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &allow,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)),
	)
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download %s: %v", sel, err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return b
		case cdpbrowser.DownloadProgressStateCanceled:
			t.Fatalf("download %s canceled", sel)
		}
	}
	t.Fatalf("download %s: no file", sel)
	return nil
}

// pdfFirstPage saves the first page of a PDF as a PNG (poppler's pdftoppm
// at 80 dpi) into the screenshots folder.
func pdfFirstPage(t *testing.T, pdf []byte, name string) {
	t.Helper()
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm not found: CI must install poppler-utils")
		}
		t.Log("pdftoppm not found (poppler-utils); the PDF's first page is not saved as an image")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(shotFile(t, name+".png"), ".png") // pdftoppm adds .png
	if b, err := exec.Command(tool, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
}

// TestPrintedReportFitsA4 prints the province's report the way the
// browser's print button does: under the print stylesheet, at the width
// of an A4 portrait page less its margins, no table may reach past the
// page's right edge (the sub-units' table was cut there). The printed
// pages' first and last are saved as images.
func TestPrintedReportFitsA4(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	signIn(t, ctx, s, "tinh@example.vn", password)
	// 210 mm less the margins of 20 and 15 mm, at 96 pixels an inch.
	const a4Content = (210 - 35) * 96 * 10 / 254
	run(t, ctx, "print layout",
		chromedp.EmulateViewport(a4Content, 1000),
		chromedp.Navigate(s.url+"/report?scope=province:66&period=2026H1"),
		chromedp.WaitVisible(chromedp.CSS("article.report h1")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
	)
	cut := get(t, ctx, "tables past the edge", chromedp.Evaluate[[]string](`(() => {
		const edge = document.documentElement.clientWidth + 1;
		return Array.from(document.querySelectorAll('article.report table'))
			.filter(t => t.getBoundingClientRect().right > edge)
			.map(t => (t.closest('figure, section') || t).innerText.slice(0, 60) + ' … ' + Math.round(t.getBoundingClientRect().right) + ' px');
	})()`))
	if len(cut) > 0 {
		t.Errorf("printed on A4, tables reach past the page's %d pixels: %q", a4Content, cut)
	}
	// The browser prints with the print stylesheet once the emulated
	// medium is cleared (an emulated "print" made it print the screen's).
	run(t, ctx, "screen again", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
	pdf := get(t, ctx, "print", chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	pages := pdfPages(t, pdf)
	if len(pages) < 2 {
		t.Fatalf("the printed report has %d pages", len(pages))
	}
	for i, name := range map[int]string{0: "report-print-page1", len(pages) - 1: "report-print-last"} {
		if err := os.WriteFile(shotFile(t, name+".png"), pages[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pdfPages renders every page of a PDF as a PNG (pdftoppm at 80 dpi); the
// test is skipped without poppler-utils, outside CI.
func pdfPages(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm not found: CI must install poppler-utils")
		}
		t.Skip("pdftoppm not found (poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "print.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, "-png", "-r", "80", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	files, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	// page-1.png … page-9.png, or page-01.png … with more pages: the
	// names sort in page order either way.
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
