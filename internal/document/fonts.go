package document

import (
	"embed"
	"sync"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
)

// The PDF's typeface: Liberation Serif 2 (SIL Open Font License 1.1, the
// licence in fonts/LICENSE), metric-compatible with Times New Roman, the
// face of Vietnamese administrative documents, with every Vietnamese letter.
// It is shipped inside the binary so that a PDF looks the same on every
// machine; only the glyphs a document uses are embedded in it.
//
//go:embed fonts/LiberationSerif-Regular.ttf fonts/LiberationSerif-Bold.ttf fonts/LiberationSerif-Italic.ttf fonts/LiberationSerif-BoldItalic.ttf
var fontFiles embed.FS

// fontFamily is the family name the fonts are registered under in a PDF.
const fontFamily = "LiberationSerif"

// faces maps fpdf's style letters to the font files.
var faces = []struct{ style, file string }{
	{"", "fonts/LiberationSerif-Regular.ttf"},
	{"B", "fonts/LiberationSerif-Bold.ttf"},
	{"I", "fonts/LiberationSerif-Italic.ttf"},
	{"BI", "fonts/LiberationSerif-BoldItalic.ttf"},
}

// addFace registers one face (fpdf's style letters) with a PDF. A PDF
// registers only the faces it uses: each one registered is parsed and
// written into the file.
func addFace(pdf *fpdf.Fpdf, style string) {
	for _, f := range faces {
		if f.style != style {
			continue
		}
		b, err := fontFiles.ReadFile(f.file)
		if err != nil {
			pdf.SetError(err)
			return
		}
		pdf.AddUTF8FontFromBytes(fontFamily, f.style, b)
	}
}

// style is fpdf's style string for a run's bold and italic.
func style(bold, italic bool) string {
	switch {
	case bold && italic:
		return "BI"
	case bold:
		return "B"
	case italic:
		return "I"
	}
	return ""
}

// measurer measures text in the PDF's fonts, which have the metrics of
// Times New Roman, so that the DOCX writer can size the rules under the
// header's lines to their words. fpdf is not safe for concurrent use, hence
// the lock.
var measurer struct {
	sync.Mutex
	once sync.Once
	pdf  *fpdf.Fpdf
}

// points is the width of s in points, set in size-point Liberation Serif
// (Times New Roman) of the given weight and slant.
func points(s string, bold, italic bool, size float64) float64 {
	measurer.Lock()
	defer measurer.Unlock()
	measurer.once.Do(func() {
		measurer.pdf = fpdf.New("P", "pt", "A4", "")
		for _, f := range faces {
			addFace(measurer.pdf, f.style)
		}
	})
	measurer.pdf.SetFont(fontFamily, style(bold, italic), size)
	return measurer.pdf.GetStringWidth(norm.NFC.String(s))
}
