package units

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a name to the form used for searching: lower case, without
// diacritics (đ becomes d), with runs of white space collapsed to one space
// and trimmed. "Đắk  Lắk" and "dak lak" fold to the same text, so a person
// may type a name the way a phone keyboard without Vietnamese input gives it.
// The member registry folds member names with it too, so one search form
// serves both. Text made of ASCII and precomposed Latin letters (nearly every
// name) is folded rune by rune from a table; anything else goes through
// NFD, with the same result (TestFoldFastPathMatchesNFD).
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		f, ok := foldTable[r]
		if !ok {
			return foldNFD(s)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(f)
	}
	return b.String()
}

// foldNFD is Fold for any text: decomposed, so that every mark is a rune
// of its own and can be dropped.
func foldNFD(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldTable maps each printable ASCII character and each precomposed Latin
// letter that decomposes into one base character and marks to what foldNFD
// makes of it. Runes left out (marks on their own, spaces, other scripts)
// send the whole text to foldNFD.
var foldTable = func() map[rune]rune {
	m := make(map[rune]rune, 700)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) {
				continue
			}
			d := []rune(norm.NFD.String(string(r)))
			if unicode.Is(unicode.Mn, d[0]) || unicode.IsSpace(d[0]) {
				continue
			}
			plain := true
			for _, x := range d[1:] {
				plain = plain && unicode.Is(unicode.Mn, x)
			}
			if f := []rune(foldNFD(string(r))); plain && len(f) == 1 {
				m[r] = f[0]
			}
		}
	}
	add(0x21, 0x7E)
	add(0xC0, 0x24F)
	add(0x1E00, 0x1EFF)
	return m
}()
