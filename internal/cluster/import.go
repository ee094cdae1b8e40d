package cluster

import (
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Columns are the required columns of a clusters file, in the contract's
// order.
var Columns = []string{"year", "cluster", "name", "province"}

// FromColumn is the optional column giving the day from which a row's
// membership holds; without it (or with the cell empty) the row holds from
// 1 January of its year.
const FromColumn = "from"

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
	From     string
}

// Parse reads a clusters file (CSV in UTF-8 with a header naming the four
// columns of Columns in any order, and optionally FromColumn, or the first
// sheet of an XLSX workbook; other columns are ignored). It checks the shape
// only; Validate checks the contents. name is the file name used in
// messages.
func Parse(r io.Reader, name string) ([]Row, error) {
	// A day that Excel made a date cell reads as that day (2025-07-01).
	recs, err := tabular.Reader{Dates: []string{FromColumn}}.Read(r, name, Columns, FromColumn)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(recs))
	for i, rec := range recs {
		f := rec.Fields
		rows[i] = Row{Line: rec.Line, Year: f[0], Cluster: f[1], Name: f[2], Province: f[3]}
		if len(f) > 4 {
			rows[i].From = f[4]
		}
	}
	return rows, nil
}

// Member is a checked row: a province unit placed in a cluster of a year
// from From to To (both days included). To is the day before the cluster's
// next From in the file, or 31 December.
type Member struct {
	Line       int
	Year       int
	Cluster    string
	Name       string
	ProvinceID int64
	Province   string // the province's code
	From, To   time.Time
}

type yearCode struct {
	year int
	code string
}

// Validate checks every row and returns the members, or an *apperr.List
// naming every bad row and column. The rules: year is a year number; the
// cluster code and name are not empty, and one cluster has one name in the
// file; from, when given, is a day of the year (dd/mm/yyyy or yyyy-mm-dd).
// The rows of a cluster with the same from are its whole composition from
// that day until the day before its next from in the file, or 31 December
// (so a file can give 2025's old provinces from 01/01 and the new ones from
// 01/07). province is the code of a province valid on the last day of its
// row's term (a code written without its leading zero is padded), so a
// whole-year row of 2025 names one of the 34 provinces after the reform; a
// province is in one cluster at a time (a row repeated as is counts once).
func Validate(tree *units.Tree, rows []Row, file string) ([]Member, error) {
	bad := tabular.NewProblems(file)
	type parsed struct {
		r    Row
		year int
		from time.Time
	}
	var ok []parsed
	starts := map[yearCode][]time.Time{}
	for _, r := range rows {
		good := true
		year, err := strconv.Atoi(r.Year)
		if err != nil || year < 1900 || year > 2200 {
			bad.Add(r.Line, "year", tabular.EmptyOr(r.Year, apperr.New(apperr.Invalid, vi.ErrBadYear, r.Year)))
			good = false
		}
		if r.Cluster == "" {
			bad.Add(r.Line, "cluster", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			good = false
		}
		if r.Name == "" {
			bad.Add(r.Line, "name", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			good = false
		}
		if r.Province == "" {
			bad.Add(r.Line, "province", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
			good = false
		}
		var from time.Time
		if good {
			from = yearStart(year)
			if strings.TrimSpace(r.From) != "" {
				d, err := ParseDay(r.From)
				switch {
				case err != nil:
					bad.Add(r.Line, FromColumn, err)
					good = false
				case d.Year() != year:
					bad.Add(r.Line, FromColumn, apperr.New(apperr.Invalid, vi.ErrClusterFromYear, vi.Date(d), year))
					good = false
				default:
					from = d
				}
			}
		}
		if !good {
			continue
		}
		ok = append(ok, parsed{r, year, from})
		yc := yearCode{year, r.Cluster}
		starts[yc] = append(starts[yc], from)
	}
	for yc, ds := range starts {
		sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
		starts[yc] = ds
	}
	// termEnd is the last day of the term that starts at from.
	termEnd := func(yc yearCode, from time.Time) time.Time {
		for _, d := range starts[yc] {
			if d.After(from) {
				return d.AddDate(0, 0, -1)
			}
		}
		return yearEnd(yc.year)
	}

	names := map[yearCode]Member{}
	type dayKey struct {
		yc   yearCode
		from time.Time
		unit int64
	}
	rowOf := map[dayKey]bool{}
	byUnit := map[int64][]Member{}
	var out []Member
	for _, p := range ok {
		r, yc := p.r, yearCode{p.year, p.r.Cluster}
		to := termEnd(yc, p.from)
		prov, err := tree.ResolveInWords(units.Province, units.PadCode(units.Province, r.Province), to)
		if err != nil {
			bad.Add(r.Line, "province", err)
			continue
		}
		m := Member{Line: r.Line, Year: p.year, Cluster: r.Cluster, Name: r.Name, ProvinceID: prov.ID, Province: prov.Code, From: p.from, To: to}
		if first, seen := names[yc]; seen && first.Name != r.Name {
			bad.Add(r.Line, "name", apperr.New(apperr.Invalid, vi.ErrClusterName, r.Cluster, p.year, first.Name, first.Line, r.Name))
			continue
		} else if !seen {
			names[yc] = m
		}
		if k := (dayKey{yc, p.from, prov.ID}); rowOf[k] {
			continue
		} else {
			rowOf[k] = true
		}
		clash := false
		for _, o := range byUnit[prov.ID] {
			if o.Cluster != m.Cluster && o.Year == m.Year && !o.From.After(m.To) && !m.From.After(o.To) {
				bad.Add(r.Line, "province", apperr.New(apperr.Invalid, vi.ErrProvinceTwice, prov.Code, p.year, o.Cluster, o.Line, r.Cluster))
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		byUnit[prov.ID] = append(byUnit[prov.ID], m)
		out = append(out, m)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ParseDay reads a day as period.ParseDay does.
func ParseDay(s string) (time.Time, error) {
	if t, ok := period.ParseDay(s); ok {
		return t, nil
	}
	return time.Time{}, apperr.New(apperr.Invalid, vi.ErrClusterBadFrom, strings.TrimSpace(s))
}
