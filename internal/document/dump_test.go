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
	for name, write := range writers {
		f, err := os.Create(filepath.Join(dir, "sample."+name))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f, sample()); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
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
