package models

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
)

func TestTheCertificateCarriesTheCodeAndAQRCode(t *testing.T) {
	c := Certificate{Code: "ABCD2345", Name: "Nguyễn Thị Hoa", Title: Citizen, Year: 2026, ValidUntil: 2026, Commune: "Phường Ba Đình",
		Decision: Decision{Number: "21/QĐ-UBND", Date: time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), Body: "Ủy ban nhân dân Phường Ba Đình"}}
	doc, err := CertificateDocument(c, "https://khuyenhoc.vn/")
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := document.WriteText(&text, doc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "GIẤY CHỨNG NHẬN", "Nguyễn Thị Hoa", "21/QĐ-UBND",
		"https://khuyenhoc.vn/xac-minh/ABCD2345"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the certificate lacks %q:\n%s", want, text.String())
		}
	}
	var pdf bytes.Buffer
	if err := WriteCertificatePDF(&pdf, c, "https://khuyenhoc.vn"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pdf.String(), "%PDF") || !strings.Contains(pdf.String(), "/Subtype /Image") {
		t.Errorf("the PDF has no image (the QR code)")
	}
}
