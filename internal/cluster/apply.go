package cluster

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Options tell Import where the rows came from and whether it may take
// provinces out of clusters.
type Options struct {
	Source string    // file name, kept in imports.source and used in messages
	SHA256 string    // hex digest of the file; computed from the rows when empty
	Now    time.Time // the time of the import; time.Now when zero
	// Replace allows an import that removes a province from a cluster for
	// some days, or a whole cluster; without it such an import writes
	// nothing and returns a *RemovalError listing what it would remove.
	Replace bool
}

// Result counts what an import did: data rows, clusters named in the file,
// how many clusters were created or changed (those of the file, and those
// that lost a province to them) and how many of the file's were already as
// it says, and what it removed (only with Options.Replace).
type Result struct {
	Rows      int
	Clusters  int
	Changed   int
	Unchanged int
	Removals  []Removal
}

// Removal is what an import takes away: a province from a cluster from one
// day to another, or (Province zero) a whole cluster, left with no
// province in its year.
type Removal struct {
	Year        int
	Cluster     string
	ClusterName string
	Province    Province
	From, To    time.Time
}

// String says the removal in Vietnamese, naming the cluster and the
// province by name.
func (r Removal) String() string {
	if r.Province.ID == 0 {
		return fmt.Sprintf(vi.ClusterRemovesCluster, r.Cluster, r.ClusterName, r.Year)
	}
	return fmt.Sprintf(vi.ClusterRemovesProvince, r.Province.Name, r.Province.Code, r.Cluster, r.ClusterName,
		vi.Date(r.From), vi.Date(r.To))
}

// RemovalError is the refusal of an import that would remove provinces or
// clusters without Options.Replace. Its code is Conflict; the command line
// and the upload page add how to confirm.
type RemovalError struct {
	File     string
	Removals []Removal
}

// Error lists every removal under a title naming the file.
func (e *RemovalError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, vi.ErrClusterRemovals, e.File)
	for _, r := range e.Removals {
		b.WriteString("\n  ")
		b.WriteString(r.String())
	}
	return b.String()
}

// As lets errors.As (and so apperr.CodeOf) see the refusal as a Conflict.
func (e *RemovalError) As(target any) bool {
	if t, ok := target.(**apperr.Error); ok {
		*t = &apperr.Error{Code: apperr.Conflict, Message: e.Error()}
		return true
	}
	return false
}

// ImportFile reads, checks and imports the clusters file at path as the
// principal p (see Import).
func ImportFile(ctx context.Context, db *store.DB, p auth.Principal, path string, opt Options) (Result, error) {
	if err := mayImport(p); err != nil {
		return Result{}, err
	}
	return ingest.ImportFile(path, opt.Source, Parse, func(rows []Row, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return Import(ctx, db, p, rows, opt)
	})
}

// mayImport is the clusters' scope rule: the national association sets the
// clusters, so only an admin of the nation, or the local administrator,
// imports them.
func mayImport(p auth.Principal) error {
	if p.Local() || (p.Scope() != nil && p.Scope().Root() != nil && p.Scope().Root().Level == units.Nation && p.CanAdmin(p.Scope().Root().ID)) {
		return nil
	}
	return apperr.New(apperr.Forbidden, vi.ErrClustersForbidden)
}

// days is a stretch of days, both ends included.
type days struct{ from, to time.Time }

// group addresses the membership of one province in one cluster of a year.
type group struct {
	year     int
	code     string
	province int64
}

type yearUnit struct {
	year int
	unit int64
}

