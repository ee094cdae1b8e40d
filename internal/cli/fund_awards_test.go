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

// TestATreasurerListsApprovesAndPaysAProgrammesScholarships is a
// programme's round through the command line: recipients listed (the same
// pupil twice refused), approved, paid (a payment voucher each, the second
// payment of one award refused), and the list written as XLSX.
func TestATreasurerListsApprovesAndPaysAProgrammesScholarships(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ok := func(args ...string) string { return membersOK(t, db, args...) }
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "5.000.000", "--donor", "Ông Nguyễn Văn Bình", "--date", "02/03/2026")
		ok("fund", "programme", "--unit", "commune:00004", "--code", "HB2026", "--name", "Học bổng vượt khó", "--year", "2026", "--budget", "3.000.000")
		prog := []string{"--unit", "commune:00004", "--programme", "HB2026", "--year", "2026"}
		award := func(name, born, amount string) []string {
			return append(append([]string{"fund", "award"}, prog...), "--name", name, "--born", born, "--beneficiary", "pupil_hardship",
				"--school", "Trường THCS Nguyễn Trãi", "--grade", "7A", "--amount", amount, "--reason", "Gia đình khó khăn")
		}
		if out := ok(award("Lê Thị Hoa", "12/03/2013", "1.000.000")...); out != "Đã thêm người nhận số 1: Lê Thị Hoa, 1.000.000 đồng.\n" {
			t.Errorf("award: %q", out)
		}
		ok(award("Trần Văn Nam", "2012", "1.500.000")...)
		for _, c := range []struct {
			args []string
			code int
			msg  string
		}{
			{award("LE THI HOA", "12/3/2013", "1.000.000"), 1, "Lê Thị Hoa đã có trong danh sách nhận của chương trình HB2026 năm 2026"},
			{award("Lê Văn Tám", "31/02/2013", "500000"), 1, "Ngày sinh"},
			{[]string{"fund", "pay", "--award", "1", "--date", "05/03/2026"}, 1, "chưa được duyệt"},
			{[]string{"fund", "approve", "--unit", "commune:00004", "--programme", "HB2026"}, 2, "cần --unit, --programme và --year"},
		} {
			out, errOut, code := importsRun(t, db, c.args...)
			if code != c.code || out != "" || !strings.Contains(errOut, c.msg) {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.msg)
			}
		}
		if out := ok(append([]string{"fund", "approve"}, prog...)...); out != "Đã duyệt 2 người nhận của chương trình HB2026 năm 2026.\n" {
			t.Errorf("approve: %q", out)
		}
		if out := ok("fund", "pay", "--award", "1", "--date", "05/03/2026"); out != "Đã ghi PC-2026-0001: 1.000.000 đồng, ngày 05/03/2026.\n" {
			t.Errorf("pay: %q", out)
		}
		ok("fund", "pay", "--award", "2", "--date", "05/03/2026")
		if _, errOut, code := importsRun(t, db, "fund", "pay", "--award", "2", "--date", "06/03/2026"); code != 1 || !strings.Contains(errOut, "đã chi (PC-2026-0002)") {
			t.Errorf("paying twice: exit %d, %q", code, errOut)
		}
		var list struct {
			Spent      int64
			Recipients []struct {
				Name, Born, Payment string
			}
		}
		out := ok(append([]string{"fund", "recipients", "--format", "json"}, prog...)...)
		if err := json.Unmarshal([]byte(out), &list); err != nil || list.Spent != 2_500_000 || len(list.Recipients) != 2 ||
			list.Recipients[0].Born != "2013" || list.Recipients[1].Payment != "PC-2026-0002" {
			t.Errorf("recipients: %s (%v)", out, err)
		}
		path := filepath.Join(t.TempDir(), "danh-sach.xlsx")
		ok(append([]string{"fund", "recipients", "--format", "xlsx", "-o", path, "--full"}, prog...)...)
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows("Danh sách")
		if err != nil || len(rows) != 6 || rows[3][2] != "12/03/2013" || rows[4][11] != "PC-2026-0002" || rows[5][8] != "2,500,000" {
			t.Errorf("the list: %q (%v)", rows, err)
		}
	})
}

// TestACountedCashBalanceIsSetAgainstTheBook records a cash count through
// the command line and finds its difference in the fund book.
func TestACountedCashBalanceIsSetAgainstTheBook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ok := func(args ...string) string { return membersOK(t, db, args...) }
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "1.000.000", "--donor", "Ông Bình", "--date", "02/03/2026")
		ok("fund", "receipt", "--unit", "commune:00004", "--amount", "2.000.000", "--donor", "Công ty Minh Phát", "--kind", "transfer", "--date", "02/03/2026")
		out := ok("fund", "count", "--unit", "commune:00004", "--date", "02/03/2026", "--counted", "950.000", "--note", "Kiểm quỹ quý I")
		if out != "Kiểm quỹ ngày 02/03/2026: thực tế 950.000 đồng, sổ quỹ 1.000.000 đồng, chênh lệch -50.000 đồng.\n" {
			t.Errorf("count: %q", out)
		}
		if _, errOut, code := importsRun(t, db, "fund", "count", "--unit", "commune:00004", "--counted", "-1"); code != 1 || !strings.Contains(errOut, "--counted") {
			t.Errorf("a negative count: exit %d, %q", code, errOut)
		}
		out = ok("fund", "book", "--unit", "commune:00004", "--period", "2026")
		if !strings.Contains(out, "Kiểm quỹ ngày 02/03/2026 (tiền mặt): thực tế 950.000, sổ quỹ 1.000.000, chênh lệch -50.000") {
			t.Errorf("book:\n%s", out)
		}
	})
}
