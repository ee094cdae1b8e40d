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

	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
)

// Columns are the columns of an aggregate values file, in the contract's order.
var Columns = []string{"period", "level", "code", "indicator", "value"}

// Row is one data row of an aggregate values file, as written. Line is the
// line of the file (or row of the sheet) for messages; the header is line 1.
type Row struct {
	Line      int
	Period    string
	Level     string
	Code      string
	Indicator string
	Value     string
}

// Parse reads an aggregate values file: XLSX (recognised by its zip
// signature; the first sheet is read, the others are ignored, so that
// people may keep notes there) or CSV (UTF-8, optional byte-order mark,
// comma separated), streamed within tabular.DefaultLimits. The header
// must name the five columns of Columns, in any order; other columns are
// ignored. Parse checks the shape of the file only; CheckRows checks the
// contents. name is the file name used in messages. It holds every row:
// an import reads its file with Check instead, which keeps only the
// checked values.
func Parse(r io.Reader, name string) ([]Row, error) {
	var rows []Row
	err := tabular.Scan(r, name, Columns, nil, func(rec tabular.Record) {
		f := rec.Fields
		rows = append(rows, Row{Line: rec.Line, Period: f[0], Level: f[1], Code: f[2], Indicator: f[3], Value: f[4]})
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}
