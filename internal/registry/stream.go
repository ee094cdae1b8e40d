package registry

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// memberFile is a member file being read: a goroutine reads it and hands
// its rows, in batches, to a checker per processor (fields, keys, commune,
// scope); next takes the checked batches in the file's order, so that the
// rows can be written while the rest of the file is read and checked.
type memberFile struct {
	rows  []*fileRow        // the good rows taken so far, in the file's order
	bad   *tabular.Problems // the faults of the rows taken so far
	order chan memberBatch  // the batches, in the file's order
	seen  int               // rows read; set at the end of the file
	err   error             // the reader's error; set at the end of the file
	ended bool
	// unread are the headers of the columns the import does not read
	// (ImportResult.UnreadColumns); set before the first batch.
	unread []string
}

type memberBatch struct {
	lines  []int
	fields [][]string
	done   chan checkedBatch
}

type checkedBatch struct {
	rows   []*fileRow
	faults []rowFault
}

// readMemberFile starts reading and checking the member file r.
func readMemberFile(tree *units.Tree, by auth.Principal, r io.Reader, source string, codesOn, now time.Time, bad *tabular.Problems) *memberFile {
	f := &memberFile{bad: bad, order: make(chan memberBatch, 64)}
	jobs := make(chan memberBatch, 4)
	for range max(1, runtime.GOMAXPROCS(0)) {
		go func() {
			cache := newCheckCache()
			for b := range jobs {
				var out checkedBatch
				for i, v := range b.fields {
					fr, faults := checkRow(tree, by, b.lines[i], v, codesOn, now, cache)
					if fr != nil {
						out.rows = append(out.rows, fr)
					}
					out.faults = append(out.faults, faults...)
				}
				b.done <- out
			}
		}()
	}
	rd := tabular.Reader{Limits: tabular.DefaultLimits, OneSheet: true, Dates: []string{ColBirthDate, ColJoinedOn, ColLeftOn}, Header: headerName, Label: vi.MemberColumn,
		Unread: func(headers []string) { f.unread = headers }}
	batchRows := checkBatchRows
	go func() {
		seen := 0
		var cur memberBatch
		send := func() {
			cur.done = make(chan checkedBatch, 1)
			f.order <- cur
			jobs <- cur
			cur = memberBatch{}
		}
		err := rd.Scan(r, source, RequiredColumns, OptionalColumns, func(rec tabular.Record) {
			seen++
			cur.lines = append(cur.lines, rec.Line)
			cur.fields = append(cur.fields, slices.Clone(rec.Fields))
			if len(cur.lines) == batchRows {
				send()
			}
		})
		if len(cur.lines) > 0 {
			send()
		}
		close(jobs)
		// Closing order publishes seen and err to the reader of the batches.
		f.seen, f.err = seen, err
		close(f.order)
	}()
	return f
}

// next takes the next batch of checked rows into f.rows and f.bad; false
// at the end of the file.
func (f *memberFile) next() bool {
	if f.ended {
		return false
	}
	b, ok := <-f.order
	if !ok {
		f.ended = true
		return false
	}
	out := <-b.done
	f.rows = append(f.rows, out.rows...)
	for _, e := range out.faults {
		f.bad.Add(e.line, vi.MemberColumn(e.col), e.err)
	}
	return true
}

// drain takes the rest of the file.
func (f *memberFile) drain() {
	for f.next() {
	}
}

// errAbandon ends a streamed import that turned out to need more than
// adding rows: its transaction is rolled back and the import takes the
// path that reads the whole file first.
var errAbandon = errors.New("registry: import members: not a stream of new members")

// streamChunk is how many rows a streamed import hands to one bulk write:
// a multiple of the rows of one SQLite insert (1,000), few enough to keep
// the checkers busy while the database writes. A variable for tests.
var streamChunk = 16_000

// checkBatchRows is how many rows a checker takes at a time. A variable
// for tests.
var checkBatchRows = 512

// streamMembers is ImportMembers' path for a large file of new members.
// Once rebuildIndexesFrom good rows are checked, and the registry holds
// fewer than four times as many members, it opens the transaction, drops
// the secondary indexes as addMany does and writes the rows in chunks
// while the rest of the file is read and checked. Branches the import
// makes are written when their first row comes, and their founding day
// (the earliest joining day of their rows) is set at the end. The first
// row that needs more than an addition (a fault, a member already in the
// registry, a row repeating another with other fields, an unknown branch
// without opt.CreateBranches) rolls everything back, and done is false:
// the caller takes the rest of the file and the other path, which names
// every fault and decides the duplicates. A row the same as one before it
// is skipped here as there.
func streamMembers(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, f *memberFile, source, sum string,
	opt ImportOptions, now time.Time) (res ImportResult, done bool) {
	for len(f.rows) < rebuildIndexesFrom && f.bad.Len() == 0 && f.next() {
	}
	if len(f.rows) < rebuildIndexesFrom || f.bad.Len() > 0 {
		return res, false
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		s := &streamer{r: newRegistry(tx, tree), tx: tx, by: by, opt: opt, now: now, t: tally{},
			first: map[string]*fileRow{}, branches: map[string]*Org{}, homes: map[int64]*Org{},
			earliest: map[string]time.Time{}, groups: memberGroups{}, stamp: now.UTC().Format(time.RFC3339)}
		return s.run(ctx, f, source, sum, &res)
	})
	streamed(err == nil)
	if err != nil {
		// Whatever went wrong, the other path does it again from the
		// start and says what it is.
		return ImportResult{}, false
	}
	return res, true
}

