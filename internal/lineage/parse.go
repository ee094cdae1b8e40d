// Package lineage records how the communes split by the reform of 1 July
// 2025 were divided: for each old commune that went partly into several new
// communes, the population of each part. From those populations it derives
// the share of each partial lineage link (unit_lineage.share), which the
// roll-up uses to carry an old commune's figures into the new communes
// exactly instead of dividing them equally and marking them approximate.
//
// Parsing and checking are pure (Parse: a file in, rows out; Validate: rows
// and a units tree in, shares or row errors out); Import writes.
package lineage

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Columns are the required columns of a lineage file. A fourth column,
// level, is optional and defaults to commune.
var Columns = []string{"old_code", "new_code", "population"}

// Kind is the value of imports.kind for lineage imports.
const Kind = "lineage"

// MaxPopulation bounds the population of one part: a commune of ten
// million people is a typing error, not a commune.
const MaxPopulation = 10_000_000

// Row is one data row of a lineage file, as written. Line is the line of
// the file (the header is line 1); Level is empty when the file has no
// level column.
type Row struct {
	Line       int
	OldCode    string
	NewCode    string
	Population string
	Level      string
}

// Parse reads a lineage file: CSV in UTF-8 or the first sheet of an XLSX
// workbook, with a header naming old_code, new_code, population and
// optionally level, in any order (other columns are ignored). It checks the
// shape only; Validate checks the contents. name is the file name used in
// messages.
func Parse(r io.Reader, name string) ([]Row, error) {
	var rows []Row
	err := tabular.Scan(r, name, Columns, []string{"level"}, func(rec tabular.Record) {
		f := rec.Fields
		rows = append(rows, Row{Line: rec.Line, OldCode: f[0], NewCode: f[1], Population: f[2], Level: f[3]})
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Share is the checked share of one partial lineage link: Population of the
// old commune's Total went into the new commune, so Share = Population /
// Total.
type Share struct {
	Line       int
	OldID      int64
	NewID      int64
	OldCode    string
	NewCode    string
	Population int64
	Total      int64
	Share      float64
}

// The days on which the old and the new communes are looked up.
var (
	lastOldDay  = units.ReformDate.AddDate(0, 0, -1)
	firstNewDay = units.ReformDate
)

// Validate checks every row against the units tree and returns the shares,
// or an *apperr.List naming every bad row and column. The rules: level is
// empty or commune; old_code is a commune in force on 30 June 2025 and
// new_code one in force on 1 July 2025 (a code that lost its leading zeros
// in a spreadsheet is padded to five digits); the old commune went partly
// into the new one (a link that took all of the old commune needs no share,
// and the message says so); population is a whole number from 0; a pair is
// written once; for each old commune the file gives every new commune that
// took part of it (the missing ones are named), and not all its parts are 0.
//
// In the published lineage a commune that went into a single new commune
// went wholly, and a commune that was split has only partial links (see
// TestSeededSplitsAreAllPartial), so the parts of an old commune are its
// whole population.
func Validate(tree *units.Tree, rows []Row, file string) ([]Share, error) {
	bad := tabular.NewProblems(file)
	type pair struct{ old, new int64 }
	firstLine := map[pair]int{}
	given := map[int64]map[int64]bool{} // old commune → new communes the file names
	var olds []*units.Unit              // in file order
	firstOfOld := map[int64]int{}
	var shares []Share
	for _, r := range rows {
		ok := true
		if r.Level != "" {
			lv, err := units.ParseLevel(r.Level)
			if err != nil || lv != units.Commune {
				bad.Add(r.Line, "level", apperr.New(apperr.Invalid, vi.ErrLineageLevel, r.Level))
				ok = false
			}
		}
		oldU := resolve(tree, bad, r.Line, "old_code", r.OldCode, lastOldDay, vi.ErrLineageOldCode)
		newU := resolve(tree, bad, r.Line, "new_code", r.NewCode, firstNewDay, vi.ErrLineageNewCode)
		pop, popErr := parsePopulation(r.Population)
		if popErr != nil {
			bad.Add(r.Line, "population", popErr)
			ok = false
		}
		if oldU == nil || newU == nil {
			continue
		}
		var link *units.Link
		for _, l := range tree.Successors(oldU.ID) {
			if l.NewID == newU.ID {
				link = &l
				break
			}
		}
		switch {
		case link == nil:
			bad.Add(r.Line, "new_code", apperr.New(apperr.Invalid, vi.ErrLineageNoLink,
				oldU.Code, newU.Code, successorNames(tree, oldU.ID, nil)))
			continue
		case link.Full:
			bad.Add(r.Line, "new_code", apperr.New(apperr.Invalid, vi.ErrLineageFull, oldU.Code, newU.Code))
			continue
		}
		p := pair{oldU.ID, newU.ID}
		if first, dup := firstLine[p]; dup {
			bad.Add(r.Line, "new_code", apperr.New(apperr.Invalid, vi.ErrLineageDup, oldU.Code, newU.Code, first))
			continue
		}
		firstLine[p] = r.Line
		if given[oldU.ID] == nil {
			given[oldU.ID] = map[int64]bool{}
			olds = append(olds, oldU)
			firstOfOld[oldU.ID] = r.Line
		}
		given[oldU.ID][newU.ID] = true
		if ok {
			shares = append(shares, Share{Line: r.Line, OldID: oldU.ID, NewID: newU.ID,
				OldCode: oldU.Code, NewCode: newU.Code, Population: pop})
		}
	}
	// Every part of each old commune, and not all of them empty (which is
	// only known when every part's row is good).
	total := map[int64]int64{}
	good := map[int64]int{}
	for _, s := range shares {
		total[s.OldID] += s.Population
		good[s.OldID]++
	}
	for _, o := range olds {
		if names := successorNames(tree, o.ID, given[o.ID]); names != "" {
			bad.Add(firstOfOld[o.ID], "new_code", apperr.New(apperr.Invalid, vi.ErrLineageMissing,
				o.Code, len(tree.Successors(o.ID)), names))
			continue
		}
		if good[o.ID] == len(given[o.ID]) && total[o.ID] == 0 {
			bad.Add(firstOfOld[o.ID], "population", apperr.New(apperr.Invalid, vi.ErrLineageAllZero, o.Code))
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	for i := range shares {
		s := &shares[i]
		s.Total = total[s.OldID]
		s.Share = float64(s.Population) / float64(s.Total)
	}
	return shares, nil
}

// resolve finds the commune code in force on day at, or records why not.
func resolve(tree *units.Tree, bad *tabular.Problems, line int, col, code string, at time.Time, msg string) *units.Unit {
	if code == "" {
		bad.Add(line, col, apperr.New(apperr.Invalid, vi.ErrEmptyCell))
		return nil
	}
	code = units.PadCode(units.Commune, code)
	u, err := tree.Resolve(units.Commune, code, at)
	if err != nil {
		bad.Add(line, col, apperr.New(apperr.Invalid, msg, code))
		return nil
	}
	return u
}

// parsePopulation reads a whole number of people from 0, written without
// separators: in Vietnamese "1.234" is a thousand and more, so a dot or a
// comma is refused rather than guessed at.
func parsePopulation(s string) (int64, error) {
	if s == "" {
		return 0, apperr.New(apperr.Invalid, vi.ErrEmptyCell)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, apperr.New(apperr.Invalid, vi.ErrLineagePopulation, s)
	}
	if n > MaxPopulation {
		return 0, apperr.New(apperr.Invalid, vi.ErrTooLarge, s)
	}
	return n, nil
}

// successorNames lists, as "00004 Phường Ba Đình, …", the new communes that
// took part of the old commune id and are not in except.
func successorNames(tree *units.Tree, id int64, except map[int64]bool) string {
	var names []string
	for _, l := range tree.Lineage(id).Successors {
		if !except[l.Unit.ID] {
			names = append(names, l.Unit.Code+" "+l.Unit.FullName())
		}
	}
	return strings.Join(names, ", ")
}
