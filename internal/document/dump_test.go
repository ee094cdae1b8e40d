package document

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes the sample document in every format into the
// folder KHUYENHOC_DOCUMENT_SAMPLES names, for a person to open and look at
// (LibreOffice, a PDF viewer); without it, it does nothing.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("KHUYENHOC_DOCUMENT_SAMPLES")
	if dir == "" {
		t.Skip("KHUYENHOC_DOCUMENT_SAMPLES is not set")
	}
	// The variant: the national association's letterhead shape (no
	// superior), a long name that wraps, a number and a day left blank to
	// fill in by hand.
	variant := sample()
	variant.Header.Superior = ""
	variant.Header.Issuer = "HỘI KHUYẾN HỌC THÀNH PHỐ HỒ CHÍ MINH"
	variant.Header.Number = "Số:      /BC-KH"
	variant.Header.PlaceDate = "Thành phố Hồ Chí Minh, ngày      tháng 11 năm 2026"
	for name, write := range writers {
		for base, d := range map[string]Document{"sample": sample(), "variant": variant} {
			f, err := os.Create(filepath.Join(dir, base+"."+name))
			if err != nil {
				t.Fatal(err)
			}
			if err := write(f, d); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// writers are the package's writers by file extension.
var writers = map[string]func(io.Writer, Document) error{
	"txt":  WriteText,
	"docx": WriteDOCX,
	"pdf":  WritePDF,
	"xlsx": WriteXLSX,
}
