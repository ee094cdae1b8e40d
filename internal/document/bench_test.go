package document

import (
	"fmt"
	"io"
	"testing"
)

// nation is a document the size of the nation's report: about forty
// paragraphs in sections, and appendix tables of the 34 provinces with
// about thirty indicators, split as the report splits them (a landscape
// table of 14 figures, two of 8).
func nation() Document {
	d := sample()
	d.Header.Superior = ""
	d.Header.Issuer = "HỘI KHUYẾN HỌC VIỆT NAM"
	var sections []Section
	for i := range 8 {
		s := Section{Number: fmt.Sprint(i + 1), Title: fmt.Sprintf("Nội dung công tác thứ %d", i+1)}
		for range 5 {
			s.Blocks = append(s.Blocks, sample().Sections[0].Sections[0].Blocks[0])
		}
		sections = append(sections, s)
	}
	d.Sections = []Section{{Number: "PHẦN I", Title: "KẾT QUẢ", Sections: sections}}
	d.Appendices = []Appendix{
		{Title: "Phụ lục 1. Tổ chức và hội viên", Table: figureTable(34, 8)},
		{Title: "Phụ lục 2. Các mô hình học tập", Table: figureTable(34, 14), Landscape: true},
		{Title: "Phụ lục 3. Quỹ khuyến học", Table: figureTable(34, 8)},
	}
	return d
}

func BenchmarkWriteNationDocument(b *testing.B) {
	d := nation()
	for _, w := range []struct {
		name  string
		write func(io.Writer, Document) error
	}{{"PDF", WritePDF}, {"DOCX", WriteDOCX}, {"XLSX", WriteXLSX}, {"Text", WriteText}} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if err := w.write(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
