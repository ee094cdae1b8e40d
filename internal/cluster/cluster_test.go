package cluster

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

var testNow = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

// tester is the local administrator who imports in these tests.
var tester = auth.LocalAdmin("tester")

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func importText(t *testing.T, db *store.DB, name, content string) (Result, error) {
	t.Helper()
	return importTextWith(t, db, name, content, false)
}

func importTextWith(t *testing.T, db *store.DB, name, content string, replace bool) (Result, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return ImportFile(context.Background(), db, tester, path, Options{Now: testNow, Replace: replace})
}

// tally is a result without its removals, for comparing.
type tally struct{ Rows, Clusters, Changed, Unchanged int }

func counts(r Result) tally { return tally{r.Rows, r.Clusters, r.Changed, r.Unchanged} }

func importTestdata(t *testing.T, db *store.DB, name string) Result {
	t.Helper()
	res, err := ImportFile(context.Background(), db, tester, filepath.Join("testdata", name), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func codes(c Cluster) string {
	var out []string
	for _, p := range c.Provinces {
		out = append(out, p.Code)
	}
	return strings.Join(out, " ")
}

func mustFail(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", wants)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestParseClustersReadsRowsWithLines(t *testing.T) {
	f, err := os.Open("testdata/clusters-2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := Parse(f, "cum.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := Row{Line: 2, Year: "2024", Cluster: "6", Name: "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên", Province: "68"}
	if len(rows) != 5 || rows[0] != want || rows[4].Line != 6 {
		t.Fatalf("got %+v", rows)
	}
}

func TestParseClustersRejectsMissingColumn(t *testing.T) {
	_, err := Parse(strings.NewReader("year,cluster,province\n2024,6,68\n"), "cum.csv")
	mustFail(t, err, "tệp cum.csv, dòng 1", "thiếu cột name")
}

func TestImportClustersCreatesAndListsThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res := importTestdata(t, db, "clusters-2024.csv")
		if counts(res) != (tally{Rows: 5, Clusters: 2, Changed: 2}) {
			t.Fatalf("result %+v", res)
		}
		cs, err := List(context.Background(), db, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 || cs[0].Code != "6" || cs[1].Code != "10" {
			t.Fatalf("clusters %+v", cs)
		}
		if got := codes(cs[0]); got != "52 64 66 68" {
			t.Errorf("cluster 6 provinces %s", got)
		}
		if got := codes(cs[1]); got != "01" {
			t.Errorf("cluster 10 provinces %s (written 1)", got)
		}
		c, err := Get(context.Background(), db, 2024, "6")
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên" || len(c.ProvinceIDs()) != 4 || c.Provinces[0].Name != "Bình Định" {
			t.Errorf("cluster 6: %+v", c)
		}
		if n := count(t, db, "imports"); n != 1 {
			t.Errorf("%d imports recorded", n)
		}
		if cs, _ := List(context.Background(), db, 2023); len(cs) != 0 {
			t.Errorf("2023 has clusters %+v", cs)
		}
	})
}

func TestImportClustersResolvesProvincesAtTheYearsEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		importTestdata(t, db, "clusters-2026.csv")
		c24, _ := Get(context.Background(), db, 2024, "6")
		c26, _ := Get(context.Background(), db, 2026, "6")
		if c24.Provinces[0].Name != "Bình Định" || c26.Provinces[0].Name != "Gia Lai" {
			t.Errorf("52 in 2024 is %s, in 2026 %s", c24.Provinces[0].Name, c26.Provinces[0].Name)
		}
		if c24.Provinces[0].ID == c26.Provinces[0].ID {
			t.Errorf("same unit for 52 before and after the reform")
		}
	})
}

func TestImportClustersRejectsEveryBadRowAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := ImportFile(context.Background(), db, tester, "testdata/bad-clusters.csv", Options{Now: testNow})
		mustFail(t, err,
			"tệp bad-clusters.csv: 7 dòng lỗi, không ghi dữ liệu nào",
			`tệp bad-clusters.csv, dòng 3, cột year: năm "hai nghìn" không hợp lệ`,
			"tệp bad-clusters.csv, dòng 4, cột cluster: ô trống",
			"tệp bad-clusters.csv, dòng 5, cột name: ô trống",
			"tệp bad-clusters.csv, dòng 6, cột province: không có đơn vị mã 99 cấp tỉnh vào ngày 31/12/2024",
			"tệp bad-clusters.csv, dòng 7, cột province: không có đơn vị mã 64 cấp tỉnh vào ngày 31/12/2026",
			`tệp bad-clusters.csv, dòng 8, cột name: cụm 6 năm 2024 có hai tên: "Cụm 6" (dòng 2) và "Cụm sáu"`,
			"tệp bad-clusters.csv, dòng 9, cột province: tỉnh 68 có trong hai cụm năm 2024: cụm 6 (dòng 2) và cụm 7",
		)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("code %s", apperr.CodeOf(err))
		}
		if n := count(t, db, "clusters") + count(t, db, "cluster_memberships") + count(t, db, "imports"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

func TestImportClustersSameFileTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		res := importTestdata(t, db, "clusters-2024.csv")
		if counts(res) != (tally{Rows: 5, Clusters: 2, Unchanged: 2}) {
			t.Fatalf("second import %+v", res)
		}
		if n := count(t, db, "imports"); n != 1 {
			t.Errorf("%d imports recorded, want 1", n)
		}
		if n := count(t, db, "cluster_memberships"); n != 5 {
			t.Errorf("%d members", n)
		}
	})
}

func TestImportClustersReplacesOnlyTheNamedClusters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		res, err := importTextWith(t, db, "sua.csv", "year,cluster,name,province\n2024,6,Cụm 6 mới,68\n2024,6,Cụm 6 mới,52\n", true)
		if err != nil {
			t.Fatal(err)
		}
		if counts(res) != (tally{Rows: 2, Clusters: 1, Changed: 1}) {
			t.Fatalf("result %+v", res)
		}
		c6, _ := Get(context.Background(), db, 2024, "6")
		c10, _ := Get(context.Background(), db, 2024, "10")
		if c6.Name != "Cụm 6 mới" || codes(c6) != "52 68" || codes(c10) != "01" {
			t.Errorf("cluster 6 %q %s, cluster 10 %s", c6.Name, codes(c6), codes(c10))
		}
	})
}

func TestImportClustersMovesProvinceBetweenClustersBothReplaced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		_, err := importTextWith(t, db, "chuyen.csv", "year,cluster,name,province\n"+
			"2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,52\n"+
			"2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,64\n"+
			"2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,66\n"+
			"2024,10,Cụm thi đua số 10 – Thủ đô,01\n"+
			"2024,10,Cụm thi đua số 10 – Thủ đô,68\n", true)
		if err != nil {
			t.Fatal(err)
		}
		c6, _ := Get(context.Background(), db, 2024, "6")
		c10, _ := Get(context.Background(), db, 2024, "10")
		if codes(c6) != "52 64 66" || codes(c10) != "01 68" {
			t.Errorf("cluster 6 %s, cluster 10 %s", codes(c6), codes(c10))
		}
	})
}

func TestGetUnknownClusterIsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTestdata(t, db, "clusters-2024.csv")
		_, err := Get(context.Background(), db, 2025, "6")
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.NotFound || e.Message != "không có cụm thi đua số 6 trong năm 2025" {
			t.Fatalf("got %v", err)
		}
	})
}
