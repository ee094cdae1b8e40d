package models

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The evaluations file (docs/models.md): one row per subject, registering
// it if it is not registered yet and storing its evaluation. Its columns:
// the subject, then one column per indicator code of the set (the answer)
// and evidence: a note for every indicator that requires one, or
// evidence_CODE for one indicator.
const (
	ColCommune     = "commune"
	ColTitle       = "title"
	ColTargetGroup = "target_group"
	ColYear        = "year"
	ColName        = "name"
	ColCCCD        = "cccd"
	ColPeople      = "people"
	ColSet         = "set"
	ColEvidence    = "evidence"
	ColMembers     = "members" // a household's members, names separated by ";"
	evidencePrefix = "evidence_"
)

var evalRequired = []string{ColCommune, ColTitle, ColYear, ColName}

// evalOptional are the optional columns: the subject's, then every
// indicator code of the known sets and its evidence column.
func evalOptional(sets []*Set) []string {
	out := []string{ColTargetGroup, ColCCCD, ColPeople, ColMembers, ColSet, ColEvidence}
	seen := map[string]bool{}
	var codes []string
	for _, s := range sets {
		for _, in := range s.Indicators() {
			if !seen[in.Code] {
				seen[in.Code] = true
				codes = append(codes, in.Code)
			}
		}
	}
	sort.Strings(codes)
	for _, c := range codes {
		out = append(out, c, evidencePrefix+c)
	}
	return out
}

// ImportResult says what an evaluations import did.
type ImportResult struct {
	Source     string
	Rows       int
	Registered int // subjects registered by the file
	Evaluated  int
	Passed     int
	DryRun     bool
}

// evalRow is a checked row.
type evalRow struct {
	line    int
	reg     NewRegistration
	set     *Set
	answers []Answer
	codeCol map[string]string // indicator code → its column, for errors
}

// fileReader reads a titles' file whose header row names its columns by
// machine name (commune) or by the template's Vietnamese header (Mã xã),
// with or without diacritics, in any case; messages about the header name
// the Vietnamese headers.
func fileReader(required, optional []string) tabular.Reader {
	cols := append(append([]string{}, required...), optional...)
	return tabular.Reader{Limits: tabular.DefaultLimits, Header: tabular.Headers(cols, vi.ModelColumn, units.Fold, nil), Label: vi.ModelColumn}
}

// titleIn reads a title as a file writes it: by its code (family) or its
// Vietnamese name (Gia đình học tập), with or without diacritics, in any
// case. An unknown one is returned as written, not Valid.
func titleIn(cell string) Title {
	f := units.Fold(cell)
	for _, t := range Titles {
		if f == units.Fold(string(t)) || f == units.Fold(t.Label()) {
			return t
		}
	}
	return Title(cell)
}

// groupIn reads a learning citizen's target group by its code (residents)
// or its Vietnamese name (Người dân ở xã, phường, đặc khu), as titleIn.
func groupIn(cell string) string {
	f := units.Fold(cell)
	for _, g := range TargetGroups {
		if f == units.Fold(g) || f == units.Fold(vi.TargetGroup(g)) {
			return g
		}
	}
	return cell
}

// titleNames lists the titles by their Vietnamese names, for messages.
func titleNames() string {
	s := make([]string, len(Titles))
	for i, t := range Titles {
		s[i] = t.Label()
	}
	return strings.Join(s, "; ")
}

// parseSubject reads the subject of a row of the evaluations or the
// registrations file (commune, title, target group, year, name, CCCD,
// people, members), reporting each bad cell through bad; ok is false when
// any was bad.
func parseSubject(tree *units.Tree, get func(string) string, bad func(string, error), now time.Time) (NewRegistration, bool) {
	ok := true
	fail := func(c string, err error) {
		bad(c, err)
		ok = false
	}
	u, err := tree.ResolveInWords(units.Commune, get(ColCommune), now)
	if err != nil {
		fail(ColCommune, tabular.EmptyOr(get(ColCommune), err))
	}
	t := titleIn(get(ColTitle))
	if !t.Valid() {
		fail(ColTitle, tabular.EmptyOr(get(ColTitle), apperr.New(apperr.Invalid, vi.ErrCriteriaTitle, get(ColTitle), titleNames())))
	}
	y, err := strconv.Atoi(get(ColYear))
	if err != nil {
		fail(ColYear, tabular.EmptyOr(get(ColYear), apperr.New(apperr.Invalid, vi.ErrModelYear, 0)))
	}
	people := 0
	if p := get(ColPeople); p != "" {
		if people, err = strconv.Atoi(p); err != nil || people < 0 {
			fail(ColPeople, apperr.New(apperr.Invalid, vi.ErrModelPeople))
		}
	}
	if get(ColName) == "" && t != CommunityCommune {
		fail(ColName, apperr.New(apperr.Invalid, vi.ErrEmptyCell))
	}
	if c := get(ColCCCD); c != "" {
		if _, err := members.ParseCCCD(c); err != nil {
			fail(ColCCCD, err)
		}
	}
	if !ok {
		return NewRegistration{}, false
	}
	var mems []string
	for _, m := range strings.Split(get(ColMembers), ";") {
		if m = strings.TrimSpace(m); m != "" {
			mems = append(mems, m)
		}
	}
	return NewRegistration{Title: t, TargetGroup: groupIn(get(ColTargetGroup)), Year: y, CommuneID: u.ID, Name: get(ColName),
		CCCD: get(ColCCCD), People: people, Members: mems, Source: "import"}, true
}

