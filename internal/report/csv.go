package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{"level", "code", "name", "indicator", "value", "previous", "change", "change_pct", "approximate"}

// WriteCSV writes the report in long form: one row per node (the scope
// first, then the children in their order) per indicator with data, in
// catalogue order, with machine numbers (see MachineNumber) and an empty
// cell where there is no data.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	nodes := append([]Node{{Scope: r.Scope, Indicators: r.Indicators}}, r.Children...)
	for _, n := range nodes {
		for _, code := range presentCodes(n.Indicators) {
			v := n.Indicators[code]
			if !v.hasData() {
				continue
			}
			ind := lookup(code)
			rec := []string{
				n.Level, n.Code, n.Name, code,
				MachineNumber(v.Value, ind, false),
				MachineNumber(v.Previous, ind, false),
				MachineNumber(v.Change, ind, false),
				MachineNumber(v.ChangePct, ind, true),
				strconv.FormatBool(v.Approximate),
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