// Import writes, all or nothing, as the principal p (an admin of the
// nation or the local administrator; anyone else is Forbidden and nothing
// is read or written), the membership the rows give. For each
// cluster the file names, the file's terms replace the stored membership
// from the cluster's first from in the file (1 January when the file gives
// none) to the end of the year; earlier days keep what is stored, so a file
// giving the new provinces of 2025 from 01/07 leaves the first half-year as
// it was. A province the file places in a cluster leaves, for those days,
// any other cluster that held it. Clusters the file does not name keep the
// rest of their membership.
//
// Replaced membership rows are closed (ended by this import), never
// deleted. When the result would take a province out of a cluster for any
// day, or leave a cluster with no province, nothing is written unless
// opt.Replace is set: the error is a *RemovalError saying what would be
// removed. The import record, the closing and writing of rows and the
// audit entry are one transaction. Importing the same file again changes
// nothing and records nothing.
func Import(ctx context.Context, db *store.DB, p auth.Principal, rows []Row, opt Options) (Result, error) {
	if err := mayImport(p); err != nil {
		return Result{}, err
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = ingest.RowsDigest(rows, func(r Row) []string { return []string{r.Year, r.Cluster, r.Name, r.Province, r.From} })
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	members, err := Validate(tree, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	// The file's clusters in file order, their names and the day from
	// which the file replaces each.
	var order []yearCode
	name := map[yearCode]string{}
	start := map[yearCode]time.Time{}
	want := map[group][]days{}
	placed := map[yearUnit][]days{}
	years := map[int]bool{}
	for _, m := range members {
		yc := yearCode{m.Year, m.Cluster}
		if _, ok := name[yc]; !ok {
			name[yc] = m.Name
			start[yc] = m.From
			order = append(order, yc)
		}
		if m.From.Before(start[yc]) {
			start[yc] = m.From
		}
		g := group{m.Year, m.Cluster, m.ProvinceID}
		want[g] = append(want[g], days{m.From, m.To})
		placed[yearUnit{m.Year, m.ProvinceID}] = append(placed[yearUnit{m.Year, m.ProvinceID}], days{m.From, m.To})
		years[m.Year] = true
	}
	res := Result{Rows: len(rows), Clusters: len(order)}

	tx, err := db.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	// Moving the figures counter first does two things: cached reports
	// (a cluster's report depends on its membership) are dropped once this
	// commits, and the counter's row lock, held to the end of the
	// transaction, makes a concurrent import on PostgreSQL wait and then
	// read the membership this one wrote, so that no two imports close the
	// same row or write overlapping memberships (SQLite has one writer).
	// An import that changes nothing rolls the move back.
	if err := store.BumpCounter(ctx, tx, rollup.VersionCounter); err != nil {
		return Result{}, err
	}

	stored, storedName, err := loadSpans(ctx, tx, years)
	if err != nil {
		return Result{}, err
	}
	// What is kept of each stored row: the days before its cluster's
	// replaced stretch, less the days the file places its province.
	have := map[group][]days{}
	for _, s := range stored {
		g := group{s.year, s.code, s.p.ID}
		have[g] = append(have[g], days{s.from, s.to})
		keep := []days{{s.from, s.to}}
		if st, ok := start[yearCode{s.year, s.code}]; ok {
			keep = subtract(keep, days{st, yearEnd(s.year)})
		}
		for _, d := range placed[yearUnit{s.year, s.p.ID}] {
			keep = subtract(keep, d)
		}
		want[g] = append(want[g], keep...)
	}
	for g := range want {
		want[g] = merge(want[g])
	}
	for g := range have {
		have[g] = merge(have[g])
	}

	// What would be removed, cluster by cluster.
	left := map[yearCode]bool{}
	for g, ds := range want {
		if len(ds) > 0 {
			left[yearCode{g.year, g.code}] = true
		}
	}
	var removals []Removal
	goneCluster := map[yearCode]bool{}
	for g, ds := range have {
		yc := yearCode{g.year, g.code}
		if !left[yc] {
			goneCluster[yc] = true
		}
		lost := ds
		for _, d := range want[g] {
			lost = subtract(lost, d)
		}
		for _, d := range lost {
			removals = append(removals, Removal{Year: g.year, Cluster: g.code, ClusterName: storedName[yc],
				Province: provinceOf(tree, g.province), From: d.from, To: d.to})
		}
	}
	for yc := range goneCluster {
		removals = append(removals, Removal{Year: yc.year, Cluster: yc.code, ClusterName: storedName[yc]})
	}
	sortRemovals(removals)
	if len(removals) > 0 && !opt.Replace {
		return Result{}, &RemovalError{File: opt.Source, Removals: removals}
	}

	// Rows to close and rows to write: a stored row that is exactly one of
	// the wanted stretches stays.
	kept := map[group]map[days]bool{}
	var ends []int64
	changed := map[yearCode]bool{}
	for _, s := range stored {
		g := group{s.year, s.code, s.p.ID}
		d := days{s.from, s.to}
		if contains(want[g], d) {
			if kept[g] == nil {
				kept[g] = map[days]bool{}
			}
			kept[g][d] = true
			continue
		}
		ends = append(ends, s.id)
		changed[yearCode{s.year, s.code}] = true
	}
	var inserts [][]any
	var groups []group
	for g := range want {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.year != b.year {
			return a.year < b.year
		}
		if a.code != b.code {
			return codeLess(a.code, b.code)
		}
		return a.province < b.province
	})
	for _, g := range groups {
		for _, d := range want[g] {
			if kept[g][d] {
				continue
			}
			inserts = append(inserts, []any{g.year, g.code, g.province, d.from.Format(time.DateOnly), d.to.Format(time.DateOnly)})
			changed[yearCode{g.year, g.code}] = true
		}
	}
	for _, yc := range order {
		if n, ok := storedName[yc]; !ok || n != name[yc] {
			changed[yc] = true
		}
	}
	for _, yc := range order {
		if !changed[yc] {
			res.Unchanged++
		}
	}
	res.Changed = len(changed)
	res.Removals = removals
	if len(changed) == 0 {
		return res, nil
	}

	importID, err := (ingest.Run{Kind: Kind, Source: opt.Source, SHA256: opt.SHA256, Actor: p.Name(),
		Rows: res.Rows, Changed: res.Changed, At: opt.Now}).Record(ctx, tx)
	if err != nil {
		return Result{}, fmt.Errorf("import clusters: record import: %w", err)
	}
	for _, yc := range order {
		if _, err := tx.Exec(ctx, `INSERT INTO clusters (year, code, name) VALUES (?, ?, ?)
			ON CONFLICT (year, code) DO UPDATE SET name = excluded.name`, yc.year, yc.code, name[yc]); err != nil {
			return Result{}, fmt.Errorf("import clusters: %w", err)
		}
	}
	for _, id := range ends {
		if _, err := tx.Exec(ctx, "UPDATE cluster_memberships SET ended_import_id = ? WHERE id = ? AND ended_import_id IS NULL", importID, id); err != nil {
			return Result{}, fmt.Errorf("import clusters: %w", err)
		}
	}
	for i := range inserts {
		inserts[i] = append(inserts[i], importID)
	}
	if err := tx.BulkInsert(ctx, "cluster_memberships",
		[]string{"year", "cluster_code", "province_id", "valid_from", "valid_to", "import_id"}, inserts, ""); err != nil {
		return Result{}, fmt.Errorf("import clusters: %w", err)
	}
	var provinces []int64
	for g := range want {
		provinces = append(provinces, g.province)
	}
	// The clusters table keeps one name a year; a new name replaces it, so
	// the old one is kept here, in the audit entry of the import.
	detail := fmt.Sprintf(vi.AuditClustersDetail, opt.Source, res.Rows, res.Changed, len(removals))
	for _, yc := range order {
		if old, ok := storedName[yc]; ok && old != name[yc] {
			detail += "; " + fmt.Sprintf(vi.AuditClusterRenamed, yc.code, yc.year, old, name[yc])
		}
	}
	e := audit.Entry{
		Action: audit.ActionImportClusters,
		UnitID: units.CommonAncestor(tree, provinces),
		Detail: detail,
	}
	if err := audit.Record(ctx, tx, opt.Now, p.Actor(), e); err != nil {
		return Result{}, fmt.Errorf("import clusters: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("import clusters: commit: %w", err)
	}
	return res, nil
}

// loadSpans reads the current membership rows of the years and the names
// of their clusters.
func loadSpans(ctx context.Context, q store.Querier, years map[int]bool) ([]span, map[yearCode]string, error) {
	var out []span
	names := map[yearCode]string{}
	for y := range years {
		ns, err := loadNames(ctx, q, y, "")
		if err != nil {
			return nil, nil, err
		}
		for c, n := range ns {
			names[yearCode{y, c}] = n
		}
		spans, err := currentSpans(ctx, q, y, "")
		if err != nil {
			return nil, nil, err
		}
		out = append(out, spans...)
	}
	return out, names, nil
}

func provinceOf(tree *units.Tree, id int64) Province {
	if u := tree.Get(id); u != nil {
		return Province{ID: id, Code: u.Code, Name: u.Name}
	}
	return Province{ID: id}
}

// sortRemovals orders removals by year, cluster, then whole clusters
// before provinces, then province code and day.
func sortRemovals(rs []Removal) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		switch {
		case a.Year != b.Year:
			return a.Year < b.Year
		case a.Cluster != b.Cluster:
			return codeLess(a.Cluster, b.Cluster)
		case (a.Province.ID == 0) != (b.Province.ID == 0):
			return a.Province.ID == 0
		case a.Province.Code != b.Province.Code:
			return a.Province.Code < b.Province.Code
		}
		return a.From.Before(b.From)
	})
}

// subtract takes the days of cut out of each stretch.
func subtract(ds []days, cut days) []days {
	var out []days
	for _, d := range ds {
		if cut.to.Before(d.from) || cut.from.After(d.to) {
			out = append(out, d)
			continue
		}
		if d.from.Before(cut.from) {
			out = append(out, days{d.from, cut.from.AddDate(0, 0, -1)})
		}
		if d.to.After(cut.to) {
			out = append(out, days{cut.to.AddDate(0, 0, 1), d.to})
		}
	}
	return out
}

// merge sorts stretches and joins those that overlap or touch.
func merge(ds []days) []days {
	if len(ds) == 0 {
		return nil
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].from.Before(ds[j].from) })
	out := []days{ds[0]}
	for _, d := range ds[1:] {
		last := &out[len(out)-1]
		if !d.from.After(last.to.AddDate(0, 0, 1)) {
			if d.to.After(last.to) {
				last.to = d.to
			}
			continue
		}
		out = append(out, d)
	}
	return out
}

func contains(ds []days, d days) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}
