package cluster

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Columns are the columns of a clusters file, in the contract's order.
var Columns = []string{"year", "cluster", "name", "province"}

// Kind is the value of imports.kind for cluster imports.
const Kind = "clusters"

// Row is one data row of a clusters file, as written. Line is the line of
// the file (the header is line 1).
type Row struct {
	Line     int
	Year     string
	Cluster  string
	Name     string
	Province string
}

// Parse reads a clusters file (CSV in UTF-8 with a header naming the four
// columns of Columns in any order, or the first sheet of an XLSX workbook;
// other columns are ignored). It checks the shape only; Validate checks the
// contents. name is the file name used in messages.
func Parse(r io.Reader, name string) ([]Row, error) {
	recs, err := tabular.Read(r, name, Columns)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(recs))
	for i, rec := range recs {
		f := rec.Fields
		rows[i] = Row{Line: rec.Line, Year: f[0], Cluster: f[1], Name: f[2], Province: f[3]}
	}
	return rows, nil
}

// Member is a checked row: a province unit placed in a cluster of a year.
type Member struct {
	Line       int
	Year       int
	Cluster    string
	Name       string
	ProvinceID int64
	Province   string // the province's code
}

type yearCode struct {
	year int
	code string
}

type yearUnit struct {
	year int
	unit int64
}

