package tabular

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular/tabulartest"
)

// fuzzLimits are small, so that the fuzzer reaches every limit.
var fuzzLimits = Limits{Rows: 50, Cols: 8, Cell: 40, Line: 200, Entry: 1 << 20, Unpacked: 2 << 20, Strings: 100}

// checkRead asserts what holds of any file: the reader refuses it as a
// user error naming the file, or returns rows after the header, in order,
// each with a field per column asked, none longer than the cell limit.
func checkRead(t *testing.T, data []byte, name string) {
	cols, optional := []string{"a", "b"}, []string{"c"}
	var recs []Record
	err := Reader{Limits: fuzzLimits}.Scan(bytes.NewReader(data), name, cols, optional, func(r Record) { recs = append(recs, r) })
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("not a user error: %v", err)
		}
		var e *apperr.Error
		var l *apperr.List
		if !errors.As(err, &e) && !errors.As(err, &l) || err.Error() == "" {
			t.Fatalf("error without a message: %#v", err)
		}
		return
	}
	if len(recs) == 0 {
		t.Fatal("no error and no rows")
	}
	last := 1
	for _, r := range recs {
		if r.Line <= last || r.Line > fuzzLimits.Rows {
			t.Fatalf("row at line %d after %d", r.Line, last)
		}
		last = r.Line
		if len(r.Fields) != 3 {
			t.Fatalf("%d fields", len(r.Fields))
		}
		for _, f := range r.Fields {
			if len([]rune(f)) > fuzzLimits.Cell {
				t.Fatalf("field of %d characters", len([]rune(f)))
			}
		}
	}
}

// testdataFiles are the sample files of every importer, the seeds of the
// fuzzers.
func testdataFiles(f *testing.F, pattern string) [][]byte {
	var out [][]byte
	for _, dir := range []string{"testdata", "../aggregate/testdata", "../lineage/testdata", "../cluster/testdata"} {
		paths, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return out
}

// FuzzReadCSV reads arbitrary text as a CSV file.
func FuzzReadCSV(f *testing.F) {
	for _, data := range testdataFiles(f, "*.csv") {
		f.Add(data)
	}
	f.Add([]byte("a,b,c\n1,2,3\n"))
	f.Add([]byte("\ufeffB,A\r\n\"x\ny\",2\r\n\r\n,\r\n"))
	f.Add([]byte("a;b;c\n1;2;3\n"))
	f.Add([]byte("a,b\n\"1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte(zipMagic)) {
			return // a workbook: FuzzReadXLSX's
		}
		checkRead(t, data, "f.csv")
	})
}

// FuzzReadXLSX reads arbitrary bytes as a workbook.
func FuzzReadXLSX(f *testing.F) {
	for _, data := range testdataFiles(f, "*.xlsx") {
		f.Add(data)
	}
	f.Add(tabulartest.Sheet(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>`))
	f.Add(tabulartest.Zip(tabulartest.WorkbookParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2" s="1"><v>45474</v></c><c r="B2"><f>1+1</f></c></row>`,
		`<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>`,
		`<numFmts count="1"><numFmt numFmtId="164" formatCode="mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`)))
	f.Add(tabulartest.ZipBomb(2<<20, 0))
	fl := excelize.NewFile()
	fl.SetSheetRow("Sheet1", "A1", &[]any{"a", "b", "c"})
	fl.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), 30.000000000000004, "Hà Nội"})
	fl.NewSheet("Ghi chú")
	var buf bytes.Buffer
	fl.WriteTo(&buf)
	fl.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, "f.xlsx")
	})
}

// FuzzReadXLSXSheet reads arbitrary sheet XML (and shared strings) in a
// well-formed package, where FuzzReadXLSX mostly meets broken zips.
func FuzzReadXLSXSheet(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Hà&#x20;Nội &amp; Huế</t></is></c></row>`,
		`<si><t>a</t></si><si><r><t>b</t></r><rPh><t>x</t></rPh></si>`)
	f.Add(`<?xml version="1.0"?><!-- note --><row r="1"><c t="str"><f>A1</f></c><c><v><![CDATA[b]]></v></c><c s="1"><v>45474</v></c></row><row><c/><c t="e"><v>#REF!</v></c></row>`, ``)
	f.Add(`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> a </x:t></x:is></x:c><x:c r='B1' t='inlineStr'><x:is><x:t>b</x:t></x:is></x:c></x:row><row r="3"><c r="B3"><v>2</v></c></row>`, `<!DOCTYPE x [<!ENTITY a "b">]><si><t>&a;</t></si>`)
	f.Fuzz(func(t *testing.T, rows, sst string) {
		parts := tabulartest.WorkbookParts(rows, `<mergeCells><mergeCell ref="C2:C3"/></mergeCells>`,
			`<cellXfs><xf numFmtId="0"/><xf numFmtId="17"/><xf numFmtId="14"/></cellXfs>`)
		parts = append(parts, tabulartest.Part{Name: "xl/sharedStrings.xml", Data: []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`)})
		checkRead(t, tabulartest.Zip(parts), "f.xlsx")
	})
}
