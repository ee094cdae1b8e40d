package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestATreasurerRecordsGiftsPaysReversesAndPrintsTheBook is the fund's
// day at a commune, through the command line: receipts (one sent twice
// with its key), a payment, a wrong receipt reversed, a payment beyond the
// balance refused, the fund book in every format, a file of receipts
// imported twice, and the province's report counting the commune's fund.
func num(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func TestATreasurerRecordsGiftsPaysReversesAndPrintsTheBook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ok := func(args ...string) string { return membersOK(t, db, args...) }
		out := ok("fund", "receipt", "--unit", "commune:00004", "--amount", "2.000.000", "--donor", "Ông Nguyễn Văn Bình",
			"--donor-kind", "person", "--date", "02/03/2026", "--key", "bl-01")
		if out != "Đã ghi PT-2026-0001: 2.000.000 đồng, ngày 02/03/2026.\n" {
			t.Errorf("receipt: %q", out)
		}
		var j map[string]any
		out = ok("fund", "receipt", "--unit", "commune:00004", "--amount", "2000000", "--donor", "Ông Nguyễn Văn Bình",
			"--date", "02/03/2026", "--key", "bl-01", "--format", "json")
		if err := json.Unmarshal([]byte(out), &j); err != nil || j["number"] != "PT-2026-0001" || j["id"] != float64(1) || j["existing"] != true {
			t.Errorf("the same key again: %q (%v)", out, err)
		}
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "500000", "--donor", "Công ty Minh Phát",
			"--donor-kind", "enterprise", "--kind", "in_kind", "--items", "50 bộ sách giáo khoa", "--date", "02/03/2026")
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "3000000", "--donor", "Bà Lê Thị Lan", "--date", "03/03/2026")
		out = ok("fund", "reverse", "--unit", "commune:00004", "--number", "PT-2026-0003", "--reason", "ghi nhầm, đúng là 300.000")
		if !strings.Contains(out, "DC-2026-0001") {
			t.Errorf("reverse: %q", out)
		}
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "300000", "--donor", "Bà Lê Thị Lan", "--date", "03/03/2026")
		ok("fund", "programme", "--unit", "commune:00004", "--code", "HB2026", "--name", "Học bổng vượt khó 2026", "--year", "2026", "--budget", "1.000.000")
		ok("fund", "payment", "--unit", "commune:00004", "--amount", "1.000.000", "--to", "Em Trần Văn Nam", "--purpose", "scholarship",
			"--programme", "HB2026", "--date", "10/03/2026")
		for _, c := range []struct {
			args []string
			code int
			msg  string
		}{
			{[]string{"fund", "payment", "--unit", "commune:00004", "--amount", "5000000", "--to", "Em A"}, 1, "vượt số dư quỹ 1.800.000"},
			{[]string{"fund", "receipt", "--unit", "commune:00004", "--amount", "0", "--donor", "A"}, 1, "--amount: số tiền phải lớn hơn 0"},
			{[]string{"fund", "payment", "--unit", "commune:00004", "--amount", "1000", "--to", "Em B", "--programme", "HB2026"}, 1, "vượt ngân sách còn lại của chương trình HB2026 (0 đồng)"},
			{[]string{"fund", "payment", "--unit", "commune:00004", "--amount", "1000", "--to", "Em B", "--programme", "HB2099"}, 1, "không có chương trình \"HB2099\" năm 2026"},
			{[]string{"fund", "receipt", "--unit", "commune:00004", "--amount", "1000,5", "--donor", "A"}, 1, "có phần lẻ"},
			{[]string{"fund", "receipt", "--unit", "commune:99999", "--amount", "1000", "--donor", "A"}, 1, "--unit"},
			{[]string{"fund", "reverse", "--unit", "commune:00004", "--number", "DC-2026-0001", "--reason", "x"}, 1, "không đảo được"},
			{[]string{"fund", "receipt", "--unit", "commune:00004"}, 2, "cần --unit và --amount"},
			{[]string{"fund", "book", "--unit", "commune:00004", "--period", "2026", "--format", "xlsx"}, 2, "-o"},
		} {
			out, errOut, code := importsRun(t, db, c.args...)
			if code != c.code || out != "" || !strings.Contains(errOut, c.msg) {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.msg)
			}
		}
		if n := importsCount(t, db, "fund_entries"); n != 6 {
			t.Errorf("%d entries, want 6", n)
		}
		var book struct {
			Opening, Closing int64
			Entries          []struct {
				Number, Date, Kind, Direction, Reverses string
				Amount, Balance                         int64
			}
		}
		if err := json.Unmarshal([]byte(ok("fund", "book", "--unit", "commune:00004", "--period", "2026Q1", "--format", "json")), &book); err != nil {
			t.Fatal(err)
		}
		if book.Opening != 0 || book.Closing != 1_800_000 || len(book.Entries) != 6 {
			t.Fatalf("book: %+v", book)
		}
		// The reversal is dated today (15/03), after the payment.
		if rev := book.Entries[5]; rev.Number != "DC-2026-0001" || rev.Date != "2026-03-15" || rev.Reverses != "PT-2026-0003" || rev.Direction != "out" || rev.Balance != 1_800_000 {
			t.Errorf("the reversal in the book: %+v", rev)
		}
		if pay := book.Entries[4]; pay.Number != "PC-2026-0001" || pay.Date != "2026-03-10" || pay.Amount != 1_000_000 || pay.Balance != 4_800_000 {
			t.Errorf("the payment in the book: %+v", pay)
		}
		table := ok("fund", "book", "--unit", "commune:00004", "--period", "2026-03")
		for _, s := range []string{"SỔ QUỸ KHUYẾN HỌC", "tháng 3 năm 2026", "PT-2026-0002", "50 bộ sách giáo khoa", "Số dư cuối kỳ", "1.800.000"} {
			if !strings.Contains(table, s) {
				t.Errorf("table book lacks %q:\n%s", s, table)
			}
		}
		csv := ok("fund", "book", "--unit", "commune:00004", "--period", "2026", "--format", "csv")
		if !strings.HasPrefix(csv, "number,date,kind,means,party,direction,amount,balance,note\nPT-2026-0001,2026-03-02,receipt,cash,Ông Nguyễn Văn Bình,in,2000000,2000000,\n") {
			t.Errorf("csv book: %q", csv)
		}
		path := filepath.Join(t.TempDir(), "so-quy.xlsx")
		ok("fund", "book", "--unit", "commune:00004", "--period", "2026", "--format", "xlsx", "-o", path)
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Sổ quỹ")
		layout, _ := x.GetPageLayout("Sổ quỹ")
		titles := ""
		for _, n := range x.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == "Sổ quỹ" {
				titles = n.RefersTo
			}
		}
		x.Close()
		if err != nil || len(rows) != 11 || rows[4][0] != "PT-2026-0001" || rows[10][8] != "1,800,000" {
			t.Errorf("xlsx book: %q (%v)", rows, err)
		}
		// Printed, it is as wide as a landscape page and repeats its header.
		if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
			!strings.HasSuffix(titles, "!$3:$3") {
			t.Errorf("xlsx book printed: %+v, titles %q", layout, titles)
		}
		// The first receipt's voucher, with the amount in words.
		pdf := filepath.Join(t.TempDir(), "phieu-thu.pdf")
		ok("fund", "voucher", "--unit", "commune:00004", "--number", "PT-2026-0001", "-o", pdf)
		text := documentText(t, pdf, "pdf")
		for _, s := range []string{"PHIẾU THU", "Số: PT-2026-0001", "Ông Nguyễn Văn Bình", "2.000.000 đồng", "Hai triệu đồng", "NGƯỜI NỘP TIỀN", "THỦ QUỸ"} {
			if !strings.Contains(text, s) {
				t.Errorf("voucher lacks %q: %q", s, text)
			}
		}
		// A file of the day's receipts, imported twice.
		file := importsWrite(t, "phieu-thu.csv", "Đơn vị,Loại,Ngày,Số tiền,Người nộp/nhận,Mã chống trùng\n"+
			"commune:00004,thu,12/03/2026,100.000,Ông Phạm Văn Tư,f1\n"+
			"commune:00004,thu,12/03/2026,200.000,Bà Đỗ Thị Năm,f2\n")
		if out := ok("import", "fund", file); !strings.Contains(out, "ghi mới 2 chứng từ, 0 đã có") {
			t.Errorf("import: %q", out)
		}
		if out := ok("import", "fund", file); !strings.Contains(out, "ghi mới 0 chứng từ, 2 đã có") {
			t.Errorf("import again: %q", out)
		}
		bad := importsWrite(t, "sai.csv", "Đơn vị,Loại,Ngày,Số tiền,Người nộp/nhận,Mã chống trùng\ncommune:00004,thu,12/03/2026,-5,A,f9\n")
		if _, errOut, code := importsRun(t, db, "import", "fund", bad); code != 1 || !strings.Contains(errOut, "tệp sai.csv, dòng 2, cột Số tiền") {
			t.Errorf("bad file: exit %d, %q", code, errOut)
		}
		// The province's report counts the commune's fund.
		ok("import", "aggregates", importsWrite(t, "dan-so.csv", "period,level,code,indicator,value\n2026Q1,province,01,population.total,2100000\n"))
		var rep struct {
			Indicators map[string]struct{ Value *float64 }
		}
		if err := json.Unmarshal([]byte(ok("report", "--scope", "province:01", "--period", "2026Q1", "--format", "json")), &rep); err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]float64{"fund.raised": 2_000_000 + 500_000 + 3_000_000 - 3_000_000 + 300_000 + 300_000, "fund.spent": 1_000_000, "fund.per_capita": 1} {
			if v := rep.Indicators[code].Value; v == nil || *v != want {
				t.Errorf("province report %s: %v, want %v", code, num(v), want)
			}
		}
	})
}
