package fund

import (
	"fmt"
	"io"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteRecipientsXLSX writes a programme's recipient list as a workbook of
// one sheet in the layout of the paper list that recipients sign: a title,
// one row per recipient (name, birth date, kind, school and class or
// workplace, CCCD, reason, award, amount, paying unit, approval, payment
// voucher, a blank column to sign) and the total.
func WriteRecipientsXLSX(w io.Writer, r Recipients) error {
	unit := ""
	if r.Unit != nil {
		unit = r.Unit.FullName()
	}
	title := fmt.Sprintf(vi.FundRecipientsHeading, strings.ToUpper(r.Programme.Name), r.Programme.Year, unit)
	s, err := newListSheet("Danh sách", title, vi.FundRecipientsHeader, 9, 9)
	if err != nil {
		return err
	}
	defer s.close()
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
		if err := s.row(row, i+1, a.FullName, a.BirthDate, vi.FundBeneficiary(a.Beneficiary), place, a.CCCD, a.Reason,
			vi.FundLabel(a.AwardKind, false), a.Amount, a.Unit, approved, a.Payment, ""); err != nil {
			return err
		}
		total += a.Amount
	}
	row++
	if err := s.row(row, "", "", "", "", "", "", "", "", total); err != nil {
		return err
	}
	if err := s.cell(2, row, vi.FundRecipientsTotal, true); err != nil {
		return err
	}
	return s.write(w, map[string]float64{"A": 5, "B": 24, "C": 11, "D": 24, "E": 32, "F": 14, "G": 28, "H": 16, "I": 13, "J": 22, "K": 11, "L": 14, "M": 12})
}
