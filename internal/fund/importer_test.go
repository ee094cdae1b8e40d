package fund_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestImportRecordsAFileOnceAndRefusesItWholeOnABadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := "commune:" + f.commune.Code
		good := "\ufeffĐơn vị,Loại,Ngày,Số tiền,Người nộp/nhận,Loại nhà hảo tâm,Hình thức,Hiện vật,Nội dung chi,Mã chống trùng\n" +
			c + ",chi,02/03/2026,300.000,Em Lê Thị Hoa,,tiền mặt,,scholarship,k3\n" +
			c + ",thu,01/03/2026,1.000.000,Dòng họ Nguyễn,clan,chuyển khoản,,,k1\n" +
			c + ",Thu,02/03/2026,500000,Công ty Minh Phát,enterprise,hiện vật,50 bộ sách giáo khoa,,k2\n"
		res, err := fund.Import(ctx, db, f.tree, f.officer, strings.NewReader(good), "quy.csv", "sum1", now)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 3 || res.Recorded != 3 || res.Existing != 0 {
			t.Errorf("first import: %+v", res)
		}
		// Numbered by day, a day's receipts before its payments.
		var nums []string
		for _, e := range res.Entries {
			nums = append(nums, e.Number)
		}
		if strings.Join(nums, " ") != "PT-2026-0001 PT-2026-0002 PC-2026-0001" {
			t.Errorf("numbers %v", nums)
		}
		again, err := fund.Import(ctx, db, f.tree, f.officer, strings.NewReader(good), "quy.csv", "sum1", now)
		if err != nil {
			t.Fatal(err)
		}
		if again.Recorded != 0 || again.Existing != 3 || f.count(t) != 3 {
			t.Errorf("second import: %+v, %d entries", again, f.count(t))
		}
		if got := f.balance(t, f.commune, "2026-03-31"); got != 1_200_000 {
			t.Errorf("balance %d", got)
		}
		header := "unit,kind,date,amount,party,key\n"
		for _, c := range []struct{ name, body, where string }{
			{"zero", c + ",thu,01/03/2026,0,A,x1\n", "dòng 2, cột Số tiền"},
			{"fraction", c + ",thu,01/03/2026,\"1000,5\",A,x1\n", "dòng 2, cột Số tiền"},
			{"unknown unit", "commune:99999,thu,01/03/2026,1000,A,x1\n", "dòng 2, cột Đơn vị"},
			{"unknown kind", c + ",vay,01/03/2026,1000,A,x1\n", "dòng 2, cột Loại"},
			{"no key", c + ",thu,01/03/2026,1000,A,\n", "dòng 2, cột Mã chống trùng"},
			{"a key twice", c + ",thu,01/03/2026,1000,A,x1\n" + c + ",thu,01/03/2026,1000,A,x1\n", "dòng 3, cột Mã chống trùng"},
			{"beyond the balance", c + ",thu,01/03/2026,1000,A,x1\n" + c + ",chi,01/03/2026,5000000,B,x2\n", "dòng 3, cột Số tiền"},
			{"unknown programme", c + ",chi,01/03/2026,1000,B,x2,HB-X\n", "dòng 2, cột Chương trình"},
			{"no key column", c + ",thu,01/03/2026,1000,A\n", "dòng 1: thiếu cột Mã chống trùng (dòng tiêu đề cần các cột: Đơn vị,"},
		} {
			body := header + c.body
			switch c.name {
			case "unknown programme":
				body = "unit,kind,date,amount,party,key,programme\n" + c.body
			case "no key column":
				body = "Đơn vị,Loại,Ngày,Số tiền,Người nộp/nhận\n" + c.body
			}
			_, err := fund.Import(ctx, db, f.tree, f.officer, strings.NewReader(body), "sai.csv", "s", now)
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.where) {
				t.Errorf("%s: %v, want a fault at %s", c.name, err, c.where)
			}
		}
		if n := f.count(t); n != 3 {
			t.Errorf("%d entries after refused files, want 3", n)
		}
		// A row of a unit outside the officer's scope refuses the file.
		other := header + "commune:" + f.neighbour.Code + ",thu,01/03/2026,1000,A,x9\n"
		if _, err := fund.Import(ctx, db, f.tree, f.officer, strings.NewReader(other), "khac.csv", "s", now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another commune's row: %v", err)
		}
	})
}
