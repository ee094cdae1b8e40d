package fund

import (
	"fmt"
	"io"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteBookXLSX writes the fund book as a workbook of one sheet in the
// layout of a paper sổ quỹ: a title, the opening balance, one row per
// entry (number, day, kind, means, party, note, receipt, payment, balance
// after it) and the totals with the closing balance. Amounts are numbers
// formatted with thousands separators, so the book can be summed in Excel.
func WriteBookXLSX(w io.Writer, b Book) error {
	unit := ""
	if b.Unit != nil {
		unit = b.Unit.FullName()
	}
	s, err := newListSheet("Sổ quỹ", vi.FundBookHeading(unit, b.Period.NameVI()), vi.FundBookHeader, 7, 9)
	if err != nil {
		return err
	}
	defer s.close()
	row := 4
	if err := s.row(row, "", "", "", "", vi.FundBookOpening, "", nil, nil, b.Opening); err != nil {
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
		if err := s.row(row, l.Number, vi.Date(l.Day), vi.FundLabel(string(l.Kind), false), vi.FundLabel(string(l.Means), true),
			l.Party, LineNote(l.Entry), in, out, l.Balance); err != nil {
			return err
		}
	}
	row++
	if err := s.row(row, "", "", "", "", vi.FundBookClosing, "", b.In, b.Out, b.Closing); err != nil {
		return err
	}
	// The counts of the period under the book, each with its difference.
	for _, c := range b.Counts {
		row += 2
		if err := s.cell(1, row, CountLine(c), false); err != nil {
			return err
		}
	}
	// Printed, the book is as wide as a landscape page (it was cut into
	// eight pages of four columns) and repeats its header row.
	return s.write(w, map[string]float64{"A": 15, "B": 12, "C": 11, "D": 13, "E": 32, "F": 40, "G": 15, "H": 15, "I": 16})
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
	if name := ProgrammeTitle(e); name != "" && (e.ProgrammeName == "" || !strings.Contains(e.Note, e.ProgrammeName)) {
		s = join(s, name)
	}
	return s
}

// ProgrammeTitle names an entry's programme for people, by its name and
// year ("Học bổng Vượt khó (2026)"), or by its code where the name was not
// read; empty without a programme.
func ProgrammeTitle(e Entry) string {
	switch {
	case e.ProgrammeName != "":
		return fmt.Sprintf(vi.FundProgrammeTitle, e.ProgrammeName, e.ProgrammeYear)
	case e.Programme != "":
		return e.Programme
	}
	return ""
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// CountLine is what the book says of a counted balance.
func CountLine(c Count) string {
	return fmt.Sprintf(vi.FundBookCount, vi.Date(c.Day), vi.FundCountLabel(c.Means), vi.Int(c.Counted), vi.Int(c.Ledger), vi.SignedInt(c.Difference()))
}
