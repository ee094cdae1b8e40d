package registry

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Columns are the columns of a member file, required first
// (docs/contracts.md, section Members).
var (
	RequiredColumns = []string{ColCommune, ColBranch, ColFullName, ColJoinedOn}
	OptionalColumns = []string{ColGender, ColBirthDate, ColCCCD, ColPhone, ColAddress, ColLeftOn, ColLeftReason, ColCardNo, ColConsent}
	// TemplateColumns is the order of the template and of exports.
	TemplateColumns = []string{ColCommune, ColBranch, ColFullName, ColGender, ColBirthDate, ColCCCD, ColPhone, ColAddress,
		ColJoinedOn, ColLeftOn, ColLeftReason, ColCardNo, ColConsent}
)

// headerName maps a header cell to its column: the machine name, the
// Vietnamese header of the template, or another header officers' own lists
// give it (vi.MemberColumnAliases: «SĐT», «CCCD», «Họ tên», «Năm sinh»…),
// each with or without diacritics.
var headerName = tabular.Headers(TemplateColumns, vi.MemberColumn, members.Fold, vi.MemberColumnAliases)

// Duplicate decides what an import does with a row that is a member already
// there (in the registry or higher up in the file) with other fields.
type Duplicate string

// The decisions; without one a file with such rows is refused.
const (
	DuplicateRefuse Duplicate = ""
	DuplicateSkip   Duplicate = "skip"   // keep what is there (the first row of the file)
	DuplicateUpdate Duplicate = "update" // take the row's fields (the last row of the file)
)

// ParseDuplicate reads --on-duplicate.
func ParseDuplicate(s string) (Duplicate, error) {
	switch d := Duplicate(strings.ToLower(strings.TrimSpace(s))); d {
	case DuplicateRefuse, DuplicateSkip, DuplicateUpdate:
		return d, nil
	}
	return "", apperr.New(apperr.Usage, vi.ErrOnDuplicate, s)
}

// ImportOptions are the choices of a member import.
type ImportOptions struct {
	// CodesOn is the day on which the file's commune codes are read: today
	// when zero. A list kept before the 2025 reform names the communes of
	// then (30/06/2025), several of whose codes new communes took over.
	CodesOn        time.Time
	DryRun         bool
	OnDuplicate    Duplicate
	CreateBranches bool
	// Progress, when set, is told how many rows are done out of how many,
	// from time to time while the rows are checked and written (from one
	// goroutine at a time, not always the caller's).
	Progress func(stage string, done, total int)
}

// Match is a row of the file that is a member already: in the registry
// (MemberID) or higher up in the file (OtherLine).
type Match struct {
	Line      int
	OtherLine int
	MemberID  int64
	Name      string
	ByCCCD    bool
	Same      bool // the fields are the same: nothing to decide
}

// ImportResult says what an import did (or, in a dry run, would do).
type ImportResult struct {
	Source          string
	Rows            int
	Added           int
	Updated         int
	Unchanged       int
	Skipped         int
	Matches         []Match // rows that are members already, with other fields
	CreatedBranches []string
	// UnreadColumns are the headers of the file's columns that are none of
	// the member file's (as written): notes, a numbering, or a column the
	// officer meant as a member's field under a header the import does not
	// know, whose data it did not import.
	UnreadColumns []string
	ImportID      int64
	DryRun        bool
}

// fileRow is a row of a member file, read and checked.
type fileRow struct {
	line    int
	commune *units.Unit
	branch  string // as written
	bkey    string // branchKey
	c       checked
	key     string
	// What the import does with it.
	existing *stored
	skip     bool
}

// ImportMembersFile imports the member file at path (ImportMembers).
func ImportMembersFile(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, path string, opt ImportOptions, now time.Time) (ImportResult, error) {
	return ingest.ReadFile(path, "", func(f io.Reader, source, sum string) (ImportResult, error) {
		return ImportMembers(ctx, db, tree, by, f, source, sum, opt, now)
	})
}

