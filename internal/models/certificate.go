package models

import (
	"fmt"
	"io"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// CertificateDocument is the printable certificate of a recognition: the
// recognising body and the national motto, "GIẤY CHỨNG NHẬN", the subject,
// its commune, the title (and level), the year, the decision, and the short
// code with the address that verifies it, also as a QR code (site: the
// server's address, e.g. "https://khuyenhoc.vn"; empty: the path alone).
func CertificateDocument(c Certificate, site string) (document.Document, error) {
	verify := strings.TrimRight(site, "/") + "/xac-minh/" + c.Code
	qr, err := qrcode.Encode(verify, qrcode.Medium, 256)
	if err != nil {
		return document.Document{}, fmt.Errorf("certificate QR code: %w", err)
	}
	title := c.Title.Label()
	if c.Level > 0 {
		title += fmt.Sprintf(" (%s %d)", vi.UI["verify.level"], c.Level)
	}
	d := c.Decision.Date
	place := strings.TrimSpace(strings.TrimPrefix(c.Commune, "Xã "))
	doc := document.Document{
		Header: document.Header{Issuer: strings.ToUpper(c.Decision.Body), Motto: [2]string{vi.DocMotto1, vi.DocMotto2},
			PlaceDate: fmt.Sprintf(vi.DocPlaceDate, place, d.Day(), int(d.Month()), d.Year())},
		Title: []string{vi.CertificateHeading, fmt.Sprintf(vi.CertificateSubject, title, c.Year)},
		Lead: []document.Block{
			document.Plain(fmt.Sprintf(vi.CertificateDecision, c.Decision.Number, vi.Date(d), c.Decision.Body)),
			document.Paragraph{Runs: []document.Run{{Text: vi.CertificateGranted}, {Text: c.Name, Bold: true}}},
			document.Plain(fmt.Sprintf(vi.CertificateOf, c.Commune)),
			document.Paragraph{Runs: []document.Run{{Text: vi.CertificateTitle}, {Text: title, Bold: true}}},
			document.Plain(fmt.Sprintf(vi.CertificateValid, c.Year, c.ValidUntil)),
			document.Plain(fmt.Sprintf(vi.CertificateCode, c.Code)),
			document.Plain(fmt.Sprintf(vi.CertificateURL, verify)),
			document.Image{PNG: qr, Size: 96},
		},
		Signature: document.Signature{OnBehalf: vi.CertificateOnBehalf, Title: vi.CertificateSigner},
	}
	return doc, nil
}

// WriteCertificatePDF writes the certificate as a PDF.
func WriteCertificatePDF(w io.Writer, c Certificate, site string) error {
	doc, err := CertificateDocument(c, site)
	if err != nil {
		return err
	}
	return document.WritePDF(w, doc)
}
