package fund

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Voucher is the printable receipt (phiếu thu) or payment voucher (phiếu
// chi) of an entry of unit u, in the usual layout: the association and the
// voucher's number at the top left, the national motto and the date at the
// right, the title, who paid or received and why, the amount in figures
// and in words, and the signatures of the association's head, the
// accountant, the payer or payee, who made the voucher and the treasurer.
func Voucher(e Entry, u *units.Unit) document.Document {
	title, party, partySigner := vi.FundVoucherReceipt, vi.FundVoucherPayer, vi.FundVoucherPayerSigns
	if e.Direction < 0 {
		title, party, partySigner = vi.FundVoucherPayment, vi.FundVoucherPayee, vi.FundVoucherPayeeSigns
	}
	issuer := strings.ToUpper(vi.FundAssociation + " " + u.FullName())
	reason := e.Note
	switch {
	case e.Kind == Reversal:
		reason = fmt.Sprintf(vi.FundVoucherReversal, e.ReversesNumber, e.Reason)
	case e.Purpose != "" && reason == "":
		reason = vi.FundLabel(e.Purpose, false)
	case reason == "":
		reason = vi.FundLabel(string(e.Kind), false) + " " + strings.ToLower(vi.FundLabel(string(e.Means), true))
	}
	lines := [][2]string{
		{party, e.Party},
		{vi.FundVoucherReason, reason},
		{vi.FundVoucherAmount, vi.Int(e.Amount) + " đồng"},
		{vi.FundVoucherWords, vi.AmountInWords(e.Amount)},
	}
	if e.Items != "" {
		lines = append(lines, [2]string{vi.FundVoucherItems, e.Items})
	}
	if e.Programme != "" {
		lines = append(lines, [2]string{vi.FundVoucherProgramme, ProgrammeTitle(e)})
	}
	var lead []document.Block
	for _, l := range lines {
		lead = append(lead, document.Paragraph{Runs: []document.Run{{Text: l[0] + ": "}, {Text: l[1], Bold: l[0] == vi.FundVoucherAmount}}})
	}
	lead = append(lead, document.Plain(fmt.Sprintf(vi.FundVoucherRecorded, e.CreatedBy, vi.Time(e.CreatedAt))))
	y, m, d := e.Day.Date()
	return document.Document{
		Header: document.Header{
			Superior:  vi.FundVoucherSuperior,
			Issuer:    issuer,
			Number:    "Số: " + e.Number,
			Motto:     [2]string{vi.DocMotto1, vi.DocMotto2},
			PlaceDate: fmt.Sprintf(vi.FundVoucherDate, d, int(m), y),
		},
		Title: []string{title},
		Lead:  lead,
		// Signed across the foot as a paper phiếu thu or phiếu chi is.
		Signers: []string{vi.FundVoucherHead, vi.FundVoucherAccountant, partySigner, vi.FundVoucherMaker, vi.FundVoucherSigner},
	}
}

// NameRecorder puts the name of the user who recorded e in place of the
// e-mail address the ledger keeps, for a voucher: a paper people sign
// names people (the receipt printed "Người lập phiếu: xa@example.vn").
// An address without a user (or "cli") stays as kept.
func NameRecorder(ctx context.Context, q store.Querier, e *Entry) error {
	names, err := auth.NamesOf(ctx, q, []string{e.CreatedBy})
	if err != nil {
		return err
	}
	if n, ok := names[e.CreatedBy]; ok {
		e.CreatedBy = n
	}
	return nil
}

// WriteVoucherPDF writes the voucher of an entry of unit u as a PDF.
func WriteVoucherPDF(w io.Writer, e Entry, u *units.Unit) error {
	return document.WritePDF(w, Voucher(e, u))
}
