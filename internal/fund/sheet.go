package fund

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
)

// listSheet is a workbook of one sheet laid out as the fund's paper lists
// are (the fund book, a programme's recipients): a bold title in A1, a
// bold header on row 3, a row per line under it with the amounts in the
// money columns formatted with thousands separators, printed as wide as a
// landscape page with the header repeated.
type listSheet struct {
	f           *excelize.File
	name        string
	bold, money int
	// from and to are the money columns, 1-based.
	from, to int
}

// newListSheet starts the sheet with its title and header.
func newListSheet(name, title string, header []string, from, to int) (*listSheet, error) {
	f := excelize.NewFile()
	s := &listSheet{f: f, name: name, from: from, to: to}
	err := f.SetSheetName("Sheet1", name)
	if err == nil {
		s.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0")})
	}
	if err == nil {
		s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	}
	if err == nil {
		err = s.cell(1, 1, title, true)
	}
	for i, h := range header {
		if err == nil {
			err = s.cell(i+1, 3, h, true)
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// cell writes one value, bold or not.
func (s *listSheet) cell(col, row int, v any, bold bool) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := s.f.SetCellValue(s.name, ref, v); err != nil || !bold {
		return err
	}
	return s.f.SetCellStyle(s.name, ref, ref, s.bold)
}

// row writes a line from the first column, its money columns formatted.
func (s *listSheet) row(row int, vals ...any) error {
	for i, v := range vals {
		if err := s.cell(i+1, row, v, false); err != nil {
			return err
		}
	}
	first, _ := excelize.CoordinatesToCellName(s.from, row)
	last, _ := excelize.CoordinatesToCellName(s.to, row)
	return s.f.SetCellStyle(s.name, first, last, s.money)
}

// write sets the columns' widths (by letter) and the print setup and
// writes the workbook to w.
func (s *listSheet) write(w io.Writer, widths map[string]float64) error {
	for col, width := range widths {
		if err := s.f.SetColWidth(s.name, col, col, width); err != nil {
			return err
		}
	}
	if err := document.PrintLandscape(s.f, s.name, 3, 3, 0); err != nil {
		return err
	}
	return s.f.Write(w)
}

// close frees the workbook, written or not; its writer defers it.
func (s *listSheet) close() { s.f.Close() }

func ptr[T any](v T) *T { return &v }
