package period

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

// FuzzParse checks that a period read is written back as it was given
// (in canonical letter case), reads back as itself and spans a positive
// stretch of time; anything else is refused as a user error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024", "2024H1", "2024h2", "2024Q3", "2024-07", " 2025H2 ", "2024-13", "2024Q5", "2024-+1", "+2024", "1899", "2201H1", "２０２４", "2024-7", "2024H", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || err.Error() == "" {
				t.Fatalf("%q: error %v", s, err)
			}
			return
		}
		if got := p.String(); got != strings.ToUpper(strings.TrimSpace(s)) {
			t.Fatalf("%q read as %s", s, got)
		}
		if q, err := Parse(p.String()); err != nil || q != p {
			t.Fatalf("%q: %s reads back as %v, %v", s, p, q, err)
		}
		if !p.Start().Before(p.End()) && !p.Start().Equal(p.End()) {
			t.Fatalf("%s starts %v after it ends %v", p, p.Start(), p.End())
		}
	})
}