// streamed is told how each streamed import ended (tests watch it).
var streamed = func(done bool) {}

// streamer is the state of a streamed import in its transaction.
type streamer struct {
	r     *registry
	tx    *store.Tx
	by    auth.Principal
	opt   ImportOptions
	now   time.Time
	t     tally
	stamp string

	importID int64
	nextID   int64                // the id of the next member written
	present  map[string]bool      // the keys of the members already there
	first    map[string]*fileRow  // the first row of each key
	branches map[string]*Org      // by branchKey
	homes    map[int64]*Org       // the association a new branch of each commune looked at joins (nil: none yet)
	made     []madeOrg            // associations and branches made, in order
	earliest map[string]time.Time // the earliest joining day of each branch made
	groups   memberGroups
	pending  []*fileRow // rows not yet written (their branches in branches)
	added    int
	skipped  int
}

// madeOrg is an association unit a streamed import made: the branch key
// whose earliest joining day founds it (for an association, that of the
// branch it was made for), and the name the result lists.
type madeOrg struct {
	org    *Org
	key    string
	listed string
}

func (s *streamer) run(ctx context.Context, f *memberFile, source, sum string, res *ImportResult) error {
	tx := s.tx
	// The indexes go first: on PostgreSQL that locks members, so that the
	// registry read next is the one this import writes into, and not one
	// that another import is changing (which then ends first).
	if err := dropIndexes(ctx, tx); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&have); err != nil {
		return err
	}
	if !rebuildPays(have, len(f.rows)) {
		return errAbandon // a small part of the registry: addMany's path
	}
	if have > 0 {
		var err error
		if s.present, err = s.r.memberKeys(ctx); err != nil {
			return err
		}
	}
	// The import numbers its members and writes their spans beside them;
	// on PostgreSQL the spans' key to members is checked once at the end.
	last, err := streamIDs(ctx, tx)
	if err != nil {
		return err
	}
	s.nextID = last + 1
	pg := tx.Dialect == store.Postgres
	if pg {
		if err := setAsideSpanKey(ctx, tx); err != nil {
			return err
		}
	}
	run := ingest.Run{Kind: "members", Source: source, SHA256: sum, Actor: s.by.Name(), At: s.now}
	if s.importID, err = run.Record(ctx, tx); err != nil {
		return err
	}
	taken := 0
	for {
		for ; taken < len(f.rows); taken++ {
			if err := s.take(ctx, f.rows[taken]); err != nil {
				return err
			}
		}
		if f.bad.Len() > 0 {
			return errAbandon
		}
		if len(s.pending) >= streamChunk {
			if err := s.flush(ctx); err != nil {
				return err
			}
			if s.opt.Progress != nil {
				s.opt.Progress(vi.ProgressWritten, s.added, len(f.rows))
			}
		}
		if !f.next() {
			break
		}
	}
	if f.err != nil {
		return errAbandon // the other path returns the reader's error
	}
	if err := s.flush(ctx); err != nil {
		return err
	}
	if s.opt.Progress != nil {
		s.opt.Progress(vi.ProgressChecked, f.seen, f.seen)
		s.opt.Progress(vi.ProgressWritten, s.added, s.added)
	}
	created, err := s.finishOrgs(ctx)
	if err != nil {
		return err
	}
	if err := s.r.addCounts(ctx, s.groups, s.t); err != nil {
		return err
	}
	if pg {
		if err := restoreSpanKey(ctx, tx); err != nil {
			return err
		}
		if err := tx.ResetSequence(ctx, "members"); err != nil {
			return err
		}
	}
	if err := createIndexes(ctx, tx); err != nil {
		return err
	}
	run.Rows, run.Changed = f.seen, s.added
	if err := run.Finish(ctx, tx, s.importID); err != nil {
		return err
	}
	*res = ImportResult{Source: source, Rows: f.seen, Added: s.added, Skipped: s.skipped, CreatedBranches: created, ImportID: s.importID,
		UnreadColumns: f.unread}
	if err := audit.Record(ctx, tx, s.now, s.by.Actor(), audit.Entry{Action: audit.ActionImportMembers, UnitID: commonUnit(s.r.tree, f.rows),
		Detail: fmt.Sprintf(vi.AuditImportMembersDetail, source, res.Added, res.Updated, res.Unchanged, res.Skipped)}); err != nil {
		return err
	}
	return applyCounts(ctx, tx, s.r.tree, s.t)
}

