package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

func TestDOCXHoldsTheNarrativeAsWellFormedWord(t *testing.T) {
	v, prev := 1234567.0, 1200000.0
	ch, pct := v-prev, 2.88
	r := &Report{
		Scope:         Scope{Level: "province", Code: "66", Name: "Đắk Lắk"},
		Period:        period.MustParse("2024H1"),
		ComparePeriod: period.MustParse("2023H1"),
		Indicators:    map[string]Value{"members.total": {Value: &v, Previous: &prev, Change: &ch, ChangePct: &pct}},
	}
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, r); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	var doc string
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(b)
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if !names[n] {
			t.Errorf("package lacks %s", n)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("document.xml is not well-formed: %v", err)
		}
	}
	for _, want := range []string{"1.234.567", "Đắk Lắk", "<w:b/>"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
}
