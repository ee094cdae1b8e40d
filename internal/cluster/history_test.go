package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func currentRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM cluster_memberships WHERE ended_import_id IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func names(c Cluster) string {
	var out []string
	for _, p := range c.Provinces {
		out = append(out, p.Name)
	}
	return strings.Join(out, ", ")
}

const c6 = "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên"

func TestImportShrinkingClusterIsRefusedWithoutReplaceNamingWhatGoes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		_, err := importText(t, db, "thu-hep.csv", "year,cluster,name,province\n2024,6,"+c6+",68\n2024,6,"+c6+",52\n")
		mustFail(t, err,
			"tệp thu-hep.csv sẽ bỏ những thành phần cụm thi đua sau; chưa ghi dữ liệu nào",
			"bỏ Gia Lai (mã 64) khỏi cụm 6 «"+c6+"» từ 01/01/2024 đến 31/12/2024",
			"bỏ Đắk Lắk (mã 66) khỏi cụm 6 «"+c6+"» từ 01/01/2024 đến 31/12/2024",
		)
		if strings.Contains(err.Error(), "Lâm Đồng") || strings.Contains(err.Error(), "Bình Định") {
			t.Errorf("the provinces that stay are listed as removed:\n%v", err)
		}
		var re *RemovalError
		if !errors.As(err, &re) || len(re.Removals) != 2 || apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("not a conflict listing two removals: %#v", err)
		}
		if n := count(t, db, "imports"); n != 1 {
			t.Errorf("%d imports recorded, want the first only", n)
		}
		c, _ := Get(context.Background(), db, 2024, "6")
		if codes(c) != "52 64 66 68" || currentRows(t, db) != 5 {
			t.Errorf("cluster 6 is %s with %d rows after a refused import", codes(c), currentRows(t, db))
		}
	})
}

func TestImportTakingAClustersLastProvinceNamesTheClusterRemoved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		_, err := importText(t, db, "chuyen.csv", "year,cluster,name,province\n2024,7,Cụm 7,1\n")
		mustFail(t, err,
			"bỏ Hà Nội (mã 01) khỏi cụm 10 «Cụm thi đua số 10 – Thủ đô» từ 01/01/2024 đến 31/12/2024",
			"bỏ cụm 10 «Cụm thi đua số 10 – Thủ đô» năm 2024: cụm không còn tỉnh, thành phố nào",
		)
		if _, err := Get(context.Background(), db, 2024, "7"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("cluster 7 was written: %v", err)
		}
	})
}

func TestImportWithReplaceClosesTheOldMembershipWhichStillAnswersForEarlierDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		importTestdata(t, db, "clusters-2024.csv")
		file := "year,cluster,name,province,from\n2024,6," + c6 + ",68,01/07/2024\n2024,6," + c6 + ",52,2024-07-01\n"
		if _, err := importText(t, db, "tu-thang-7.csv", file); err == nil {
			t.Fatal("shrinking from 01/07 accepted without --replace")
		}
		res, err := importTextWith(t, db, "tu-thang-7.csv", file, true)
		if err != nil {
			t.Fatal(err)
		}
		if counts(res) != (tally{Rows: 2, Clusters: 1, Changed: 1}) || len(res.Removals) != 2 ||
			res.Removals[0].String() != "bỏ Gia Lai (mã 64) khỏi cụm 6 «"+c6+"» từ 01/07/2024 đến 31/12/2024" {
			t.Fatalf("result %+v", res)
		}
		before, err := GetAt(ctx, db, "6", day(2024, 3, 1))
		if err != nil {
			t.Fatal(err)
		}
		after, err := GetAt(ctx, db, "6", day(2024, 9, 1))
		if err != nil {
			t.Fatal(err)
		}
		if codes(before) != "52 64 66 68" || codes(after) != "52 68" {
			t.Errorf("cluster 6 on 01/03/2024: %s; on 01/09/2024: %s", codes(before), codes(after))
		}
		if last, _ := GetAt(ctx, db, "6", day(2024, 6, 30)); codes(last) != "52 64 66 68" {
			t.Errorf("cluster 6 on 30/06/2024: %s", codes(last))
		}
		c, _ := Get(ctx, db, 2024, "6")
		if len(c.Terms) != 2 || !c.Terms[0].To.Equal(day(2024, 6, 30)) || !c.Terms[1].From.Equal(day(2024, 7, 1)) {
			t.Errorf("terms %+v", c.Terms)
		}
		// The replaced rows are closed, not deleted: 64 and 66 lose their
		// second half-year (two rows closed, two shorter ones written); 52
		// and 68 keep their whole-year rows.
		var ended int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM cluster_memberships WHERE ended_import_id IS NOT NULL").Scan(&ended); err != nil {
			t.Fatal(err)
		}
		if ended != 2 || count(t, db, "cluster_memberships") != 5+2 {
			t.Errorf("%d rows closed, %d rows in all", ended, count(t, db, "cluster_memberships"))
		}
		// The replaced rows stay readable with the import that replaced them.
		recs, err := History(ctx, db, 2024)
		if err != nil {
			t.Fatal(err)
		}
		var closed []string
		for _, r := range recs {
			if r.Cluster == "6" && r.Ended != nil {
				closed = append(closed, fmt.Sprintf("%s %s–%s by %s", r.Province.Code, vi.Date(r.From), vi.Date(r.To), r.Ended.Source))
			}
		}
		if strings.Join(closed, "; ") != "64 01/01/2024–31/12/2024 by tu-thang-7.csv; 66 01/01/2024–31/12/2024 by tu-thang-7.csv" {
			t.Errorf("closed rows: %v", closed)
		}
		// Importing the same file again changes nothing and asks nothing.
		res, err = importText(t, db, "tu-thang-7.csv", file)
		if err != nil || counts(res) != (tally{Rows: 2, Clusters: 1, Unchanged: 1}) {
			t.Fatalf("second import: %+v, %v", res, err)
		}
		if n := count(t, db, "imports"); n != 2 {
			t.Errorf("%d imports", n)
		}
	})
}

