package report

import (
	"io"
	"math"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteXLSX writes the report as an Excel workbook with Vietnamese headers:
// the sheet vi.ReportSheetScope holds the scope's indicators (code, name,
// unit, this period, the same period of the previous year, change, change
// in per cent, estimate mark), one row per indicator with data, under a
// title row and a header on row 3; the sheet vi.ReportSheetChildren, when
// there are children, holds one row per child and one column per indicator
// (this period's figures), header on row 1. Figures are numeric cells, so
// people can compute with them.
func WriteXLSX(w io.Writer, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f}
	x.styles()

	sheet := vi.ReportSheetScope
	x.check(f.SetSheetName(f.GetSheetName(0), sheet))
	x.set(sheet, 1, 1, Title(r))
	head := []any{vi.ReportColCode, vi.ReportColIndicator, vi.ReportColUnit,
		vi.ReportColValue + " (" + r.Period.NameVI() + ")",
		vi.ReportColPrevious + " (" + r.ComparePeriod.NameVI() + ")",
		vi.ReportColChange, vi.ReportColChangePct, vi.ReportColApprox}
	x.row(sheet, 3, head, x.bold)
	row := 4
	for _, code := range presentCodes(r.Indicators) {
		v := r.Indicators[code]
		if !v.hasData() {
			continue
		}
		ind := lookup(code)
		x.set(sheet, 1, row, code)
		x.set(sheet, 2, row, ind.NameVI)
		x.set(sheet, 3, row, unitWord(ind))
		x.number(sheet, 4, row, v.Value, ind)
		x.number(sheet, 5, row, v.Previous, ind)
		x.number(sheet, 6, row, v.Change, ind)
		x.number(sheet, 7, row, v.ChangePct, indicator.Indicator{Kind: indicator.Ratio, Decimals: 2})
		if v.Approximate {
			x.set(sheet, 8, row, vi.ReportYes)
		}
		row++
	}
	x.check(f.SetColWidth(sheet, "A", "A", 28))
	x.check(f.SetColWidth(sheet, "B", "B", 56))
	x.check(f.SetColWidth(sheet, "C", "C", 14))
	x.check(f.SetColWidth(sheet, "D", "H", 22))
	x.check(document.PrintLandscape(f, sheet, 3, 3, 0))

	if len(r.Children) > 0 {
		sheet := vi.ReportSheetChildren
		_, err := f.NewSheet(sheet)
		x.check(err)
		union := map[string]Value{}
		for _, c := range r.Children {
			for code, v := range c.Indicators {
				if v.hasData() {
					union[code] = v
				}
			}
		}
		codes := presentCodes(union)
		head := []any{vi.ReportColLevel, vi.ReportColUnitCode, vi.ReportColUnitName}
		for _, code := range codes {
			head = append(head, lookup(code).NameVI)
		}
		x.row(sheet, 1, head, x.heading)
		for i, c := range r.Children {
			x.set(sheet, 1, i+2, c.Level)
			x.set(sheet, 2, i+2, c.Code)
			x.set(sheet, 3, i+2, c.Name)
			for j, code := range codes {
				x.number(sheet, 4+j, i+2, c.Indicators[code].Value, lookup(code))
			}
		}
		x.check(f.SetColWidth(sheet, "C", "C", 30))
		// An indicator's name, wrapped over a few lines, heads a column as
		// wide as its figures need.
		lastCol, _ := excelize.ColumnNumberToName(len(head))
		x.check(f.SetColWidth(sheet, "D", lastCol, 16))
		x.check(f.SetColWidth(sheet, "B", "B", 11))
		x.check(f.SetRowHeight(sheet, 1, 48))
		x.check(document.PrintLandscape(f, sheet, 1, 1, 3))
	}
	if x.err != nil {
		return x.err
	}
	return f.Write(w)
}

// unitWord is the Vietnamese unit of an indicator for the unit column.
func unitWord(ind indicator.Indicator) string {
	switch ind.Unit {
	case "person":
		return vi.ReportUnitPerson
	case "household":
		return vi.ReportUnitHousehold
	case "percent":
		return "%"
	case "VND":
		return vi.ReportUnitDong
	case "VND/person":
		return vi.ReportUnitPerCapita
	}
	return vi.ReportUnitCount
}

// xlsxWriter fills a workbook, keeping the first error.
type xlsxWriter struct {
	f               *excelize.File
	err             error
	bold, heading   int // heading: bold, wrapped, at the top of its cell
	whole, decimals int
}

func (x *xlsxWriter) check(err error) {
	if x.err == nil {
		x.err = err
	}
}

func (x *xlsxWriter) styles() {
	var err error
	x.bold, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	x.check(err)
	x.heading, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	x.check(err)
	x.whole, err = x.f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	x.check(err)
	x.decimals, err = x.f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	x.check(err)
}

func (x *xlsxWriter) set(sheet string, col, row int, v any) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	x.check(err)
	if x.err == nil {
		x.check(x.f.SetCellValue(sheet, cell, v))
	}
}

func (x *xlsxWriter) row(sheet string, row int, values []any, style int) {
	for i, v := range values {
		x.set(sheet, i+1, row, v)
	}
	first, _ := excelize.CoordinatesToCellName(1, row)
	last, _ := excelize.CoordinatesToCellName(len(values), row)
	if x.err == nil {
		x.check(x.f.SetCellStyle(sheet, first, last, style))
	}
}

// number writes a figure as a numeric cell (nothing when there is no data),
// rounded like the machine formats and styled with thousands separators.
func (x *xlsxWriter) number(sheet string, col, row int, v *float64, ind indicator.Indicator) {
	if !known(v) {
		return
	}
	val, style := *v, x.whole
	if ind.Kind == indicator.Ratio && ind.Decimals > 0 {
		p := math.Pow10(ind.Decimals)
		val, style = math.Round(val*p)/p, x.decimals
	} else if val != math.Trunc(val) {
		style = x.decimals
	}
	x.set(sheet, col, row, val)
	cell, _ := excelize.CoordinatesToCellName(col, row)
	if x.err == nil {
		x.check(x.f.SetCellStyle(sheet, cell, cell, style))
	}
}