// ImportMembers reads a member file (CSV or XLSX, the columns of
// docs/contracts.md) and adds its members, all or nothing: a file with any
// bad row is refused naming every row and column at fault, and a file with
// rows that are members already with other fields is refused listing them
// unless opt.OnDuplicate says what to do. Rows the same as a member already
// there change nothing, so importing a file again changes nothing. The
// principal must write every row's commune. A dry run checks everything and
// reports what would happen, writing nothing. A large file of new members
// is written while it is read (streamMembers); what it writes is what the
// other path would.
func ImportMembers(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r io.Reader, source, sum string, opt ImportOptions, now time.Time) (ImportResult, error) {
	res := ImportResult{Source: source, DryRun: opt.DryRun}
	bad := tabular.NewProblems(source)
	codesOn := units.Day(now)
	if !opt.CodesOn.IsZero() {
		codesOn = opt.CodesOn
	}
	f := readMemberFile(tree, by, r, source, codesOn, now, bad)
	if !opt.DryRun {
		// A large file of new members is written while it is read; any
		// other file, and one that turns out to need more than adding
		// rows, takes the path below.
		if out, done := streamMembers(ctx, db, tree, by, f, source, sum, opt, now); done {
			return out, nil
		}
	}
	f.drain()
	rows, seen := f.rows, f.seen
	if f.err != nil {
		return res, f.err
	}
	res.Rows, res.UnreadColumns = seen, f.unread
	if opt.Progress != nil {
		opt.Progress(vi.ProgressChecked, res.Rows, res.Rows)
	}
	// Unknown branches are named with the other faults, so that one round
	// of corrections fixes the file (the transaction checks them again).
	if !opt.CreateBranches {
		r := newRegistry(db, tree)
		known, looked := map[string]*Org{}, map[int64]bool{}
		for _, fr := range rows {
			if !looked[fr.commune.ID] {
				if _, err := r.branchesIn(ctx, fr.commune.ID, known); err != nil {
					return res, err
				}
				looked[fr.commune.ID] = true
			}
			if known[fr.bkey] == nil {
				bad.Add(fr.line, vi.MemberColumn(ColBranch), apperr.New(apperr.Invalid, vi.ErrNoSuchBranch, fr.branch, fr.commune.FullName()))
			}
		}
	}
	if bad.Len() > 0 {
		return res, bad.Err()
	}

	var out ImportResult
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			res := res
			err := importTx(ctx, tx, tree, by, rows, source, sum, opt, now, &res)
			out = res
			if err == nil && opt.DryRun {
				return errDryRun
			}
			return err
		})
	})
	if err == errDryRun {
		err = nil
	}
	return out, err
}

var errDryRun = fmt.Errorf("dry run")

// rowFault is a fault of a row's column.
type rowFault struct {
	line int
	col  string
	err  error
}

// checkRow reads and checks one row of a member file (its fields in the
// order of RequiredColumns then OptionalColumns): the fields, the commune
// (as of codesOn, else of the joining day) and the principal's right to
// it (cache keeps it by commune, with the branch names as written). It
// returns the row, or its faults.
func checkRow(tree *units.Tree, by auth.Principal, line int, v []string, codesOn, now time.Time, cache *checkCache) (*fileRow, []rowFault) {
	var out []rowFault
	f := Fields{FullName: v[2], JoinedOn: v[3], Gender: v[4], BirthDate: v[5], CCCD: v[6], Phone: v[7], Address: v[8],
		LeftOn: v[9], LeftReason: v[10], CardNo: v[11], Consent: v[12]}
	c, faults := f.check(now, members.DefaultMinAge)
	for _, col := range TemplateColumns {
		if faults[col] != nil {
			out = append(out, rowFault{line, col, faults[col]})
		}
	}
	joined := c.JoinedOn
	if faults[ColJoinedOn] != nil {
		joined = codesOn
	}
	commune, err := resolveCommune(tree, v[0], codesOn, joined)
	if err == nil {
		ok, seen := cache.allowed[commune.ID]
		if !seen {
			ok = by.Check(commune, auth.NeedWrite)
			cache.allowed[commune.ID] = ok
		}
		err = ok
	}
	if err != nil {
		out = append(out, rowFault{line, ColCommune, err})
	}
	var b branchNames
	if commune != nil {
		b = cache.branch(commune.ID, v[1])
	} else {
		b.name = members.CleanName(v[1])
	}
	if b.name == "" {
		out = append(out, rowFault{line, ColBranch, apperr.New(apperr.Invalid, vi.ErrRequired)})
	}
	if len(out) > 0 {
		return nil, out
	}
	c.key, c.keyOf = c.dupKey(commune), commune.ID
	return &fileRow{line: line, commune: commune, branch: b.name, bkey: b.key, c: c, key: c.key}, nil
}

// checkCache is what a checker of rows keeps from one row to the next:
// the principal's right to each commune, and the branch names as written
// in each commune, cleaned and keyed (a file names a few per commune).
type checkCache struct {
	allowed  map[int64]error
	branches map[communeBranch]branchNames
}

type communeBranch struct {
	commune int64
	written string
}

type branchNames struct{ name, key string }

func newCheckCache() *checkCache {
	return &checkCache{allowed: map[int64]error{}, branches: map[communeBranch]branchNames{}}
}

// branch is the cleaned name and branchKey of a branch as written in a
// commune.
func (c *checkCache) branch(commune int64, written string) branchNames {
	k := communeBranch{commune, written}
	b, ok := c.branches[k]
	if !ok {
		b.name = members.CleanName(written)
		b.key = makeBranchKey(commune, b.name)
		c.branches[k] = b
	}
	return b
}

// resolveCommune finds a commune by its code on day on (today, unless the
// import says the file's codes are of another day), or else on the day the
// member joined: the code of a commune abolished since, which no commune
// of today took over.
func resolveCommune(tree *units.Tree, code string, on, joined time.Time) (*units.Unit, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, apperr.New(apperr.Invalid, vi.ErrRequired)
	}
	if u, err := tree.Resolve(units.Commune, code, on); err == nil {
		return u, nil
	}
	u, err := tree.Resolve(units.Commune, code, joined)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, vi.ErrNoSuchCommune, code)
	}
	return u, nil
}