// Validate checks every row and returns the members, or an *apperr.List
// naming every bad row and column. The rules: year is a year number; the
// cluster code and name are not empty, and one cluster has one name in the
// file; province is the code of a province valid on 31 December of the
// year (so 2025 means the 34 provinces after the reform; a code written
// without its leading zero is padded); a province is in one cluster a year
// (a row repeated as is counts once).
func Validate(tree *units.Tree, rows []Row, file string) ([]Member, error) {
	bad := tabular.NewProblems(file)
	names := map[yearCode]Member{}
	placed := map[yearUnit]Member{}
	var out []Member
	for _, r := range rows {
		ok := true
		year, err := strconv.Atoi(r.Year)
		if err != nil || year < 1900 || year > 2200 {
			bad.Add(r.Line, "year", tabular.EmptyOr(r.Year, apperr.New(apperr.Invalid, vi.ErrBadYear, r.Year)))
			ok = false
		}
		if r.Cluster == "" {
			bad.Add(r.Line, "cluster", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			ok = false
		}
		if r.Name == "" {
			bad.Add(r.Line, "name", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			ok = false
		}
		var prov *units.Unit
		switch {
		case r.Province == "":
			bad.Add(r.Line, "province", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			ok = false
		case ok:
			prov, err = tree.Resolve(units.Province, units.PadCode(units.Province, r.Province), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC))
			if err != nil {
				bad.Add(r.Line, "province", err)
				ok = false
			}
		}
		if !ok {
			continue
		}
		m := Member{Line: r.Line, Year: year, Cluster: r.Cluster, Name: r.Name, ProvinceID: prov.ID, Province: prov.Code}
		if first, seen := names[yearCode{year, r.Cluster}]; seen && first.Name != r.Name {
			bad.Add(r.Line, "name", apperr.New(apperr.Invalid, vi.ErrClusterName, r.Cluster, year, first.Name, first.Line, r.Name))
			continue
		} else if !seen {
			names[yearCode{year, r.Cluster}] = m
		}
		if first, seen := placed[yearUnit{year, prov.ID}]; seen {
			if first.Cluster != r.Cluster {
				bad.Add(r.Line, "province", apperr.New(apperr.Invalid, vi.ErrProvinceTwice, prov.Code, year, first.Cluster, first.Line, r.Cluster))
			}
			continue
		}
		placed[yearUnit{year, prov.ID}] = m
		out = append(out, m)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Options tell Import where the rows came from and who imports them.
type Options struct {
	Source string    // file name, kept in imports.source and used in messages
	SHA256 string    // hex digest of the file; computed from the rows when empty
	Actor  string    // who imports
	Now    time.Time // the time of the import; time.Now when zero
}

// Result counts what an import did: data rows, clusters named in the file,
// and how many of them were created or changed and how many were already
// as the file says.
type Result struct {
	Rows      int
	Clusters  int
	Changed   int
	Unchanged int
}

// ImportFile reads, checks and imports the clusters file at path.
func ImportFile(ctx context.Context, db *store.DB, path string, opt Options) (Result, error) {
	return tabular.ImportFile(path, opt.Source, Parse, func(rows []Row, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return Import(ctx, db, rows, opt)
	})
}

// Import replaces, all or nothing, the composition (and name) of each
// cluster of a year that the rows name; clusters the file does not name are
// left as they are. A province that the file puts in a cluster while it is
// stored in another cluster of that year, which the file does not replace,
// is an error naming both. Importing the same file again changes nothing
// and records nothing.
func Import(ctx context.Context, db *store.DB, rows []Row, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = tabular.Digest(rows, func(r Row) []string { return []string{r.Year, r.Cluster, r.Name, r.Province} })
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	members, err := Validate(tree, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	// The file's clusters, in file order.
	type want struct {
		yc    yearCode
		name  string
		ids   map[int64]bool
		first int
	}
	var order []*want
	wanted := map[yearCode]*want{}
	years := map[int]bool{}
	for _, m := range members {
		yc := yearCode{m.Year, m.Cluster}
		w := wanted[yc]
		if w == nil {
			w = &want{yc: yc, name: m.Name, ids: map[int64]bool{}, first: m.Line}
			wanted[yc] = w
			order = append(order, w)
		}
		w.ids[m.ProvinceID] = true
		years[m.Year] = true
	}
	res := Result{Rows: len(rows), Clusters: len(order)}

	tx, err := db.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()

	// What is stored for the years of the file.
	storedName := map[yearCode]string{}
	storedIDs := map[yearCode]map[int64]bool{}
	storedIn := map[yearUnit]string{}
	for y := range years {
		cs, err := load(ctx, tx, y, "")
		if err != nil {
			return Result{}, err
		}
		for _, c := range cs {
			yc := yearCode{y, c.Code}
			storedName[yc] = c.Name
			ids := map[int64]bool{}
			for _, p := range c.Provinces {
				ids[p.ID] = true
				storedIn[yearUnit{y, p.ID}] = c.Code
			}
			storedIDs[yc] = ids
		}
	}
	bad := tabular.NewProblems(opt.Source)
	for _, m := range members {
		other, ok := storedIn[yearUnit{m.Year, m.ProvinceID}]
		if ok && other != m.Cluster && wanted[yearCode{m.Year, other}] == nil {
			bad.Add(m.Line, "province", apperr.New(apperr.Conflict, vi.ErrProvinceTaken, m.Province, other, m.Year, other))
		}
	}
	if err := bad.Err(); err != nil {
		return Result{}, err
	}
	var changed []*want
	for _, w := range order {
		name, exists := storedName[w.yc]
		if exists && name == w.name && sameSet(storedIDs[w.yc], w.ids) {
			res.Unchanged++
			continue
		}
		changed = append(changed, w)
	}
	res.Changed = len(changed)
	if len(changed) == 0 {
		return res, nil
	}

	if _, err := (tabular.Run{Kind: Kind, Source: opt.Source, SHA256: opt.SHA256, Actor: opt.Actor,
		Rows: res.Rows, Changed: res.Changed, At: opt.Now}).Record(ctx, tx); err != nil {
		return Result{}, fmt.Errorf("import clusters: record import: %w", err)
	}
	// Empty every changed cluster first, so that a province may move
	// between two clusters that the file both replaces.
	for _, w := range changed {
		if _, err := tx.Exec(ctx, "DELETE FROM cluster_members WHERE year = ? AND cluster_code = ?", w.yc.year, w.yc.code); err != nil {
			return Result{}, fmt.Errorf("import clusters: %w", err)
		}
	}
	var rowsOut [][]any
	for _, w := range changed {
		if _, err := tx.Exec(ctx, `INSERT INTO clusters (year, code, name) VALUES (?, ?, ?)
			ON CONFLICT (year, code) DO UPDATE SET name = excluded.name`, w.yc.year, w.yc.code, w.name); err != nil {
			return Result{}, fmt.Errorf("import clusters: %w", err)
		}
		ids := make([]int64, 0, len(w.ids))
		for id := range w.ids {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			rowsOut = append(rowsOut, []any{w.yc.year, w.yc.code, id})
		}
	}
	if err := tx.BulkInsert(ctx, "cluster_members", []string{"year", "cluster_code", "province_id"}, rowsOut, ""); err != nil {
		return Result{}, fmt.Errorf("import clusters: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("import clusters: commit: %w", err)
	}
	return res, nil
}

func sameSet(a, b map[int64]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
