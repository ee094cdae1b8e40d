package units

import (
	"testing"
	"unicode/utf8"
)

// TestFoldFastPathMatchesNFD checks the table against the NFD path for
// every rune of the table's ranges, alone and inside a word.
func TestFoldFastPathMatchesNFD(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), " Ng" + string(r) + "n  X ", string(r) + "\u0301"} {
			if got, want := Fold(s), foldNFD(s); got != want {
				t.Errorf("Fold(%q) = %q; NFD path gives %q", s, got, want)
			}
		}
	}
	if len(foldTable) < 400 {
		t.Errorf("table has %d runes; the Vietnamese letters are missing", len(foldTable))
	}
}

// FuzzFoldFastPath checks that the table path and the NFD path agree on
// any text.
func FuzzFoldFastPath(f *testing.F) {
	for _, s := range []string{"Đắk  Lắk", "Nguyễn Văn An", "Đa\u0306\u0301k", "ﬁ", " \u00a0x ", "Ω"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldNFD(s); got != want {
			t.Fatalf("Fold(%q) = %q; NFD path gives %q", s, got, want)
		}
	})
}
