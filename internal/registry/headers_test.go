package registry

import (
	"slices"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// TestAMemberListWithItsOwnHeadersIsReadWhole imports a list headed as
// officers head their own (SĐT, CCCD, Họ tên, Năm sinh, Nơi ở, Ngày kết
// nạp), with a numbering and a notes column beside: every field is read,
// none silently left out as a note column, as the phones of such a list
// were.
// The columns it does not read are named in the result, on both paths.
func TestAMemberListWithItsOwnHeadersIsReadWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		res, err := importText(t, f, "STT,Mã xã/phường,Tên chi hội,Họ tên,Nam/Nữ,Năm sinh,CCCD,SĐT,Nơi ở,Ngày kết nạp,Số thẻ,Ghi chú\n"+
			"1,00004,Chi hội Tổ dân phố 1,Trần Thị Hoa,Nữ,1962,001162000123,0912 345 678,Số 5 phố Kim Mã,05/09/2025,KH-0001,trưởng chi hội\n", ImportOptions{})
		if err != nil || res.Added != 1 || !slices.Equal(res.UnreadColumns, []string{"STT", "Ghi chú"}) {
			t.Fatalf("%+v, %v", res, faults(err))
		}
		// A streamed import says the same.
		ends := watchStreams(t, 10)
		res, err = ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(strings.Replace(strings.ReplaceAll(streamFile(), "\n", ",\n"), ",\n", ",Điện thoại nhà\n", 1)),
			"luong.csv", "sum", ImportOptions{CreateBranches: true}, now)
		if err != nil || !slices.Equal(*ends, []bool{true}) || !slices.Equal(res.UnreadColumns, []string{"Điện thoại nhà"}) {
			t.Fatalf("streamed: %+v, %v, %v", res, faults(err), *ends)
		}
		var name, gender, born, cccd, phone, address, joined, card string
		if err := db.QueryRow(ctx, "SELECT full_name, gender, birth_date, cccd, phone, address, joined_on, card_no FROM members").
			Scan(&name, &gender, &born, &cccd, &phone, &address, &joined, &card); err != nil {
			t.Fatal(err)
		}
		got := []string{name, gender, born, cccd, phone, address, joined, card}
		want := []string{"Trần Thị Hoa", "Nữ", "1962", "001162000123", "0912345678", "Số 5 phố Kim Mã", "2025-09-05", "KH-0001"}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("read %q, want %q (all: %q)", got[i], want[i], got)
			}
		}
	})
}

// TestNoTwoMemberHeadersReadAsOne: no header, alias or machine name of one
// column folds to one of another's, which would read it as the wrong one.
func TestNoTwoMemberHeadersReadAsOne(t *testing.T) {
	seen := map[string]string{}
	for _, col := range TemplateColumns {
		names := append([]string{col, vi.MemberColumn(col)}, vi.MemberColumnAliases(col)...)
		for _, n := range names {
			k := members.Fold(n)
			if other, ok := seen[k]; ok && other != col {
				t.Errorf("%q reads as both %s and %s", n, other, col)
			}
			seen[k] = col
			if headerName(n) != col {
				t.Errorf("%q reads as %q, want %s", n, headerName(n), col)
			}
		}
	}
}
