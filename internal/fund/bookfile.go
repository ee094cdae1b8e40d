package fund

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteBookXLSX writes the fund book as a workbook of one sheet in the
// layout of a paper sổ quỹ: a title, the opening balance, one row per
// entry (number, day, kind, means, party, note, receipt, payment, balance
// after it) and the totals with the closing balance. Amounts are numbers
// formatted with thousands separators, so the book can be summed in Excel.
func WriteBookXLSX(w io.Writer, b Book) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sổ quỹ"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0")})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	set := func(row int, vals ...any) error {
		for i, v := range vals {
			cell, err := excelize.CoordinatesToCellName(i+1, row)
			if err != nil {
				return err
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
		}
		first, _ := excelize.CoordinatesToCellName(7, row)
		last, _ := excelize.CoordinatesToCellName(9, row)
		return f.SetCellStyle(sheet, first, last, money)
	}
	unit := ""
	if b.Unit != nil {
		unit = b.Unit.FullName()
	}
	if err := f.SetCellValue(sheet, "A1", vi.FundBookHeading(unit, b.Period.NameVI())); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	row := 3
	header := make([]any, len(vi.FundBookHeader))
	for i, h := range vi.FundBookHeader {
		header[i] = h
	}
	if err := set(row, header...); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A3", "I3", bold); err != nil {
		return err
	}
	row++
	if err := set(row, "", "", "", "", vi.FundBookOpening, "", nil, nil, b.Opening); err != nil {
		return err
	}
	for _, l := range b.Lines {
		row++
		var in, out any
		if l.Direction > 0 {
			in = l.Amount
		} else {
			out = l.Amount
		}
		if err := set(row, l.Number, vi.Date(l.Day), vi.FundLabel(string(l.Kind), false), vi.FundLabel(string(l.Means), true),
			l.Party, LineNote(l.Entry), in, out, l.Balance); err != nil {
			return err
		}
	}
	row++
	if err := set(row, "", "", "", "", vi.FundBookClosing, "", b.In, b.Out, b.Closing); err != nil {
		return err
	}
	// The counts of the period under the book, each with its difference.
	for _, c := range b.Counts {
		row += 2
		if err := f.SetCellValue(sheet, fmt.Sprintf("A%d", row), CountLine(c)); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 15, "B": 12, "C": 11, "D": 13, "E": 32, "F": 40, "G": 15, "H": 15, "I": 16} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	// Printed, the book is as wide as a landscape page (it was cut into
	// eight pages of four columns) and repeats its header row.
	if err := document.PrintLandscape(f, sheet, 3, 3, 0); err != nil {
		return err
	}
	return f.Write(w)
}

// LineNote is what the book says of an entry beside its party: the items
// of a gift in kind, the note, what a reversal reverses and why, and the
// reversal of an entry that was reversed.
func LineNote(e Entry) string {
	s := e.Note
	if e.Items != "" {
		s = join(s, e.Items)
	}
	if e.Kind == Reversal {
		s = join(s, fmt.Sprintf(vi.FundVoucherReversal, e.ReversesNumber, e.Reason))
	}
	if e.ReversedByNumber != "" {
		s = join(s, fmt.Sprintf(vi.FundReversedBy, e.ReversedByNumber))
	}
	if e.Programme != "" {
		s = join(s, e.Programme)
	}
	return s
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func ptr[T any](v T) *T { return &v }

// CountLine is what the book says of a counted balance.
func CountLine(c Count) string {
	return fmt.Sprintf(vi.FundBookCount, vi.Date(c.Day), vi.FundCountLabel(c.Means), vi.Int(c.Counted), vi.Int(c.Ledger), vi.SignedInt(c.Difference()))
}
