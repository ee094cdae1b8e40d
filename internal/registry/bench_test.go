package registry

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// benchMembers is how many members the import benchmarks write: 1,000,000
// (the figure) unless KHUYENHOC_BENCH_MEMBERS says otherwise.
func benchMembers() int {
	if n, err := strconv.Atoi(os.Getenv("KHUYENHOC_BENCH_MEMBERS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var (
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middles  = []string{"Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"}
	givens   = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"}
)

// memberCSV is a member file of n members spread over the communes of
// Hà Nội after the reform, 10 branches each; half have a CCCD (unique,
// consistent with the birth date and gender), the others none.
func memberCSV(tb testing.TB, tree *units.Tree, n int) []byte { return memberCSVFrom(tb, tree, 0, n) }

// memberCSVFrom is memberCSV for the members from, from+1, … (a file holds
// at most a sheet's million rows); CCCDs stay unique up to 10,000,000.
func memberCSVFrom(tb testing.TB, tree *units.Tree, from, n int) []byte {
	hn, err := tree.Resolve(units.Province, "01", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		tb.Fatal(err)
	}
	communes := tree.Children(hn.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString("commune,branch,full_name,gender,birth_date,cccd,phone,joined_on\n")
	provinces := []string{"001", "002", "004", "006", "008", "010", "011", "012", "014", "015"}
	for i := from; i < from+n; i++ {
		c := communes[i%len(communes)]
		female := i%2 == 1
		name := families[i%len(families)] + " " + middles[(i/7)%len(middles)] + " " + givens[(i/3)%len(givens)]
		gender := "Nam"
		if female {
			gender = "Nữ"
		}
		y, m, d := 1940+i%60, 1+i%12, 1+i%28
		born := fmt.Sprintf("%02d/%02d/%04d", d, m, y)
		cccd := ""
		if i%2 == 0 {
			sex := 0
			if female {
				sex = 1
			}
			cccd = fmt.Sprintf("%s%d%02d%06d", provinces[(i/2)/1_000_000%len(provinces)], sex, y%100, (i/2)%1_000_000)
		}
		joined := fmt.Sprintf("%02d/%02d/%04d", 1+i%28, 1+(i/5)%12, min(y+20+i%13, 2025))
		fmt.Fprintf(&b, "%s,Chi hội số %d,%s %d,%s,%s,%s,09%08d,%s\n", c.Code, i%10+1, name, i, gender, born, cccd, i%100_000_000, joined)
	}
	return b.Bytes()
}

// BenchmarkImportMembers imports benchMembers() members from one CSV file
// into a fresh SQLite database per iteration (branches made by the import),
// end to end: read, check, duplicates against the registry, write, counts.
// The target is 100,000 rows/s.
func BenchmarkImportMembers(b *testing.B) { benchImportMembers(b, storetest.SQLite) }

// BenchmarkImportMembersPostgres is the same into PostgreSQL (target
// 50,000 rows/s); needs KHUYENHOC_TEST_POSTGRES.
func BenchmarkImportMembersPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchImportMembers(b, storetest.Postgres)
}

func benchImportMembers(b *testing.B, open func(testing.TB) *store.DB) {
	n := benchMembers()
	var data []byte
	for b.Loop() {
		b.StopTimer()
		db := open(b)
		tree, err := units.Cached(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if data == nil {
			data = memberCSV(b, tree, n)
			b.Logf("%d members, %.1f MB", n, float64(len(data))/1e6)
		}
		b.StartTimer()
		res, err := ImportMembers(ctx, db, tree, auth.LocalAdmin("bench"), bytes.NewReader(data), "hoi-vien.csv", "sum",
			ImportOptions{CreateBranches: true}, now)
		if err != nil {
			b.Fatal(faults(err))
		}
		if res.Added != n {
			b.Fatalf("added %d of %d", res.Added, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkFindByName searches a registry of benchMembers() members by a
// name typed without diacritics, nationwide, as the province and nation
// see it (the target: 50 ms or less with 5,000,000 members).
func BenchmarkFindByName(b *testing.B) {
	db := storetest.SQLite(b)
	tree, err := units.Cached(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	n := benchMembers()
	for from := 0; from < n; from += 1_000_000 {
		data := memberCSVFrom(b, tree, from, min(1_000_000, n-from))
		if _, err := ImportMembers(ctx, db, tree, auth.LocalAdmin("bench"), bytes.NewReader(data), fmt.Sprintf("hoi-vien-%d.csv", from), "sum",
			ImportOptions{CreateBranches: true}, now); err != nil {
			b.Fatal(faults(err))
		}
	}
	hn, err := tree.Resolve(units.Province, "01", d("2026-01-01"))
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{"nguyen van an", "tran thi", "hoa", "dang"}
	for _, who := range []struct {
		name string
		by   auth.Principal
	}{
		{"nation", auth.LocalAdmin("bench")},
		{"province", auth.ForUser(tree, auth.User{ID: 1, Email: "tinh@hanoi.vn", Role: auth.Officer, ScopeUnitID: hn.ID}, "page")},
	} {
		b.Run(who.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				p, err := FindMembers(ctx, db, tree, who.by, Query{Text: texts[i%len(texts)]})
				if err != nil {
					b.Fatal(err)
				}
				if p.Total == 0 {
					b.Fatalf("nothing found for %q", texts[i%len(texts)])
				}
				i++
			}
		})
	}
}

// BenchmarkPlainMemberLoad is the yardstick of BenchmarkImportMembers: the
// same members, their rows computed beforehand from the same file by the
// import's own checks (each in the branch made for the yardstick, in its
// own commune), written into members in one transaction as the import
// writes a large file (secondary indexes dropped, the rows copied in
// chunks, the indexes built again), nothing checked, no spans, no counts:
// what the database alone costs.
func BenchmarkPlainMemberLoad(b *testing.B) { benchPlainLoad(b, storetest.SQLite) }

// BenchmarkPlainMemberLoadPostgres is the same on PostgreSQL (COPY).
func BenchmarkPlainMemberLoadPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchPlainLoad(b, storetest.Postgres)
}

func benchPlainLoad(b *testing.B, open func(testing.TB) *store.DB) {
	n := benchMembers()
	var data []byte
	for b.Loop() {
		b.StopTimer()
		db := open(b)
		tree, err := units.Cached(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if data == nil {
			data = memberCSV(b, tree, n)
		}
		// One branch to hang the members from, and the rows as the import
		// computes them.
		a, err := AddOrg(ctx, db, tree, auth.LocalAdmin("bench"), NewOrg{Kind: Grassroots, Name: "Hội", CommuneID: mustCommune(b, tree), Founded: d("2025-07-01")}, now)
		if err != nil {
			b.Fatal(err)
		}
		br, err := AddOrg(ctx, db, tree, auth.LocalAdmin("bench"), NewOrg{Kind: Branch, Name: "Chi hội", ParentID: a.ID, Founded: d("2025-07-01")}, now)
		if err != nil {
			b.Fatal(err)
		}
		bad := tabular.NewProblems("hoi-vien.csv")
		f := readMemberFile(tree, auth.LocalAdmin("bench"), bytes.NewReader(data), "hoi-vien.csv", units.Day(now), now, bad)
		f.drain()
		if f.err != nil || bad.Len() > 0 || len(f.rows) != n {
			b.Fatalf("%d rows of %d: %v, %v", len(f.rows), n, f.err, faults(bad.Err()))
		}
		rows := make([][]any, n)
		for i, fr := range f.rows {
			rows[i] = append([]any{int64(i + 1)}, memberRow(&stored{c: fr.c, branchID: br.ID, version: 1}, fr.commune, 0, "2026-07-03T08:00:00Z")...)
		}
		f = nil
		b.StartTimer()
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := dropIndexes(ctx, tx); err != nil {
				return err
			}
			for start := 0; start < n; start += streamChunk {
				if err := tx.CopyFrom(ctx, "members", memberColumnsWithID, rows[start:min(start+streamChunk, n)]); err != nil {
					return err
				}
			}
			return createIndexes(ctx, tx)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