// ImportEvaluations reads an evaluations file (CSV or XLSX) and stores it,
// all or nothing: every row is checked first and every fault is listed
// with its row and column; then, in one transaction, each subject is
// registered (if it is not yet) and evaluated as Register and Evaluate do,
// with the same scope checks.
func ImportEvaluations(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r io.Reader, source, sha string, dryRun bool, now time.Time) (ImportResult, error) {
	res := ImportResult{Source: source, DryRun: dryRun}
	sets, err := ListSets(ctx, db)
	if err != nil {
		return res, err
	}
	recs, err := fileReader(evalRequired, evalOptional(sets)).Read(r, source, evalRequired, evalOptional(sets)...)
	if err != nil {
		return res, err
	}
	res.Rows = len(recs)
	opt := evalOptional(sets)
	col := map[string]int{}
	for i, c := range append(append([]string{}, evalRequired...), opt...) {
		col[c] = i
	}
	probs := tabular.NewProblems(source)
	var rows []evalRow
	for _, rec := range recs {
		get := func(c string) string { return strings.TrimSpace(rec.Fields[col[c]]) }
		row := evalRow{line: rec.Line, codeCol: map[string]string{}}
		ok := true
		bad := func(c string, err error) {
			probs.Add(rec.Line, vi.ModelColumn(c), err)
			ok = false
		}
		reg, ok := parseSubject(tree, get, bad, now)
		if !ok {
			continue
		}
		row.reg = reg
		t, y := reg.Title, reg.Year
		ref := get(ColSet)
		var s *Set
		if ref != "" {
			s, err = GetSet(ctx, db, ref)
		} else {
			s, err = setFor(ctx, db, Registration{Title: t, TargetGroup: row.reg.TargetGroup, Year: y}, "")
		}
		if err == nil && (s.Title != t || s.TargetGroup != row.reg.TargetGroup) {
			err = apperr.New(apperr.Invalid, vi.ErrModelSetTitle, s.Ref(), s.Title.Label(), t.Label())
		}
		if err == nil && !s.ValidIn(y) {
			_, err = setFor(ctx, db, Registration{Title: t, TargetGroup: row.reg.TargetGroup, Year: y}, s.Ref())
		}
		if err != nil {
			bad(ColSet, err)
			continue
		}
		row.set = s
		for _, in := range s.Indicators() {
			cell := get(in.Code)
			if cell == "" && in.FromMembers {
				// Computed from the members' results where they are known.
				continue
			}
			v, err := strconv.ParseFloat(strings.Replace(cell, ",", ".", 1), 64)
			if err != nil {
				bad(in.Code, tabular.EmptyOr(cell, apperr.New(apperr.Invalid, vi.ErrAnswerNumber, in.Code)))
				continue
			}
			if _, err := in.Points(v); err != nil {
				bad(in.Code, err)
				continue
			}
			ev := get(evidencePrefix + in.Code)
			evCol := evidencePrefix + in.Code
			if ev == "" {
				ev, evCol = get(ColEvidence), ColEvidence
			}
			if in.Evidence && ev == "" {
				bad(evCol, apperr.New(apperr.Invalid, vi.ErrAnswerNoEvidence, in.Code))
				continue
			}
			row.answers = append(row.answers, Answer{Code: in.Code, Value: v, Evidence: ev})
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if err := probs.Err(); err != nil {
		return res, err
	}
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			res.Registered, res.Evaluated, res.Passed = 0, 0, 0
			faults := newRowFaults(source)
			var deltas []rollup.RecordDelta
			for _, row := range rows {
				row := row
				fail := func(err error) { faults.add(row.line, err) }
				id, err := findRegistration(ctx, tx, tree, row.reg)
				if err != nil {
					return err
				}
				if id == 0 {
					r, d, err := register(ctx, tx, tree, by, row.reg, now)
					if err != nil {
						fail(err)
						continue
					}
					id = r.ID
					deltas = append(deltas, d...)
					res.Registered++
				}
				e, err := evaluate(ctx, tx, tree, by, id, row.set.Ref(), row.answers, now)
				if err != nil {
					fail(err)
					continue
				}
				res.Evaluated++
				if e.Score.Passed {
					res.Passed++
				}
			}
			if err := faults.err(); err != nil {
				return err
			}
			if dryRun {
				return errDryRun
			}
			run := ingest.Run{Kind: "evaluations", Source: source, SHA256: sha, Actor: by.Name(), Rows: res.Rows, Changed: res.Evaluated, At: now}
			if _, err := run.Record(ctx, tx); err != nil {
				return fmt.Errorf("import evaluations: %w", err)
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionImportEvaluations,
				Detail: fmt.Sprintf("%s: %d", source, res.Evaluated)}); err != nil {
				return err
			}
			return rollup.ApplyRecords(ctx, tx, tree, deltas)
		})
	})
	if err == errDryRun {
		err = nil
	}
	return res, err
}

