package aggregate

import (
	"math"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// FuzzParseValue checks the number parser of value cells (number.Parse
// under the indicator's rules): a value read is finite, from 0 to
// MaxValue, and whole for an indicator that counts, and a whole value
// written the Vietnamese way (1.234.567) reads back as itself; a value
// refused is refused as a user error with a message.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"123456", "0", "1.5", "30.000000000000004", "1e3", "1E+15", "1e16", "-1", "-0", "12,5", "1.234.567", "NaN", "Inf", "0x10", "1_000", " 7", "", "4.9e-324", "1e-400", "9007199254740993", "1 234 567", "20,74", "1.234,5", "1,234.5", "1.234", "1.23.4", "\u00a0", "-"} {
		f.Add(s)
	}
	count, err := indicator.Default.Lookup("members.total")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, whole := range []bool{true, false} {
			v, err := parseValue(s, count, whole)
			if err != nil {
				if apperr.CodeOf(err) != apperr.Invalid || err.Error() == "" {
					t.Fatalf("%q: error %v", s, err)
				}
				continue
			}
			if math.IsNaN(v) || v < 0 || v > MaxValue || math.Signbit(v) {
				t.Fatalf("%q read as %v", s, v)
			}
			if whole && v != math.Trunc(v) {
				t.Fatalf("%q read as %v for a count", s, v)
			}
			if whole {
				typed := vi.Number(v, 0)
				if back, err := parseValue(typed, count, true); err != nil || back != v {
					t.Fatalf("%q read as %v, written %q, read back as %v, %v", s, v, typed, back, err)
				}
			}
		}
	})
}
