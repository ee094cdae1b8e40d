// Package tabulartest builds the workbooks that tests of file reading
// need and that the XLSX library cannot write: a workbook from hand-written
// sheet XML, and a zip bomb, built in memory so that no large file is kept
// in the repository.
package tabulartest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strings"
)

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// Part is one part of a package: its name and content.
type Part struct {
	Name string
	Data []byte
}

// WorkbookParts are the parts of a workbook of one sheet around the sheet
// XML rows (the content of sheetData) and the XML after sheetData (such as
// mergeCells); styles, when not empty, is the content of styles.xml.
func WorkbookParts(rows, after, styles string) []Part {
	parts := []Part{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsMain + `"><sheetData>` + rows + `</sheetData>` + after + `</worksheet>`)},
	}
	if styles != "" {
		parts = append(parts, Part{"xl/styles.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + nsMain + `">` + styles + `</styleSheet>`)})
	}
	return parts
}

// Zip packs parts into a zip file.
func Zip(parts []Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.Name)
		if err != nil {
			panic(err)
		}
		w.Write(p.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Sheet is a workbook of one sheet around the sheet XML rows.
func Sheet(rows string) []byte { return Zip(WorkbookParts(rows, "", "")) }

// ZipBomb is a workbook whose sheet unpacks to about unpacked bytes of
// rows (one every 64 KiB, "x") while the file stays small (1 GiB packs into about 1 MB). The
// sheet's directory entry declares declared bytes, or the true size when
// declared is 0: a bomb may lie. The deflate stream is built from one
// compressed mebibyte repeated, so building it takes milliseconds.
func ZipBomb(unpacked, declared int64) []byte {
	const mib = 1 << 20
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsMain + `"><sheetData>`
	// Rows spaced by blanks, which pack best: about 1000 to 1.
	row := `<row><c t="inlineStr"><is><t>x</t></is></c></row>`
	chunk := []byte(strings.Repeat(row+strings.Repeat(" ", 64<<10-len(row)), mib/(64<<10)))
	block := func(data []byte) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(data)
		fw.Flush() // a block boundary: the next block may follow as is
		return b.Bytes()
	}
	var stream bytes.Buffer
	stream.Write(block([]byte(head)))
	size := int64(len(head))
	crc := crc32.ChecksumIEEE([]byte(head))
	packed := block(chunk)
	for size+int64(len(chunk)) <= unpacked {
		stream.Write(packed)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
		size += int64(len(chunk))
	}
	var end bytes.Buffer
	fw, _ := flate.NewWriter(&end, flate.BestCompression)
	fw.Close() // an empty final block
	stream.Write(end.Bytes())
	if declared == 0 {
		declared = size
	}
	parts := WorkbookParts("", "", "")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts[:4] {
		w, _ := zw.Create(p.Name)
		w.Write(p.Data)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(stream.Len()), UncompressedSize64: uint64(declared)})
	if err != nil {
		panic(err)
	}
	w.Write(stream.Bytes())
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