func TestImportGivesTheOldProvincesOf2025UntilJuneAndTheNewFromJuly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := importText(t, db, "cum-2025.csv", "year,cluster,name,province,from\n"+
			"2025,6,Cụm 6,52,\n"+ // no from: 1 January
			"2025,6,Cụm 6,64,01/01/2025\n"+
			"2025,6,Cụm 6,52,01/07/2025\n"+
			"2025,6,Cụm 6,68,01/07/2025\n")
		if err != nil {
			t.Fatal(err)
		}
		h1, err := GetAt(ctx, db, "6", day(2025, 6, 30))
		if err != nil {
			t.Fatal(err)
		}
		h2, err := GetAt(ctx, db, "6", day(2025, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if names(h1) != "Bình Định, Gia Lai" || names(h2) != "Gia Lai, Lâm Đồng" {
			t.Fatalf("30/06/2025: %s; 31/12/2025: %s", names(h1), names(h2))
		}
		if h1.Provinces[1].ID == h2.Provinces[0].ID {
			t.Errorf("old and new Gia Lai are one unit")
		}
		if _, err := GetAt(ctx, db, "6", day(2026, 1, 1)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("2026: %v", err)
		}
	})
}

func TestImportRefusesOldProvinceForTheWholeOf2025AndBadFromDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := importText(t, db, "sai.csv", "year,cluster,name,province,from\n"+
			"2025,6,Cụm 6,64,\n"+
			"2025,7,Cụm 7,52,31/06/2025\n"+
			"2025,8,Cụm 8,56,01/07/2024\n")
		mustFail(t, err,
			"tệp sai.csv, dòng 2, cột province: không có đơn vị mã 64 cấp tỉnh vào ngày 31/12/2025",
			`tệp sai.csv, dòng 3, cột from: ngày "31/06/2025" không hợp lệ`,
			"tệp sai.csv, dòng 4, cột from: ngày 01/07/2024 không thuộc năm 2025 của dòng",
		)
		if n := count(t, db, "cluster_memberships") + count(t, db, "imports"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

func TestProvinceMayChangeClusterMidYearButNotBeInTwoAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := importText(t, db, "hai.csv", "year,cluster,name,province,from\n"+
			"2024,6,Cụm 6,68,\n2024,7,Cụm 7,68,01/07/2024\n2024,6,Cụm 6,52,01/07/2024\n")
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := GetAt(ctx, db, "7", day(2024, 8, 1)); codes(a) != "68" {
			t.Errorf("cluster 7 in August: %s", codes(a))
		}
		_, err = importText(t, db, "chong.csv", "year,cluster,name,province,from\n"+
			"2025,6,Cụm 6,68,\n2025,7,Cụm 7,68,01/07/2025\n")
		mustFail(t, err, "tệp chong.csv, dòng 3, cột province: tỉnh 68 có trong hai cụm năm 2025: cụm 6 (dòng 2) và cụm 7")
	})
}

func TestParseDayReadsTheWaysADayIsWritten(t *testing.T) {
	for in, want := range map[string]time.Time{
		"01/07/2025": day(2025, 7, 1), "1/7/2025": day(2025, 7, 1), "2025-07-01": day(2025, 7, 1), "45839": day(2025, 7, 1),
	} {
		if got, err := ParseDay(in); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"07/2025", "2025-13-01", "1", "hôm nay"} {
		if _, err := ParseDay(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestImportKeepsAClustersOldNameInTheAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		if _, err := importText(t, db, "ten.csv", "year,cluster,name,province\n2024,10,Cụm Thủ đô,01\n"); err != nil {
			t.Fatal(err)
		}
		var detail string
		if err := db.QueryRow(context.Background(), "SELECT detail FROM audit_log WHERE action = 'import.clusters' AND detail LIKE '%ten.csv%'").Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "cụm 10 năm 2024 đổi tên từ «Cụm thi đua số 10 – Thủ đô» thành «Cụm Thủ đô»") {
			t.Errorf("audit detail %q", detail)
		}
	})
}