// importTx is the import in its transaction: branches, duplicates, writes.
func importTx(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, rows []*fileRow, source, sum string,
	opt ImportOptions, now time.Time, res *ImportResult) error {
	r := newRegistry(tx, tree)
	bad := tabular.NewProblems(source)
	t := tally{}

	// Branches by commune and folded name.
	branches, created, err := r.resolveBranches(ctx, tx, by, rows, opt, now, bad, t)
	if err != nil {
		return err
	}
	res.CreatedBranches = created
	if bad.Len() > 0 {
		return bad.Err()
	}

	// Duplicates within the file.
	first := map[string]*fileRow{}
	var keep []*fileRow
	for _, fr := range rows {
		other, dup := first[fr.key]
		if !dup {
			first[fr.key] = fr
			keep = append(keep, fr)
			continue
		}
		same := sameRow(other, fr)
		if !same {
			res.Matches = append(res.Matches, Match{Line: fr.line, OtherLine: other.line, Name: fr.c.FullName, ByCCCD: fr.c.CCCD != ""})
		}
		switch {
		case same || opt.OnDuplicate == DuplicateSkip:
			res.Skipped++
		case opt.OnDuplicate == DuplicateUpdate:
			res.Skipped++
			*other = *fr // the last row wins
		}
	}
	// Against the registry.
	if err := r.matchExisting(ctx, keep); err != nil {
		return err
	}
	for _, fr := range keep {
		if fr.existing == nil {
			continue
		}
		e := fr.existing
		if !by.CanWrite(e.communeID) {
			bad.Add(fr.line, vi.MemberColumn(ColFullName), apperr.New(apperr.Conflict, vi.ErrDuplicateElsewhere))
			continue
		}
		if e.erased {
			bad.Add(fr.line, vi.MemberColumn(ColFullName), apperr.New(apperr.Conflict, vi.ErrMemberErased, e.id))
			continue
		}
		b := branches[branchKey(fr)]
		if sameFields(e.c, fr.c) && (b == nil || b.ID == e.branchID) {
			fr.skip = true
			res.Unchanged++
			continue
		}
		res.Matches = append(res.Matches, Match{Line: fr.line, MemberID: e.id, Name: e.c.FullName, ByCCCD: fr.c.CCCD != ""})
		if opt.OnDuplicate == DuplicateSkip {
			fr.skip = true
			res.Skipped++
		}
	}
	if bad.Len() > 0 {
		return bad.Err()
	}
	if len(res.Matches) > 0 && opt.OnDuplicate == DuplicateRefuse {
		return duplicatesError(source, res.Matches)
	}
	var adds, updates []*fileRow
	for _, fr := range keep {
		switch {
		case fr.skip:
		case fr.existing != nil:
			updates = append(updates, fr)
		default:
			adds = append(adds, fr)
		}
	}
	res.Added, res.Updated = len(adds), len(updates)
	if opt.DryRun {
		return nil
	}
	if len(adds)+len(updates)+len(created) == 0 {
		return nil // nothing changes: no import run, no audit entry
	}
	importID, err := ingest.Run{Kind: "members", Source: source, SHA256: sum, Actor: by.Name(), Rows: res.Rows,
		Changed: len(adds) + len(updates), At: now}.Record(ctx, tx)
	if err != nil {
		return err
	}
	res.ImportID = importID
	if err := r.addMany(ctx, tx, adds, branches, importID, now, t, opt.Progress); err != nil {
		return err
	}
	for _, fr := range updates {
		if err := r.updateFromFile(ctx, tx, by, fr, branches[branchKey(fr)], importID, now, t); err != nil {
			return apperr.At(fmt.Sprintf(vi.WhereFileRow, source, fr.line), err)
		}
	}
	if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionImportMembers, UnitID: commonUnit(tree, keep),
		Detail: fmt.Sprintf(vi.AuditImportMembersDetail, source, res.Added, res.Updated, res.Unchanged, res.Skipped)}); err != nil {
		return err
	}
	return applyCounts(ctx, tx, tree, t)
}

// commonUnit is the commune of all the rows when they share one, else 0.
func commonUnit(tree *units.Tree, rows []*fileRow) int64 {
	var id int64
	for _, fr := range rows {
		if id != 0 && fr.commune.ID != id {
			return 0
		}
		id = fr.commune.ID
	}
	return id
}

func duplicatesError(source string, ms []Match) error {
	l := &apperr.List{Code: apperr.Conflict, Title: fmt.Sprintf(vi.ErrImportDuplicates, source, len(ms))}
	for _, m := range ms {
		var e error
		if m.MemberID != 0 {
			e = apperr.New(apperr.Conflict, vi.ErrRowIsMember, m.Name, m.MemberID)
		} else {
			e = apperr.New(apperr.Conflict, vi.ErrRowRepeats, m.OtherLine)
		}
		l.Items = append(l.Items, apperr.At(fmt.Sprintf(vi.WhereFileRow, source, m.Line), e))
		if len(l.Items) >= tabular.MaxListed {
			break
		}
	}
	return l
}

