package registry

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
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
