package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// WriteDOCX writes the Vietnamese narrative (the same content as WriteText)
// as a Word document, the form in which associations send their reports
// upwards. It is a minimal WordprocessingML package written with the
// standard library: A4 paper, Times New Roman 13 pt, the title and the
// section headings in bold.
func WriteDOCX(w io.Writer, r *Report) error {
	var text bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		return err
	}
	var body strings.Builder
	sc := bufio.NewScanner(&text)
	sc.Buffer(make([]byte, 1024*1024), 1024*1024)
	first := true
	for sc.Scan() {
		line := sc.Text()
		bold := first || isHeading(line)
		center := first
		first = false
		body.WriteString(docxParagraph(line, bold, center))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	files := []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/document.xml", docxDocumentHead + body.String() + docxDocumentTail},
	}
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.content); err != nil {
			return err
		}
	}
	return zw.Close()
}

// isHeading tells the section headings of the narrative ("I. TỔ CHỨC").
func isHeading(line string) bool {
	head, _, ok := strings.Cut(line, ". ")
	if !ok || head == "" {
		return false
	}
	return strings.Trim(head, "IVX") == "" && strings.ToUpper(line) == line
}

func docxParagraph(text string, bold, center bool) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr><w:spacing w:after=\"120\"/>")
	if center {
		b.WriteString("<w:jc w:val=\"center\"/>")
	} else {
		b.WriteString("<w:jc w:val=\"both\"/>")
	}
	b.WriteString("</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>")
	if bold {
		b.WriteString("<w:b/>")
	}
	b.WriteString("<w:sz w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">")
	xml.EscapeText(&b, []byte(text))
	b.WriteString("</w:t></w:r></w:p>")
	return b.String()
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docxDocumentHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`

// A4 (11906 × 16838 twentieths of a point) with 2 cm / 3 cm margins.
const docxDocumentTail = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`
