package registry

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// watchStreams lowers the size from which an import streams to 10 rows
// (or raises it out of reach), checks and writes the rows a few at a
// time, and records how the streamed imports ended.
func watchStreams(t *testing.T, from int) *[]bool {
	t.Helper()
	wasFrom, wasHook, wasBatch, wasChunk := rebuildIndexesFrom, streamed, checkBatchRows, streamChunk
	var (
		ends []bool
		mu   sync.Mutex // imports at once tell their ends at once
	)
	// Batches and chunks of a few rows, so that a file of 40 rows is
	// checked and written in several.
	rebuildIndexesFrom, checkBatchRows, streamChunk = from, 4, 8
	streamed = func(done bool) {
		mu.Lock()
		defer mu.Unlock()
		ends = append(ends, done)
	}
	t.Cleanup(func() {
		rebuildIndexesFrom, streamed, checkBatchRows, streamChunk = wasFrom, wasHook, wasBatch, wasChunk
	})
	return &ends
}

// streamFile is a file of 40 new members of Ba Đình and Ngọc Hà (which
// has no association yet): an existing branch, branches the import makes
// whose earliest joining day comes late in the file, days before and
// after the 2025 reform, members who left, and a row repeated as it is.
func streamFile() string {
	var b strings.Builder
	b.WriteString("commune,branch,full_name,gender,birth_date,cccd,joined_on,left_on\n")
	branches := []string{"Chi hội Tổ dân phố 1", "Chi hội Mới Một", "Chi hội Mới Hai"}
	for i := range 40 {
		commune := "00004"
		if i%4 == 3 {
			commune = "00008"
		}
		joined := fmt.Sprintf("%02d/%02d/2025", 1+i%28, 8+i%4)
		if i == 33 || i == 35 || i == 39 {
			joined = fmt.Sprintf("%02d/03/2024", i-20) // before the reform, late in the file
		}
		left := ""
		if i%5 == 0 {
			left = fmt.Sprintf("%02d/04/2026", 1+i%28)
		}
		cccd := ""
		if i%2 == 0 {
			cccd = fmt.Sprintf("0010600%05d", 500+i)
		}
		fmt.Fprintf(&b, "%s,%s,Hội Viên Luồng %02d,Nam,01/01/1960,%s,%s,%s\n", commune, branches[i%3], i, cccd, joined, left)
		if i == 20 {
			fmt.Fprintf(&b, "%s,%s,Hội Viên Luồng %02d,Nam,01/01/1960,%s,%s,%s\n", commune, branches[i%3], i, cccd, joined, left)
		}
	}
	return b.String()
}