// take adds a row to the rows to write, or abandons the stream.
func (s *streamer) take(ctx context.Context, fr *fileRow) error {
	if s.present[fr.key] {
		return errAbandon
	}
	if other, dup := s.first[fr.key]; dup {
		if !sameRow(other, fr) {
			return errAbandon
		}
		s.skipped++
		return nil
	}
	s.first[fr.key] = fr
	if err := s.branch(ctx, fr); err != nil {
		return err
	}
	if e, ok := s.earliest[fr.bkey]; ok && fr.c.JoinedOn.Before(e) {
		s.earliest[fr.bkey] = fr.c.JoinedOn
	}
	s.pending = append(s.pending, fr)
	s.added++
	return nil
}

// branch makes sure s.branches holds the branch of a row: one of its
// commune's (as resolveBranches finds them), or one made for it.
func (s *streamer) branch(ctx context.Context, fr *fileRow) error {
	if s.branches[fr.bkey] != nil {
		return nil
	}
	cid := fr.commune.ID
	home, looked := s.homes[cid]
	if !looked {
		h, err := s.r.branchesIn(ctx, cid, s.branches)
		if err != nil {
			return err
		}
		home, s.homes[cid] = h, h
		if s.branches[fr.bkey] != nil {
			return nil
		}
	}
	if !s.opt.CreateBranches {
		return errAbandon
	}
	if home == nil {
		home = &Org{Kind: Grassroots, Name: fmt.Sprintf(vi.AssociationName, fr.commune.FullName()), Founded: fr.c.JoinedOn, CommuneID: cid}
		if err := s.r.insertOrg(ctx, s.tx, home, s.now); err != nil {
			return err
		}
		s.homes[cid] = home
		s.made = append(s.made, madeOrg{org: home, key: fr.bkey, listed: home.Name})
	}
	b := &Org{Kind: Branch, Name: fr.branch, ParentID: home.ID, Founded: fr.c.JoinedOn}
	if err := s.r.insertOrg(ctx, s.tx, b, s.now); err != nil {
		return err
	}
	s.branches[fr.bkey] = b
	s.earliest[fr.bkey] = fr.c.JoinedOn
	s.made = append(s.made, madeOrg{org: b, key: fr.bkey, listed: fr.branch + " (" + fr.commune.FullName() + ")"})
	return nil
}

// flush writes the pending rows in one bulk write.
func (s *streamer) flush(ctx context.Context) error {
	if len(s.pending) == 0 {
		return nil
	}
	rows := s.pending
	if err := s.r.copyMembers(ctx, s.tx, rows, s.branches, s.importID, s.stamp, s.groups, nil, s.nextID); err != nil {
		return err
	}
	s.nextID += int64(len(rows))
	// The keys of a written row's name are not needed again (the other
	// path, should it come to that, computes them anew): a million rows
	// hold some 150 MB of them.
	for _, fr := range rows {
		fr.c.fold, fr.c.sortKey, fr.c.givenKey = "", "", ""
	}
	s.pending = s.pending[:0]
	return nil
}

// finishOrgs founds the associations and branches the import made on
// the day resolveBranches would have: an association on the earliest
// joining day of the branch it was made for, a branch on that of its rows
// but not before its association. They are finished (place, history,
// audit entry, counts) in the order resolveBranches makes them: by
// commune, then in the file's order.
func (s *streamer) finishOrgs(ctx context.Context) ([]string, error) {
	slices.SortStableFunc(s.made, func(a, b madeOrg) int { return cmp.Compare(a.org.CommuneID, b.org.CommuneID) })
	var created []string
	for _, m := range s.made {
		o := m.org
		founded := s.earliest[m.key]
		if o.Kind == Branch {
			p, err := s.r.org(ctx, o.ParentID)
			if err != nil {
				return nil, err
			}
			if founded.Before(p.Founded) {
				founded = p.Founded
			}
		}
		if !founded.Equal(o.Founded) {
			o.Founded = founded
			if _, err := s.tx.Exec(ctx, "UPDATE orgs SET founded_on = ? WHERE id = ?", day(founded), o.ID); err != nil {
				return nil, fmt.Errorf("registry: add org: %w", err)
			}
		}
		if err := s.r.finishOrg(ctx, s.tx, s.by, o, s.now, s.t); err != nil {
			return nil, err
		}
		created = append(created, m.listed)
	}
	return created, nil
}
