package members

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func FuzzCCCD(f *testing.F) {
	for _, s := range []string{"066087012345", "066 087 012 345", "06608701234", "003087012345", "", "０66087012345", "066887012345"} {
		f.Add(s, 1987, true)
	}
	f.Fuzz(func(t *testing.T, s string, year int, female bool) {
		c, err := ParseCCCD(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%q: %v is not Invalid", s, err)
			}
			return
		}
		if c.IsZero() {
			return
		}
		// A parsed number is 12 digits, parses to itself, and masks to 12 characters.
		again, err := ParseCCCD(c.Number)
		if err != nil || again != c || len(c.Number) != 12 {
			t.Fatalf("%q: %+v re-parses to %+v, %v", s, c, again, err)
		}
		if m := MaskCCCD(c.Number); len(m) != 12 || m[:3] != c.Province || strings.Count(m, "*") != 7 {
			t.Fatalf("mask %q", m)
		}
		if c.BirthYear < 1800 || c.BirthYear > 2299 {
			t.Fatalf("year %d", c.BirthYear)
		}
		g := Male
		if female {
			g = Female
		}
		// Consistent with what it encodes; any error is Invalid.
		if err := c.Check(BirthDate{Year: c.BirthYear}, c.Gender()); err != nil {
			t.Fatalf("%+v inconsistent with itself: %v", c, err)
		}
		if err := c.Check(BirthDate{Year: year}, g); err != nil && apperr.CodeOf(err) != apperr.Invalid {
			t.Fatal(err)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 912 345 678", "(024) 3825 3456", "01662345678", "84", "+", "+84 0912.345-678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizePhone(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%q: %v is not Invalid", s, err)
			}
			return
		}
		if n == "" {
			return
		}
		again, err := NormalizePhone(n)
		if err != nil || again != n {
			t.Fatalf("%q → %q → %q, %v", s, n, again, err)
		}
		if n[0] != '0' || (len(n) != 10 && len(n) != 11) {
			t.Fatalf("%q → %q", s, n)
		}
		if m := MaskPhone(n); len(m) != len(n) || m[:4] != n[:4] || m[len(m)-3:] != n[len(n)-3:] {
			t.Fatalf("mask %q of %q", m, n)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "  Đặng\tThị  ", "ĐỖ", "H'Hen Niê", "İ", "\u0301a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		folded := Fold(s)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, folded, again)
		}
		if strings.Contains(folded, "  ") || strings.TrimSpace(folded) != folded {
			t.Fatalf("spaces left in %q", folded)
		}
		// Keys are digits only, and a tidied name has the same keys.
		for _, k := range []string{SortKey(s), GivenNameFirstKey(s)} {
			for i := 0; i < len(k); i++ {
				if k[i] < '0' || k[i] > '9' {
					t.Fatalf("key %q of %q", k, s)
				}
			}
		}
		for _, w := range strings.Fields(s) {
			var fast, slow strings.Builder
			if syllableKey(&fast, w) != slowSyllableKey(&slow, w) || fast.String() != slow.String() {
				t.Fatalf("%q: fast key %q, slow %q", w, fast.String(), slow.String())
			}
		}
		if SortKey(CleanName(s)) != SortKey(s) {
			t.Fatalf("CleanName changes the key of %q", s)
		}
	})
}

// FuzzNameKeys checks the one-pass name functions against their plain
// definitions: CleanName is NFC with white space collapsed, and NameKeys
// keys each word and orders the keys as the two keys say.
func FuzzNameKeys(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "  Trần\tThị  Bình ", "Lê", "", "H'Hen Niê", "Nguyê\u0303n Văn  An", "A\u00a0B", "- ? Võ", "Đỗ\u3000Hà"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CleanName(s), strings.Join(strings.Fields(norm.NFC.String(s)), " "); got != want {
			t.Fatalf("CleanName(%q) = %q, want %q", s, got, want)
		}
		var keys []string
		for _, w := range strings.Fields(s) {
			var k strings.Builder
			if syllableKey(&k, w) {
				keys = append(keys, k.String())
			}
		}
		wantSort, wantGiven := strings.Join(keys, ""), ""
		switch n := len(keys); n {
		case 0:
		case 1:
			wantGiven = keys[0]
		default:
			wantGiven = keys[n-1] + strings.Join(keys[1:n-1], "") + "00" + keys[0]
		}
		if sk, gk := NameKeys(s); sk != wantSort || gk != wantGiven {
			t.Fatalf("NameKeys(%q) = %q, %q, want %q, %q", s, sk, gk, wantSort, wantGiven)
		}
	})
}