// snapshot is what an import leaves in the database, without the ids
// that depend on the order things were written in.
func snapshot(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT m.full_name, o.name, m.commune_id, m.joined_on, COALESCE(m.left_on, ''), m.dup_key, m.search_name, m.birth_date,
			COALESCE(m.cccd, ''), m.version, COALESCE(m.import_id, 0) FROM members m JOIN orgs o ON o.id = m.branch_id ORDER BY m.id`,
		`SELECT o.kind, o.name, o.founded_on, COALESCE(p.name, '') FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_org_id ORDER BY o.kind, o.name`,
		`SELECT o.name, pl.unit_id, pl.valid_from FROM org_places pl JOIN orgs o ON o.id = pl.org_id ORDER BY o.name`,
		`SELECT m.full_name, o.name, s.valid_from, COALESCE(s.valid_to, '') FROM member_spans s JOIN members m ON m.id = s.member_id
			JOIN orgs o ON o.id = s.branch_id ORDER BY m.id, s.valid_from`,
		`SELECT unit_id, indicator, day, SUM(delta) FROM record_totals GROUP BY unit_id, indicator, day HAVING SUM(delta) <> 0 ORDER BY unit_id, indicator, day`,
		`SELECT kind, source, rows_total, rows_changed FROM imports ORDER BY id`,
		`SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action`,
		`SELECT record, action, new_fields FROM registry_history WHERE record = 'org' ORDER BY new_fields`,
		`SELECT record, action, COUNT(*) FROM registry_history GROUP BY record, action ORDER BY record, action`,
	} {
		rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := rowTexts(rows)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range texts {
			out = append(out, fmt.Sprintf("%.30s: %v", q[7:], r))
		}
	}
	return out
}

// rowTexts reads and closes rs: each row as fmt.Sprint prints its values.
func rowTexts(rs *sql.Rows) ([]string, error) {
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(vals...))
	}
	return out, rs.Err()
}

func TestAStreamedImportLeavesWhatTheOtherPathLeaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		other := storetest.SQLite(t)
		if db.Dialect == store.Postgres {
			other = storetest.Postgres(t)
		}
		var results []ImportResult
		var snaps [][]string
		for i, on := range []*store.DB{db, other} {
			ends := watchStreams(t, []int{10, 1 << 30}[i])
			f := setup(t, on)
			f.addAn(t)
			res, err := ImportMembers(ctx, on, f.tree, f.local, strings.NewReader(streamFile()), "luong.csv", "sum", ImportOptions{CreateBranches: true}, now)
			if err != nil {
				t.Fatal(faults(err))
			}
			if want := []bool{true}; i == 1 {
				want = nil
				if !slices.Equal(*ends, want) {
					t.Fatalf("streams of the other path: %v", *ends)
				}
			} else if !slices.Equal(*ends, want) {
				t.Fatalf("streams: %v, want %v", *ends, want)
			}
			res.ImportID = 0
			results = append(results, res)
			snaps = append(snaps, snapshot(t, on))
		}
		if fmt.Sprintf("%+v", results[0]) != fmt.Sprintf("%+v", results[1]) {
			t.Errorf("results:\nstreamed %+v\nother    %+v", results[0], results[1])
		}
		if results[0].Added != 40 || results[0].Skipped != 1 || len(results[0].CreatedBranches) != 6 {
			t.Errorf("streamed: %+v", results[0])
		}
		// Ngọc Hà's association and its branch of the fourth to last row
		// are founded on that row's joining day, before the reform.
		var founded []string
		rows, err := db.Query(ctx, "SELECT founded_on FROM orgs WHERE name IN ('Hội Khuyến học Phường Ngọc Hà', 'Chi hội Mới Hai') ORDER BY founded_on")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			founded = append(founded, s)
		}
		rows.Close()
		if want := []string{"2024-03-19", "2024-03-19", "2025-08-05"}; !slices.Equal(founded, want) {
			t.Errorf("founded on %v, want %v", founded, want)
		}
		if !slices.Equal(snaps[0], snaps[1]) {
			for i := range max(len(snaps[0]), len(snaps[1])) {
				a, b := "", ""
				if i < len(snaps[0]) {
					a = snaps[0][i]
				}
				if i < len(snaps[1]) {
					b = snaps[1][i]
				}
				if a != b {
					t.Errorf("streamed %q\nother    %q", a, b)
				}
			}
		}
	})
}

// TestAStreamedImportGivesWayToTheOtherPath: a row the stream cannot just
// add, however late in the file, rolls back what it wrote; the import then
// names every fault or duplicate as for a small file, or decides the
// duplicates as asked.
func TestAStreamedImportGivesWayToTheOtherPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ends := watchStreams(t, 10)
		f := setup(t, db)
		f.addAn(t)
		good := streamFile()
		state := func() string {
			var orgs, imports int
			db.QueryRow(ctx, "SELECT COUNT(*) FROM orgs").Scan(&orgs)
			db.QueryRow(ctx, "SELECT COUNT(*) FROM imports").Scan(&imports)
			return fmt.Sprintf("%d members, %d orgs, %d imports, %d import audits, %d members counted", f.members(t), orgs, imports,
				f.audits(t, audit.ActionImportMembers), f.count(t, f.badinh, IndMembers, "2026-06-30"))
		}
		before := state()
		for _, c := range []struct {
			name, row string
			opt       ImportOptions
			code      apperr.Code
			want      string
		}{
			{"bad row", "00004,Chi hội Tổ dân phố 1,Phạm Văn Đức,Nam,01/01/1960,00106001234,15/08/2025,\n",
				ImportOptions{CreateBranches: true}, apperr.Invalid, "dòng 43, cột Số CCCD"},
			{"member already there", "00004,Chi hội Tổ dân phố 1,Nguyễn Văn An,Nam,12/03/1960,001060012345,15/08/2025,\n",
				ImportOptions{CreateBranches: true}, apperr.Conflict, "dòng 43: trùng với hội viên Nguyễn Văn An"},
			{"repeat with other fields", "00004,Chi hội Tổ dân phố 1,Hội Viên Luồng 01,Nam,01/01/1960,,15/08/2025,\n",
				ImportOptions{CreateBranches: true}, apperr.Conflict, "dòng 43: trùng người với dòng 3"},
			{"unknown branch", "00004,Chi hội Tổ dân phố 1,Phạm Văn Đức,Nam,01/01/1960,,15/08/2025,\n",
				ImportOptions{}, apperr.Invalid, "cột Chi hội"},
		} {
			*ends = nil
			_, err := ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(good+c.row), "luong.csv", "sum", c.opt, now)
			if apperr.CodeOf(err) != c.code || !strings.Contains(faults(err), c.want) {
				t.Errorf("%s: %v, want %q in:\n%s", c.name, err, c.want, faults(err))
			}
			if !slices.Equal(*ends, []bool{false}) {
				t.Errorf("%s: streams %v, want one given up", c.name, *ends)
			}
			if got := state(); got != before {
				t.Errorf("%s: %s after a refused import, %s before", c.name, got, before)
			}
		}
		// Decided, the duplicates take the other path to the end.
		res, err := ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(good+
			"00004,Chi hội Tổ dân phố 1,Hội Viên Luồng 01,Nam,01/01/1960,,15/08/2025,\n"), "luong.csv", "sum",
			ImportOptions{CreateBranches: true, OnDuplicate: DuplicateUpdate}, now)
		if err != nil || res.Added != 40 || res.Skipped != 2 {
			t.Fatalf("update: %+v, %v", res, faults(err))
		}
		var joined string
		if err := db.QueryRow(ctx, "SELECT joined_on FROM members WHERE full_name = 'Hội Viên Luồng 01'").Scan(&joined); err != nil {
			t.Fatal(err)
		}
		if joined != "2025-08-15" {
			t.Errorf("the last row of a member, decided by update: joined %q", joined)
		}
		// The rows the stream wrote before it gave way had their name keys
		// dropped; the other path computes them again.
		var keyless int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE search_name = '' OR search_given = '' OR sort_key = '' OR given_key = ''").Scan(&keyless); err != nil {
			t.Fatal(err)
		}
		if p, _ := FindMembers(ctx, db, f.tree, f.local, Query{Text: "hoi vien luong 02"}); keyless != 0 || p.Total != 1 {
			t.Errorf("%d members without name keys, %d found by name", keyless, p.Total)
		}
	})
}

// TestAStreamedImportNumbersItsMembersPastEveryIDHandedOut: a streamed
// import numbers its members itself and writes their spans beside them.
// On PostgreSQL it starts past the sequence's last number where that is
// beyond the largest id (numbers taken by writes since rolled back), and
// leaves the sequence past its members, so that the next member added
// takes the next number.
func TestAStreamedImportNumbersItsMembersPastEveryIDHandedOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ends := watchStreams(t, 10)
		f := setup(t, db)
		first := f.addAn(t)
		after := first.ID
		if db.Dialect == store.Postgres {
			for range 3 {
				if err := db.QueryRow(ctx, "SELECT nextval(pg_get_serial_sequence('members', 'id'))").Scan(&after); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, err := ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(streamFile()), "luong.csv", "sum", ImportOptions{CreateBranches: true}, now)
		if err != nil || !slices.Equal(*ends, []bool{true}) || res.Added != 40 {
			t.Fatalf("%+v, %v, streams %v", res, faults(err), *ends)
		}
		var lo, hi, n, spans, wrong int64
		if err := db.QueryRow(ctx, "SELECT MIN(id), MAX(id), COUNT(*) FROM members WHERE import_id = ?", res.ImportID).Scan(&lo, &hi, &n); err != nil {
			t.Fatal(err)
		}
		if lo != after+1 || hi != after+40 || n != 40 {
			t.Errorf("the import's members are %d to %d (%d), want %d to %d", lo, hi, n, after+1, after+40)
		}
		// Each has one span, in their branch, from their joining day.
		if err := db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.branch_id <> m.branch_id OR s.valid_from <> m.joined_on THEN 1 ELSE 0 END), 0)
			FROM member_spans s JOIN members m ON m.id = s.member_id WHERE m.import_id = ?`, res.ImportID).Scan(&spans, &wrong); err != nil {
			t.Fatal(err)
		}
		if spans != 40 || wrong != 0 {
			t.Errorf("%d spans of the import's members, %d not their branch and joining day", spans, wrong)
		}
		x := an()
		x.FullName, x.CCCD = "Người Đến Sau", ""
		next, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, x, false, now)
		if err != nil || next.ID != hi+1 {
			t.Errorf("the member added after: id %d, want %d (%v)", next.ID, hi+1, err)
		}
	})
}
