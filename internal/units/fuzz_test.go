package units

import (
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

// FuzzParseRef checks the scope syntax (province:66, nation, cluster:6): a
// reference read is written back in a form that reads as itself, a nation
// has no code and every other level has one; anything else is refused as
// a user error.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"province:66", "nation", "cluster:6", "commune:00004", "district:001", " Province : 66 ", "nation:1", "province:", "province", "tỉnh:66", ":66", "province:6:6", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || err.Error() == "" {
				t.Fatalf("%q: error %v", s, err)
			}
			return
		}
		if (r.Level == Nation) != (r.Code == "") {
			t.Fatalf("%q read as level %q code %q", s, r.Level, r.Code)
		}
		if q, err := ParseRef(r.String()); err != nil || q != r {
			t.Fatalf("%q: %s reads back as %+v, %v", s, r, q, err)
		}
	})
}