// sameRow reports whether two rows name the same branch of the same
// commune (their branchKey) and the same fields.
func sameRow(a, b *fileRow) bool {
	return a.bkey == b.bkey && sameFields(a.c, b.c)
}

func sameFields(a, b checked) bool {
	af, bf := a.fields(), b.fields()
	if len(af) != len(bf) {
		return false
	}
	for k, v := range af {
		if bf[k] != v {
			return false
		}
	}
	return true
}

// branchKey is the key of a row's branch: its commune and folded name.
func branchKey(fr *fileRow) string { return fr.bkey }

func makeBranchKey(commune int64, branch string) string {
	return strconv.FormatInt(commune, 10) + "|" + members.Fold(branch)
}

// resolveBranches finds each row's branch among the branches and
// sub-branches of the associations of its commune; unknown ones are faults,
// or, with opt.CreateBranches, made (and the commune's association with
// them when it has none; in a dry run only named, and left out of the map).
func (r *registry) resolveBranches(ctx context.Context, tx *store.Tx, by auth.Principal, rows []*fileRow, opt ImportOptions, now time.Time, bad *tabular.Problems, t tally) (map[string]*Org, []string, error) {
	byCommune := map[int64][]*fileRow{}
	for _, fr := range rows {
		byCommune[fr.commune.ID] = append(byCommune[fr.commune.ID], fr)
	}
	out := map[string]*Org{}
	planned := map[string]bool{}
	var created []string
	ids := make([]int64, 0, len(byCommune))
	for id := range byCommune {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// The earliest joining day of each branch's rows: a branch made by the
	// import is founded then.
	earliest := map[string]time.Time{}
	for _, fr := range rows {
		if e, ok := earliest[fr.bkey]; !ok || fr.c.JoinedOn.Before(e) {
			earliest[fr.bkey] = fr.c.JoinedOn
		}
	}
	for _, cid := range ids {
		assoc, err := r.branchesIn(ctx, cid, out)
		if err != nil {
			return nil, nil, err
		}
		for _, fr := range byCommune[cid] {
			k := branchKey(fr)
			if out[k] != nil || planned[k] {
				continue
			}
			if !opt.CreateBranches {
				bad.Add(fr.line, vi.MemberColumn(ColBranch), apperr.New(apperr.Invalid, vi.ErrNoSuchBranch, fr.branch, fr.commune.FullName()))
				continue
			}
			if opt.DryRun {
				planned[k] = true
				if assoc == nil && !planned[fmt.Sprint(cid)] {
					planned[fmt.Sprint(cid)] = true
					created = append(created, fmt.Sprintf(vi.AssociationName, fr.commune.FullName()))
				}
				created = append(created, fr.branch+" ("+fr.commune.FullName()+")")
				continue
			}
			founded := earliest[k]
			if assoc == nil {
				assoc, err = r.addOrgTx(ctx, tx, by, &Org{Kind: Grassroots, Name: fmt.Sprintf(vi.AssociationName, fr.commune.FullName()),
					Founded: founded, CommuneID: cid}, now, t)
				if err != nil {
					return nil, nil, err
				}
				created = append(created, assoc.Name)
			}
			if founded.Before(assoc.Founded) {
				founded = assoc.Founded
			}
			b, err := r.addOrgTx(ctx, tx, by, &Org{Kind: Branch, Name: fr.branch, ParentID: assoc.ID, Founded: founded}, now, t)
			if err != nil {
				return nil, nil, err
			}
			out[k] = b
			created = append(created, fr.branch+" ("+fr.commune.FullName()+")")
		}
	}
	return out, created, nil
}

// branchesIn puts into out the branches and sub-branches of the
// associations that sit in a commune (now or ever), by branch key (the
// commune and the folded name, as a row's bkey), and returns the
// commune's grassroots association (the first founded that sits there
// now; nil if none).
func (r *registry) branchesIn(ctx context.Context, communeID int64, out map[string]*Org) (*Org, error) {
	rows, err := r.q.Query(ctx, `SELECT DISTINCT p.org_id FROM org_places p WHERE p.unit_id = ? ORDER BY p.org_id`, communeID)
	if err != nil {
		return nil, err
	}
	var assocs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		assocs = append(assocs, id)
	}
	rows.Close()
	var home *Org
	for _, a := range assocs {
		o, err := r.org(ctx, a)
		if err != nil {
			return nil, err
		}
		if home == nil && o.CommuneID == communeID && o.Dissolved.IsZero() {
			home = o
		}
		sub, err := r.q.Query(ctx, `SELECT id FROM orgs WHERE parent_org_id = ? OR parent_org_id IN (SELECT id FROM orgs WHERE parent_org_id = ?) ORDER BY id`, a, a)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for sub.Next() {
			var id int64
			if err := sub.Scan(&id); err != nil {
				sub.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		sub.Close()
		for _, id := range ids {
			b, err := r.org(ctx, id)
			if err != nil {
				return nil, err
			}
			if b.Kind != Branch && b.Kind != SubBranch {
				continue
			}
			k := makeBranchKey(communeID, b.Name)
			if prev := out[k]; prev == nil || (!prev.Dissolved.IsZero() && b.Dissolved.IsZero()) {
				out[k] = b
			}
		}
	}
	return home, nil
}

// matchExisting finds, for each row, the member already in the registry
// with the same CCCD, or (without a CCCD) the same duplicate key.
//
// The rows are looked up 500 at a time; a file with more rows than the
// registry has members reads the registry's keys once instead and looks
// up only the rows whose key is there (none when the registry is empty).
func (r *registry) matchExisting(ctx context.Context, rows []*fileRow) error {
	const chunk = 500
	var present map[string]bool
	if len(rows) > chunk {
		var have int
		if err := r.q.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&have); err != nil {
			return fmt.Errorf("registry: match members: %w", err)
		}
		if have == 0 {
			return nil
		}
		if have < len(rows) {
			var err error
			if present, err = r.memberKeys(ctx); err != nil {
				return err
			}
		}
	}
	byKey := make(map[string]*fileRow, len(rows))
	var cccds, keys []string
	for _, fr := range rows {
		if present != nil && !present[fr.key] {
			continue
		}
		byKey[fr.key] = fr
		if fr.c.CCCD != "" {
			cccds = append(cccds, fr.c.CCCD)
		} else {
			keys = append(keys, fr.key)
		}
	}
	look := func(col string, vals []string) error {
		for start := 0; start < len(vals); start += chunk {
			part := vals[start:min(start+chunk, len(vals))]
			args := make([]any, len(part))
			for i, v := range part {
				args[i] = v
			}
			rs, err := r.q.Query(ctx, matchSQL(col, len(part)), args...)
			if err != nil {
				return fmt.Errorf("registry: match members: %w", err)
			}
			for rs.Next() {
				s, key := &stored{}, ""
				var gender, born, joined, left, updated string
				if err := rs.Scan(&s.id, &s.c.FullName, &gender, &born, &s.c.CCCD, &s.c.Phone, &s.c.Address, &s.branchID, &s.communeID,
					&joined, &left, &s.c.LeftReason, &s.c.CardNo, &s.c.Consent, &s.erased, &s.version, &updated, &key); err != nil {
					rs.Close()
					return err
				}
				s.c.Gender, s.c.Born = members.Gender(gender), parseBorn(born)
				s.c.JoinedOn, _ = time.Parse(time.DateOnly, joined)
				if left != "" {
					s.c.LeftOn, _ = time.Parse(time.DateOnly, left)
				}
				if col == "cccd" {
					key = "cccd:" + s.c.CCCD
				}
				if fr := byKey[key]; fr != nil && fr.existing == nil {
					fr.existing = s
				}
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	if err := look("cccd", cccds); err != nil {
		return err
	}
	return look("dup_key", keys)
}

// matchSQL is matchExisting's lookup of n members by col (cccd or
// dup_key), with the condition of col's partial index (migration 25).
func matchSQL(col string, n int) string {
	cond := " AND cccd IS NOT NULL"
	if col == "dup_key" {
		cond = " AND cccd IS NULL"
	}
	return "SELECT " + memberColumns + ", dup_key FROM members WHERE " + col + " IN (" + store.Placeholders(n) + ")" + cond + " ORDER BY id"
}

// memberKeys are the keys by which matchExisting finds members: "cccd:"
// and the CCCD of those that have one, and every dup_key.
func (r *registry) memberKeys(ctx context.Context) (map[string]bool, error) {
	rs, err := r.q.Query(ctx, "SELECT COALESCE(cccd, ''), dup_key FROM members")
	if err != nil {
		return nil, fmt.Errorf("registry: match members: %w", err)
	}
	defer rs.Close()
	out := map[string]bool{}
	for rs.Next() {
		var cccd, key string
		if err := rs.Scan(&cccd, &key); err != nil {
			return nil, err
		}
		if cccd != "" {
			out["cccd:"+cccd] = true
		}
		out[key] = true
	}
	return out, rs.Err()
}

// addMany writes new members in bulk: their rows in one copy, made while
// the database writes the ones before and in the file's order (so their
// ids follow the file); their first branch spans in one statement from
// those rows; their counts from the number of members of each branch,
// joining day and leaving day, spread over the communes once per such
// group rather than once per member.
func (r *registry) addMany(ctx context.Context, tx *store.Tx, rows []*fileRow, branches map[string]*Org, importID int64, now time.Time, t tally, progress func(string, int, int)) (err error) {
	if len(rows) == 0 {
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].line < rows[j].line })
	last, err := lastMemberID(ctx, tx)
	if err != nil {
		return err
	}
	rebuild, err := rebuildsIndexes(ctx, tx, len(rows))
	if err != nil {
		return err
	}
	if rebuild {
		if err := dropIndexes(ctx, tx); err != nil {
			return err
		}
		defer func() {
			if err == nil {
				err = createIndexes(ctx, tx)
			}
		}()
	}
	groups := memberGroups{}
	var told func(int)
	if progress != nil {
		told = func(done int) { progress(vi.ProgressWritten, done, len(rows)) }
	}
	if err := r.copyMembers(ctx, tx, rows, branches, importID, now.UTC().Format(time.RFC3339), groups, told, 0); err != nil {
		return err
	}
	if err := r.addSpansAndCounts(ctx, tx, last, importID, groups, t, rebuild); err != nil {
		return err
	}
	if progress != nil {
		progress(vi.ProgressWritten, len(rows), len(rows))
	}
	return nil
}

// lastMemberID is the largest member id: the members an import adds are
// those of its import above the largest id before it (ids only grow).
func lastMemberID(ctx context.Context, tx *store.Tx) (int64, error) {
	var last int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM members").Scan(&last); err != nil {
		return 0, fmt.Errorf("registry: import members: %w", err)
	}
	return last, nil
}

// copyMembers writes the rows of new members in one bulk copy, each in
// the branch that branches holds for its branchKey, made while the
// database writes the ones before, and counts them into groups. told,
// when set, hears every progressEvery rows how many are done.
//
// With firstID 0 the database numbers the members. A streamed import,
// which alone writes members while it runs (streamIDs), numbers them
// firstID, firstID+1, … itself, and so writes their first branch spans
// beside them in a second copy, instead of reading the members back.
func (r *registry) copyMembers(ctx context.Context, tx *store.Tx, rows []*fileRow, branches map[string]*Org, importID int64, stamp string,
	groups memberGroups, told func(done int), firstID int64) error {
	cols := memberColumnsNoID
	if firstID != 0 {
		cols = memberColumnsWithID
	}
	err := tx.CopyFromFunc(ctx, "members", cols, len(rows), func(i int, dst []any) ([]any, error) {
		fr := rows[i]
		b := branches[branchKey(fr)]
		groups.add(b, fr)
		if told != nil && (i+1)%progressEvery == 0 {
			told(i + 1)
		}
		if firstID != 0 {
			dst = append(dst, firstID+int64(i))
		}
		return appendMemberRow(dst, &stored{c: fr.c, branchID: b.ID, version: 1}, r.tree.Get(b.CommuneID), importID, stamp), nil
	})
	if err == nil && firstID != 0 {
		err = tx.CopyFromFunc(ctx, "member_spans", spanColumns, len(rows), func(i int, dst []any) ([]any, error) {
			fr := rows[i]
			return append(dst, firstID+int64(i), branches[branchKey(fr)].ID, day(fr.c.JoinedOn), lastDay(fr.c.LeftOn)), nil
		})
	}
	if err != nil {
		return fmt.Errorf("registry: import members: %w", err)
	}
	return nil
}

// spanColumns are the columns of member_spans.
var spanColumns = []string{"member_id", "branch_id", "valid_from", "valid_to"}

// streamIDs is the id before the first of the members a streamed import
// numbers itself: the largest id, or on PostgreSQL the sequence's last
// value if that is larger (a number handed out before the import locked
// members, to a writer since ended). The import holds members alone
// (SQLite's write lock; on PostgreSQL the lock that dropping the indexes
// takes, without which no statement can insert into members and so take
// a number), and moves the sequence past its members at the end.
func streamIDs(ctx context.Context, tx *store.Tx) (int64, error) {
	q := "SELECT COALESCE(MAX(id), 0) FROM members"
	if tx.Dialect == store.Postgres {
		q = "SELECT GREATEST(COALESCE(MAX(id), 0), COALESCE(pg_sequence_last_value(pg_get_serial_sequence('members', 'id')::regclass), 0)) FROM members"
	}
	var last int64
	if err := tx.QueryRow(ctx, q).Scan(&last); err != nil {
		return 0, fmt.Errorf("registry: import members: %w", err)
	}
	return last, nil
}

// memberGroups count new members by branch, joining day and leaving day:
// their counts are spread over the communes once per group.
type memberGroups map[memberGroup]int64

type memberGroup struct {
	branch      int64
	from, until time.Time
}

func (g memberGroups) add(b *Org, fr *fileRow) {
	g[memberGroup{b.ID, fr.c.JoinedOn, fr.c.LeftOn}]++
}

// addSpansAndCounts writes the first branch spans of the members an
// import added in bulk (those of importID above the id last), in one
// statement from their rows, and adds their counts to t by group.
//
// When the import has dropped the indexes (rebuilt), and so holds both
// tables alone, PostgreSQL checks that each span's member exists once for
// all the spans, as it adds the foreign key again, rather than once for
// each span as it writes it (a lookup and a lock of the member's row
// each, which took longer than writing the spans).
func (r *registry) addSpansAndCounts(ctx context.Context, tx *store.Tx, last, importID int64, groups memberGroups, t tally, rebuilt bool) error {
	setAside := rebuilt && tx.Dialect == store.Postgres
	if setAside {
		if err := setAsideSpanKey(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO member_spans (member_id, branch_id, valid_from, valid_to)
		SELECT id, branch_id, joined_on, `+tx.Dialect.DayBefore("left_on")+` FROM members WHERE id > ? AND import_id = ?`, last, importID); err != nil {
		return fmt.Errorf("registry: import members: %w", err)
	}
	if setAside {
		if err := restoreSpanKey(ctx, tx); err != nil {
			return err
		}
	}
	return r.addCounts(ctx, groups, t)
}

// setAsideSpanKey drops the foreign key of member_spans to members
// (PostgreSQL, an import that holds both tables alone); restoreSpanKey
// adds it again, which checks every span once.
func setAsideSpanKey(ctx context.Context, tx *store.Tx) error {
	if _, err := tx.Exec(ctx, "ALTER TABLE member_spans DROP CONSTRAINT "+spanMemberKey.name); err != nil {
		return fmt.Errorf("registry: import members: %w", err)
	}
	return nil
}

func restoreSpanKey(ctx context.Context, tx *store.Tx) error {
	if _, err := tx.Exec(ctx, "ALTER TABLE member_spans ADD CONSTRAINT "+spanMemberKey.name+" "+spanMemberKey.def); err != nil {
		return fmt.Errorf("registry: import members: %w", err)
	}
	return nil
}

// addCounts adds the counts of the members an import added in bulk to t,
// by group.
func (r *registry) addCounts(ctx context.Context, groups memberGroups, t tally) error {
	for g, n := range groups {
		ps, err := r.memberPieces(ctx, &stored{c: checked{JoinedOn: g.from, LeftOn: g.until},
			spans: []branchSpan{{branch: g.branch, span: span{from: g.from, until: g.until}}}})
		if err != nil {
			return err
		}
		t.add(ps, n)
	}
	return nil
}

// progressEvery is how often (in rows) a bulk write tells its progress.
const progressEvery = 5000

// memberColumnsNoID are the columns of members a bulk write fills (the
// id is the database's), in the order of appendMemberRow.
var memberColumnsNoID = []string{"full_name", "search_name", "search_given", "sort_key", "given_key", "gender", "birth_date", "cccd", "phone",
	"address", "branch_id", "commune_id", "joined_on", "left_on", "left_reason", "card_no", "dup_key", "consent", "version",
	"import_id", "created_at", "updated_at"}

// memberColumnsWithID are memberColumnsNoID after the id.
var memberColumnsWithID = append([]string{"id"}, memberColumnsNoID...)

// rebuildIndexesFrom is the number of new members from which an import of
// a quarter of the registry or more writes the rows before the secondary
// indexes of members and member_spans, building these after in one
// sorted pass rather than inserting a million random keys into each. A
// variable so that a test takes the path with a few rows.
var rebuildIndexesFrom = 50_000

// rebuildsIndexes says whether an import of n new members builds the
// indexes after the rows. On SQLite the transaction holds the one write
// lock anyway, and readers keep the snapshot they started with; on
// PostgreSQL dropping an index locks the table, so that searches and lists
// of members wait for such an import to end (counts and reports do not).
func rebuildsIndexes(ctx context.Context, tx *store.Tx, n int) (bool, error) {
	if n < rebuildIndexesFrom {
		return false, nil
	}
	var have int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&have); err != nil {
		return false, fmt.Errorf("registry: import members: %w", err)
	}
	return rebuildPays(have, n), nil
}

// rebuildPays says whether n new members are enough of a registry of
// have members (a quarter of it or more) to build its indexes again
// after them rather than add to them.
func rebuildPays(have, n int) bool { return have < 4*n }

func dropIndexes(ctx context.Context, tx *store.Tx) error {
	for _, ix := range rebuiltIndexes {
		if _, err := tx.Exec(ctx, "DROP INDEX "+ix.name); err != nil {
			return fmt.Errorf("registry: import members: %w", err)
		}
	}
	return nil
}

func createIndexes(ctx context.Context, tx *store.Tx) error {
	if tx.Dialect == store.Postgres {
		// The sorts of the index builds in memory, for this transaction.
		if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
			return fmt.Errorf("registry: import members: %w", err)
		}
	}
	for _, ix := range rebuiltIndexes {
		if _, err := tx.Exec(ctx, ix.sql); err != nil {
			return fmt.Errorf("registry: import members: %w", err)
		}
	}
	return nil
}

// spanMemberKey is the foreign key from member_spans to members as
// migration 9 makes it on PostgreSQL (TestALargeImportBuildsTheIndexesAfterTheRows
// checks that an import leaves it so).
var spanMemberKey = struct{ name, def string }{"member_spans_member_id_fkey", "FOREIGN KEY (member_id) REFERENCES members(id)"}

// rebuiltIndexes are the secondary indexes of members and member_spans as
// migrations 9 and 25 make them (TestRebuiltIndexesMatchTheSchema keeps
// the two the same).
var rebuiltIndexes = []struct{ table, name, sql string }{
	{"members", "members_cccd", "CREATE UNIQUE INDEX members_cccd ON members (cccd) WHERE cccd IS NOT NULL"},
	{"members", "members_commune_sort", "CREATE INDEX members_commune_sort ON members (commune_id, sort_key)"},
	{"members", "members_search", "CREATE INDEX members_search ON members (search_name)"},
	{"members", "members_search_given", "CREATE INDEX members_search_given ON members (search_given)"},
	{"members", "members_dup", "CREATE INDEX members_dup ON members (dup_key) WHERE cccd IS NULL"},
	{"members", "members_phone", "CREATE INDEX members_phone ON members (phone) WHERE phone <> ''"},
	{"member_spans", "member_spans_branch", "CREATE INDEX member_spans_branch ON member_spans (branch_id)"},
}

// updateFromFile applies a row to the member it matched (--on-duplicate
// update): its fields, and a transfer when the branch differs.
func (r *registry) updateFromFile(ctx context.Context, tx *store.Tx, by auth.Principal, fr *fileRow, b *Org, importID int64, now time.Time, t tally) error {
	s, err := r.member(ctx, fr.existing.id)
	if err != nil {
		return err
	}
	before, err := r.memberPieces(ctx, s)
	if err != nil {
		return err
	}
	old := s.c.fields()
	s.c = fr.c
	if b.ID != s.branchID {
		from, err := r.org(ctx, s.branchID)
		if err != nil {
			return err
		}
		old[ColBranch] = from.Name
		// The file says where the member is: from the day they joined,
		// unless a branch was recorded since, then from today.
		on := units.Day(now)
		if len(s.spans) == 1 {
			s.spans[0].branch = b.ID
		} else {
			s.spans[len(s.spans)-1].until = on
			s.spans = append(s.spans, branchSpan{branch: b.ID, span: span{from: on}})
		}
		s.branchID, s.communeID = b.ID, b.CommuneID
	}
	s.spans[0].from = s.c.JoinedOn
	s.spans[len(s.spans)-1].until = s.c.LeftOn
	after, err := r.memberPieces(ctx, s)
	if err != nil {
		return err
	}
	if err := r.update(ctx, tx, s, r.tree.Get(s.communeID), now); err != nil {
		return err
	}
	nf := s.c.fields()
	nf[ColBranch] = b.Name
	if err := writeHistory(ctx, tx, "member", s.id, s.version, "import", old, nf, by, importID, now); err != nil {
		return err
	}
	t.add(before, -1)
	t.add(after, 1)
	return nil
}

// addOrgTx writes a new association unit inside a transaction, with its
// history, audit entry and counts (into t); the caller has checked it and
// the principal's right to its commune. A grassroots association founded
// before its commune existed sits there from the commune's first day:
// where it sat before is not known.
func (r *registry) addOrgTx(ctx context.Context, tx *store.Tx, by auth.Principal, o *Org, now time.Time, t tally) (*Org, error) {
	if err := r.insertOrg(ctx, tx, o, now); err != nil {
		return nil, err
	}
	return o, r.finishOrg(ctx, tx, by, o, now, t)
}

// insertOrg writes the row of a new association unit (addOrgTx's first
// half): members may refer to it from then on.
func (r *registry) insertOrg(ctx context.Context, tx *store.Tx, o *Org, now time.Time) error {
	stamp := now.UTC().Format(time.RFC3339)
	if err := tx.QueryRow(ctx, `INSERT INTO orgs (kind, name, parent_org_id, place_kind, place, founded_on, search_name, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(o.Kind), o.Name, nullID(o.ParentID), o.PlaceKind, o.Place, day(o.Founded), members.Fold(o.Name), stamp, stamp).Scan(&o.ID); err != nil {
		return fmt.Errorf("registry: add org: %w", err)
	}
	if o.Kind == Grassroots {
		o.AssociationID = o.ID
	} else {
		p, err := r.org(ctx, o.ParentID)
		if err != nil {
			return err
		}
		o.AssociationID, o.CommuneID = p.AssociationID, p.CommuneID
	}
	o.PlaceKind, o.Place = strings.TrimSpace(o.PlaceKind), strings.TrimSpace(o.Place)
	r.orgs[o.ID] = o
	return nil
}

// finishOrg writes the rest of a new association unit whose row
// insertOrg wrote, on its founding day as o has it now: where a grassroots
// association sits, history, audit entry and counts.
func (r *registry) finishOrg(ctx context.Context, tx *store.Tx, by auth.Principal, o *Org, now time.Time, t tally) error {
	if o.Kind == Grassroots {
		u := r.tree.Get(o.CommuneID)
		from := o.Founded
		if from.Before(u.ValidFrom) {
			from = u.ValidFrom // where it sat before the commune existed is not known
		}
		if _, err := tx.Exec(ctx, "INSERT INTO org_places (org_id, unit_id, valid_from) VALUES (?, ?, ?)", o.ID, o.CommuneID, day(from)); err != nil {
			return fmt.Errorf("registry: add org: %w", err)
		}
	}
	delete(r.places, o.AssociationID)
	ps, err := r.orgPieces(ctx, o)
	if err != nil {
		return err
	}
	t.add(ps, 1)
	if err := writeHistory(ctx, tx, "org", o.ID, 1, "add", nil, orgFields(o), by, 0, now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionOrgAdd, UnitID: o.CommuneID,
		Detail: fmt.Sprintf(vi.AuditOrgDetail, o.Kind.Label(), o.Name, o.ID)})
}
