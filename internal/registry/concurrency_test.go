package registry

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// TestWritersAtOnceKeepTheCountsEqualToTheRecords runs officers adding
// members, an import and leavings at the same time; afterwards every
// member is there once and the counts equal what the records say, and no
// write was lost or half done.
func TestWritersAtOnceKeepTheCountsEqualToTheRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 5 {
					_, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, Fields{FullName: fmt.Sprintf("Người %d %d", w, i), BirthDate: "1970",
						JoinedOn: fmt.Sprintf("%02d/09/2025", 1+i)}, false, now)
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		var file strings.Builder
		file.WriteString("commune,branch,full_name,birth_date,joined_on\n")
		for i := range 40 {
			fmt.Fprintf(&file, "00004,Chi hội Trường THCS Ba Đình,Nhập %d,1965,%02d/10/2025\n", i, 1+i%28)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := importText(t, f, file.String(), ImportOptions{}); err != nil {
				errs <- err
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			if apperr.CodeOf(err) != apperr.Busy {
				t.Errorf("a writer failed: %v", err)
			}
		}
		// Leavings and edits at once, each from the version it read.
		p, err := FindMembers(ctx, db, f.tree, f.xa, Query{PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		var lw sync.WaitGroup
		for i, m := range p.Members {
			if i%3 != 0 {
				continue
			}
			lw.Add(1)
			go func() {
				defer lw.Done()
				if err := LeaveMember(ctx, db, f.tree, f.xa, m.ID, m.Version, d("2026-01-15"), "Chuyển đi", now); err != nil && apperr.CodeOf(err) != apperr.Busy {
					t.Errorf("leave %d: %v", m.ID, err)
				}
			}()
		}
		lw.Wait()
		var active, total int64
		db.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE left_on IS NULL OR left_on > '2026-06-30'").Scan(&active)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&total)
		if total != int64(len(p.Members)) {
			t.Errorf("%d members stored, %d listed", total, len(p.Members))
		}
		if got := f.count(t, f.badinh, IndMembers, "2026-06-30"); got != active {
			t.Errorf("the count says %d members on 30/06/2026, the records %d", got, active)
		}
	})
}

// TestTwoStreamedImportsAtOnce runs a large import while another is in
// its transaction: of two communes, both add their members; of the same
// file, the members are there once (the second reads the registry the
// first wrote, or is told the database is busy). Either way the counts
// equal the records and the indexes are all there. It holds the first
// import open, not the second between its reading of the registry and
// its dropping of the indexes.
func TestTwoStreamedImportsAtOnce(t *testing.T) {
	file := func(commune string) string {
		var b strings.Builder
		b.WriteString("commune,branch,full_name,birth_date,joined_on\n")
		for i := range 40 {
			fmt.Fprintf(&b, "%s,Chi hội Đồng Thời,Hội Viên Đồng Thời %s %02d,1965,%02d/08/2025\n", commune, commune, i, 1+i%28)
		}
		return b.String()
	}
	for _, c := range []struct {
		name  string
		files [2]string
	}{
		{"two communes", [2]string{file("00004"), file("00008")}},
		{"the same file", [2]string{file("00004"), file("00004")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ends := watchStreams(t, 10)
				f := setup(t, db)
				var wg sync.WaitGroup
				var results [2]ImportResult
				var errs [2]error
				run := func(i int, r io.Reader, opt ImportOptions) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[i], errs[i] = ImportMembers(ctx, db, f.tree, f.local, r, fmt.Sprintf("dong-thoi-%d.csv", i), "sum", opt, now)
					}()
				}
				// The first import reads its file through a pipe and is held
				// in its transaction, its first rows written, while the
				// second starts (on PostgreSQL, until the second waits for
				// it); then it reads the rest.
				pr, pw := io.Pipe()
				writing := make(chan struct{})
				var once sync.Once
				run(0, pr, ImportOptions{CreateBranches: true, Progress: func(stage string, _, _ int) {
					if stage == vi.ProgressWritten {
						once.Do(func() { close(writing) })
					}
				}})
				lines := strings.SplitAfter(c.files[0], "\n")
				io.WriteString(pw, strings.Join(lines[:20], ""))
				<-writing
				run(1, strings.NewReader(c.files[1]), ImportOptions{CreateBranches: true})
				if db.Dialect == store.Postgres {
					waited := false
					for range 600 {
						var n int
						if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DROP INDEX%'").Scan(&n); err != nil {
							t.Error(err)
							break
						}
						if waited = n > 0; waited {
							break
						}
						time.Sleep(50 * time.Millisecond)
					}
					if !waited {
						t.Error("the second import never waited for the first")
					}
				}
				io.WriteString(pw, strings.Join(lines[20:], ""))
				pw.Close()
				wg.Wait()
				added, busy := 0, 0
				for i, err := range errs {
					if err != nil && apperr.CodeOf(err) != apperr.Busy {
						t.Errorf("import %d: %v", i, faults(err))
					}
					if err != nil {
						busy++
					}
					added += results[i].Added
				}
				distinct := map[string]bool{}
				for _, text := range c.files {
					distinct[text] = true
				}
				if added != 40*len(distinct) && busy == 0 {
					t.Errorf("added %d, want %d: %+v", added, 40*len(distinct), results)
				}
				streamedIn := 0
				for _, done := range *ends {
					if done {
						streamedIn++
					}
				}
				if len(*ends) != 2 || streamedIn != added/40 {
					t.Errorf("streams %v for %d members added", *ends, added)
				}
				if got := f.members(t); got != added {
					t.Errorf("%d members stored, the imports say they added %d", got, added)
				}
				var keys int
				if err := db.QueryRow(ctx, "SELECT COUNT(DISTINCT dup_key) FROM members").Scan(&keys); err != nil {
					t.Fatal(err)
				}
				if keys != added {
					t.Errorf("%d people among %d members", keys, added)
				}
				for _, code := range []string{"00004", "00008"} {
					u, err := f.tree.Resolve(units.Commune, code, now)
					if err != nil {
						t.Fatal(err)
					}
					var records int64
					if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE commune_id = ?", u.ID).Scan(&records); err != nil {
						t.Fatal(err)
					}
					if got := f.count(t, u, IndMembers, "2026-06-30"); got != records {
						t.Errorf("commune %s: the count says %d members, the records %d", code, got, records)
					}
				}
				q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('members', 'member_spans') AND sql IS NOT NULL"
				if db.Dialect == store.Postgres {
					q = "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('members', 'member_spans') AND indexname NOT LIKE '%pkey'"
				}
				var indexes int
				if err := db.QueryRow(ctx, q).Scan(&indexes); err != nil {
					t.Fatal(err)
				}
				if indexes != len(rebuiltIndexes) {
					t.Errorf("%d indexes after the imports, want %d", indexes, len(rebuiltIndexes))
				}
			})
		})
	}
}
