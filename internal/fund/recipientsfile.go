package fund

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteRecipientsXLSX writes a programme's recipient list as a workbook of
// one sheet in the layout of the paper list that recipients sign: a title,
// one row per recipient (name, birth date, kind, school and class or
// workplace, CCCD, reason, award, amount, paying unit, approval, payment
// voucher, a blank column to sign) and the total.
func WriteRecipientsXLSX(w io.Writer, r Recipients) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Danh sách"
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
	unit := ""
	if r.Unit != nil {
		unit = r.Unit.FullName()
	}
	title := fmt.Sprintf(vi.FundRecipientsHeading, strings.ToUpper(r.Programme.Name), r.Programme.Year, unit)
	if err := f.SetCellValue(sheet, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, "A3", &vi.FundRecipientsHeader); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(vi.FundRecipientsHeader), 3)
	if err := f.SetCellStyle(sheet, "A3", last, bold); err != nil {
		return err
	}
	row := 3
	var total int64
	for i, a := range r.Awards {
		row++
		place := a.Workplace
		if a.School != "" {
			place = strings.TrimSpace(a.School + " " + a.Grade)
		}
		approved := ""
		if a.Approved() {
			approved = vi.Date(a.ApprovedAt)
		}
		vals := []any{i + 1, a.FullName, a.BirthDate, vi.FundBeneficiary(a.Beneficiary), place, a.CCCD, a.Reason,
			vi.FundLabel(a.AwardKind, false), a.Amount, a.Unit, approved, a.Payment, ""}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
		total += a.Amount
	}
	row++
	for _, c := range []struct {
		col int
		v   any
	}{{2, vi.FundRecipientsTotal}, {9, total}} {
		cell, _ := excelize.CoordinatesToCellName(c.col, row)
		if err := f.SetCellValue(sheet, cell, c.v); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, bold); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "I4", fmt.Sprintf("I%d", row), money); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 5, "B": 24, "C": 11, "D": 24, "E": 32, "F": 14, "G": 28, "H": 16, "I": 13, "J": 22, "K": 11, "L": 14, "M": 12} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	if err := document.PrintLandscape(f, sheet, 3, 3, 0); err != nil {
		return err
	}
	return f.Write(w)
}
