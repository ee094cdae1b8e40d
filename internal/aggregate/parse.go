// Package aggregate imports totals reported by units (contracts: "Aggregate
// values"): a CSV or XLSX file of period, level, code, indicator and value is
// read and every row checked against the units valid in its period and the
// indicator catalogue as it streams (Check, pure over a loaded tree), and
// the values are written all-or-nothing in one transaction (Import), each
// change kept in aggregate_history. Parse reads the rows without checking
// them.
package aggregate

import (
	"io"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Columns are the columns of an aggregate values file, in the contract's order.
var Columns = []string{"period", "level", "code", "indicator", "value"}

// Optional are the columns a file may add: basis, which says whether a
// value is the total of the unit and everything below it (total, the
// default) or the association's own at that level (own). See ParseBasis.
var Optional = []string{"basis"}

// reader reads aggregate values files: the columns by their machine names,
// a number cell of the value column as the number it holds (Numbers),
// the basis also by its Vietnamese header (vi.BasisColumn), within
// FileLimits.
var reader = tabular.Reader{Limits: FileLimits, Numbers: []string{"value"}, Header: func(cell string) string {
	if units.Fold(cell) == basisHeader {
		return "basis"
	}
	return cell
}}

// MaxFileRows is how many rows an aggregate values file may hold: the
// national file of every commune and base indicator over both sides of the
// 2025 reform for eight half-years has 1,625,346, more than a workbook's
// 1,048,576 (tabular.DefaultLimits), so a CSV file may have four times
// that. A workbook cannot hold more than its own limit anyway.
const MaxFileRows = 1 << 22

// FileLimits are tabular.DefaultLimits with MaxFileRows rows.
var FileLimits = func() tabular.Limits {
	l := tabular.DefaultLimits
	l.Rows = MaxFileRows
	return l
}()

var basisHeader = units.Fold(vi.BasisColumn)

// ParseBasis reads a basis cell: empty, "total" or its Vietnamese names
// ("toàn bộ", "tổng", "tổng số", "toàn đơn vị") for a total; "own" or
// "riêng" ("số liệu riêng", "hội cấp này") for an own figure. Letter case
// and diacritics do not matter ("Rieng" is "riêng"). Anything else is
// refused with vi.ErrBadBasis.
func ParseBasis(s string) (rollup.Basis, error) {
	switch units.Fold(s) {
	case "", "total", "toan bo", "tong", "tong so", "toan don vi":
		return rollup.Total, nil
	case "own", "rieng", "so lieu rieng", "hoi cap nay":
		return rollup.Own, nil
	}
	return rollup.Total, apperr.New(apperr.Invalid, vi.ErrBadBasis, s)
}

// Row is one data row of an aggregate values file, as written. Line is the
// line of the file (or row of the sheet) for messages; the header is line 1.
type Row struct {
	Line      int
	Period    string
	Level     string
	Code      string
	Indicator string
	Value     string
	Basis     string // empty for a total
}

// Parse reads an aggregate values file: XLSX (recognised by its zip
// signature; the first sheet is read, the others are ignored, so that
// people may keep notes there) or CSV (UTF-8, optional byte-order mark,
// comma separated), streamed within FileLimits. The header
// must name the five columns of Columns, in any order, and may name those
// of Optional; other columns are ignored. Parse checks the shape of the file only; CheckRows checks the
// contents. name is the file name used in messages. It holds every row:
// an import reads its file with Check instead, which keeps only the
// checked values.
func Parse(r io.Reader, name string) ([]Row, error) {
	var rows []Row
	err := reader.Scan(r, name, Columns, Optional, func(rec tabular.Record) {
		f := rec.Fields
		rows = append(rows, Row{Line: rec.Line, Period: f[0], Level: f[1], Code: f[2], Indicator: f[3], Value: f[4], Basis: f[5]})
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}