// rowFaults gathers the faults of a file's rows found while applying it:
// a row outside the importer's scope refuses the file as such (the first
// one, naming its row), any other fault is listed with its row.
type rowFaults struct {
	source string
	scope  error
	probs  *tabular.Problems
}

func newRowFaults(source string) *rowFaults {
	return &rowFaults{source: source, probs: tabular.NewProblems(source)}
}

func (f *rowFaults) add(line int, err error) {
	if c := apperr.CodeOf(err); c == apperr.Forbidden || c == apperr.NotFound {
		if f.scope == nil {
			f.scope = apperr.At(fmt.Sprintf(vi.WhereFileRow, f.source, line), err)
		}
		return
	}
	f.probs.Add(line, "", err)
}

func (f *rowFaults) err() error {
	if f.scope != nil {
		return f.scope
	}
	return f.probs.Err()
}

// ActionImportEvaluations is an evaluations file imported.
const ActionImportEvaluations = "import.evaluations"

// errDryRun rolls back a dry run that went through every row.
var errDryRun = apperr.New(apperr.Invalid, "dry run")

// findRegistration finds the subject's registration of the year, 0 if none.
func findRegistration(ctx context.Context, q store.Querier, tree *units.Tree, n NewRegistration) (int64, error) {
	dup := subjectKey(tree, n)
	var id int64
	err := q.QueryRow(ctx, "SELECT id FROM model_registrations WHERE title = ? AND year = ? AND unit_id = ? AND dup_key = ?",
		string(n.Title), n.Year, n.CommuneID, dup).Scan(&id)
	if err != nil && !isNoRows(err) {
		return 0, fmt.Errorf("find registration: %w", err)
	}
	return id, nil
}

// subjectKey is what tells one subject from another in a year (dup_key):
// a citizen's CCCD, else the folded name (the commune's own for the
// commune-level community).
func subjectKey(tree *units.Tree, n NewRegistration) string {
	dup := members.Fold(members.CleanName(n.Name))
	if n.Title == CommunityCommune && strings.TrimSpace(n.Name) == "" {
		dup = members.Fold(tree.Get(n.CommuneID).FullName())
	}
	if c, err := members.ParseCCCD(n.CCCD); err == nil && c.Number != "" && n.Title == Citizen {
		dup = "cccd:" + c.Number
	}
	return dup
}

// ImportEvaluationsFile imports the evaluations file at path.
func ImportEvaluationsFile(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, path string, dryRun bool, now time.Time) (ImportResult, error) {
	return ingest.ReadFile(path, "", func(f io.Reader, source, sum string) (ImportResult, error) {
		return ImportEvaluations(ctx, db, tree, by, f, source, sum, dryRun, now)
	})
}

// WriteEvaluationTemplate writes the evaluations file's template for set s:
// the header and one example row, CSV or XLSX.
func WriteEvaluationTemplate(w io.Writer, s *Set, xlsx bool) error {
	head := []string{ColCommune, ColTitle, ColTargetGroup, ColYear, ColName, ColCCCD, ColPeople, ColSet}
	group := ""
	if s.TargetGroup != "" {
		group = vi.TargetGroup(s.TargetGroup)
	}
	ex := []string{"00004", s.Title.Label(), group, fmt.Sprint(max(s.ValidFrom, 2026)), vi.TemplateExampleName(string(s.Title)), "", "", s.Ref()}
	if s.Title == Unit {
		ex[6] = "50"
	}
	for _, in := range s.Indicators() {
		head = append(head, in.Code)
		v := in.MaxPoints
		switch in.Scoring.Kind {
		case ScoreYesNo:
			v = 1
		case ScoreNumber:
			v = in.Scoring.Thresholds[len(in.Scoring.Thresholds)-1].AtLeast
		}
		ex = append(ex, strconv.FormatFloat(v, 'f', -1, 64))
	}
	head = append(head, ColEvidence)
	ex = append(ex, vi.TemplateExampleEvidence)
	for i, c := range head {
		head[i] = vi.ModelColumn(c)
	}
	if !xlsx {
		cw := csv.NewWriter(w)
		cw.Write(head)
		cw.Write(ex)
		cw.Flush()
		return cw.Error()
	}
	return writeTextSheet(w, [][]string{head, ex})
}
