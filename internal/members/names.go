package members

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// CleanName tidies a full name for storage: Unicode NFC (a name typed on a
// Mac arrives decomposed and would otherwise differ byte for byte from the
// same name typed elsewhere), runs of white space collapsed to one space,
// and trimmed. Letters and their case are kept as written.
func CleanName(s string) string {
	s = norm.NFC.String(s) // s itself when it is NFC already
	if tidy(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// tidy reports whether s has no white space but single spaces between
// words, as most names come: CleanName then has nothing to collapse.
func tidy(s string) bool {
	space := true // at the start, a space is not allowed
	for _, r := range s {
		if r == ' ' {
			if space {
				return false
			}
			space = true
			continue
		}
		if r < 0x80 && r > ' ' || r >= 0x80 && !unicode.IsSpace(r) {
			space = false
			continue
		}
		return false
	}
	return !space || s == ""
}

// Fold reduces a name to its search form: lower case, no diacritics, đ as d,
// single spaces ("Nguyễn  Văn An" → "nguyen van an"). It is units.Fold, the
// one used for unit names, so a search typed without a Vietnamese keyboard
// matches units and members alike. Fold is idempotent.
func Fold(s string) string { return units.Fold(s) }

// The sort keys below order names the way Vietnamese dictionaries and name
// lists do, and are plain ASCII digits so that a stored key sorts the same
// by bytes (SQLite), under PostgreSQL's "C" collation, and under any locale
// collation too (digits alone leave a collation nothing to reinterpret);
// ORDER BY on a key column is then the Vietnamese order on both databases.
//
// Order, syllable by syllable (a name is compared word by word, as
// dictionaries do, so "Lê Bình" comes before "Lệ Anh": all the Lê before
// the Lệ):
//
//   - letters first, in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p
//     q r s t u ư v x y, with f j w z (in foreign and ethnic-minority names)
//     at their Latin places, digits before letters; digraphs (ch, ng, nh…)
//     are letter sequences, not letters of their own, as in current
//     dictionaries; case is ignored;
//   - then the tone: ngang (none), huyền, hỏi, ngã, sắc, nặng. This is the
//     order of Vietnamese dictionaries (Từ điển tiếng Việt, Hoàng Phê ed.,
//     Vietnam Institute of Linguistics) and of the Unicode CLDR tailoring
//     for Vietnamese (collation/vi.xml: grave < hook above < tilde < acute
//     < dot below), which golang.org/x/text/collate implements; the tests
//     compare the two orders.
//
// The own key is used rather than collate.Key because the latter compares
// the whole string's base letters before any tone (so it puts "Lệ Anh"
// between "Lê An" and "Lê Bình"), its bytes contain NUL (not allowed in a
// PostgreSQL text column) and its weights may change with an x/text update,
// which would silently mix old and new stored keys. This key's encoding is
// fixed here: each letter two digits ("01"–"10" digits 0–9, "11" a … "43"
// z), any other letter "9" and its code point in seven digits, a syllable
// closed by "00" and its tone digit (0 ngang … 5 nặng). Punctuation inside a
// word (H'Hen, Ê-đê) is skipped. Names equal but for case, NFC/NFD or the
// place of the tone mark (hoà, hòa) get equal keys; callers break ties (by
// id, say) for a stable list.

// alphabet lists the letters in key order; a letter's code is its index
// plus 11 (digits take 01–10).
var alphabet = []rune("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")

// letterCode maps a lower-case letter (with its vowel marks) to its key code.
var letterCode = func() map[rune]string {
	m := make(map[rune]string, len(alphabet)+10)
	for i := 0; i <= 9; i++ {
		m[rune('0'+i)] = twoDigits(i + 1)
	}
	for i, r := range alphabet {
		m[r] = twoDigits(i + 11)
	}
	return m
}()

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// toneOf maps the combining tone marks to their rank after ngang (0).
var toneOf = map[rune]byte{
	'\u0300': 1, // huyền (grave)
	'\u0309': 2, // hỏi (hook above)
	'\u0303': 3, // ngã (tilde)
	'\u0301': 4, // sắc (acute)
	'\u0323': 5, // nặng (dot below)
}

// withMark gives the Vietnamese letter a base letter becomes with a vowel
// mark (breve, circumflex, horn), or the base letter when the pair is not
// a Vietnamese letter.
func withMark(base, mark rune) rune {
	switch {
	case mark == '\u0306' && base == 'a':
		return 'ă'
	case mark == '\u0302' && base == 'a':
		return 'â'
	case mark == '\u0302' && base == 'e':
		return 'ê'
	case mark == '\u0302' && base == 'o':
		return 'ô'
	case mark == '\u031B' && base == 'o':
		return 'ơ'
	case mark == '\u031B' && base == 'u':
		return 'ư'
	}
	return base
}

// syllableKey appends the key of one word to b; a word without letters or
// digits adds nothing and reports false. Words whose letters are all in
// precomposed (the common case, NFC text) take the fast path; others go
// through NFD, which gives the same key (TestFastSyllableKeyMatchesNFD).
func syllableKey(b *strings.Builder, word string) bool {
	var buf [32]rune
	letters := buf[:0]
	tone := byte(0)
	for _, r := range word {
		l, ok := precomposedOf(r)
		if !ok {
			return slowSyllableKey(b, word)
		}
		if l.letter != 0 {
			letters = append(letters, l.letter)
		}
		if tone == 0 {
			tone = l.tone
		}
	}
	return writeSyllable(b, letters, tone)
}

// slowSyllableKey is syllableKey for any text.
func slowSyllableKey(b *strings.Builder, word string) bool {
	letters, tone := decompose(word)
	return writeSyllable(b, letters, tone)
}

// decompose reads a word's letters (with their vowel marks) and its tone
// from the decomposed (NFD) text, where every tone and vowel mark is a rune
// of its own; the first tone mark counts.
func decompose(word string) (letters []rune, tone byte) {
	for _, r := range norm.NFD.String(strings.ToLower(word)) {
		if t, ok := toneOf[r]; ok {
			if tone == 0 {
				tone = t
			}
			continue
		}
		if r == '\u0306' || r == '\u0302' || r == '\u031B' {
			if n := len(letters); n > 0 {
				letters[n-1] = withMark(letters[n-1], r)
			}
			continue
		}
		if letterCode[r] != "" || unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	return letters, tone
}

// writeSyllable writes the letters' codes, the closing "00" and the tone.
func writeSyllable(b *strings.Builder, letters []rune, tone byte) bool {
	if len(letters) == 0 {
		return false
	}
	for _, r := range letters {
		if c := codeOf(r); c != "" {
			b.WriteString(c)
			continue
		}
		c := strconv.Itoa(int(r))
		b.WriteByte('9')
		b.WriteString(strings.Repeat("0", 7-len(c)))
		b.WriteString(c)
	}
	b.WriteString("00")
	b.WriteByte('0' + tone)
	return true
}

// keyed is what one rune adds to a syllable: a letter (0 for none, as for
// punctuation) and a tone (0 for none).
type keyed struct {
	letter rune
	tone   byte
}

// precomposed holds, for ASCII and the precomposed Latin letters, what
// slowSyllableKey makes of the rune alone, so that the common word needs no
// NFD pass. Runes whose decomposition is more than one letter are left out
// and take the slow path.
var precomposed = func() map[rune]keyed {
	m := make(map[rune]keyed, 600)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			letters, tone := decompose(string(r))
			switch {
			case len(letters) > 1 || unicode.Is(unicode.Mn, r):
				// Left to the slow path (ligatures; lone marks, which
				// modify the letter before them).
			case len(letters) == 1:
				m[r] = keyed{letter: letters[0], tone: tone}
			default:
				m[r] = keyed{tone: tone}
			}
		}
	}
	add(0x20, 0x7E)
	add(0xC0, 0x24F)
	add(0x1E00, 0x1EFF)
	return m
}()

// The tables of precomposed and letterCode by rune, for the two blocks
// that hold them (Latin up to U+024F, Latin Extended Additional): an index
// instead of a map lookup for each letter of every name keyed.
var (
	precomposedLow, precomposedHigh = func() (lo [0x250]keyedOK, hi [0x100]keyedOK) {
		for r, k := range precomposed {
			switch {
			case r < 0x250:
				lo[r] = keyedOK{k, true}
			case r >= 0x1E00 && r < 0x1F00:
				hi[r-0x1E00] = keyedOK{k, true}
			}
		}
		return lo, hi
	}()
	codeLow = func() (t [0x250]string) {
		for r, c := range letterCode {
			if r < 0x250 {
				t[r] = c
			}
		}
		return t
	}()
)

type keyedOK struct {
	keyed
	ok bool
}

// precomposedOf is precomposed[r].
func precomposedOf(r rune) (keyed, bool) {
	switch {
	case r >= 0 && r < 0x250:
		k := precomposedLow[r]
		return k.keyed, k.ok
	case r >= 0x1E00 && r < 0x1F00:
		k := precomposedHigh[r-0x1E00]
		return k.keyed, k.ok
	}
	k, ok := precomposed[r]
	return k, ok
}

// codeOf is letterCode[r].
func codeOf(r rune) string {
	if r >= 0 && r < 0x250 {
		return codeLow[r]
	}
	return letterCode[r]
}

// SortKey is the key that orders full names family name first, as written
// ("Nguyễn Văn An" sorts under Nguyễn): ORDER BY sort_key.
func SortKey(name string) string {
	k, _ := NameKeys(name)
	return k
}

// GivenNameFirstKey is the key that orders full names the way Vietnamese
// lists are read: by the given name (the last word), then the middle names
// in their order, then the family name (the first word): "Trần Thị Bình"
// comes after "Nguyễn Văn An" and before "Lê Văn Bình". A name without
// middle names comes before the same given name with any; a one-word name is
// its own given name.
func GivenNameFirstKey(name string) string {
	_, k := NameKeys(name)
	return k
}

// NameKeys is SortKey and GivenNameFirstKey of a name, its syllables
// keyed once for both.
func NameKeys(name string) (sortKey, givenFirst string) {
	var b strings.Builder
	b.Grow(4 * len(name))
	// ends[i] is where the i-th keyed word ends in b; a word without
	// letters or digits adds nothing to either key.
	var buf [8]int
	ends := buf[:0]
	start := -1
	word := func(w string) {
		if syllableKey(&b, w) {
			ends = append(ends, b.Len())
		}
	}
	for i, r := range name {
		if unicode.IsSpace(r) {
			if start >= 0 {
				word(name[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		word(name[start:])
	}
	sortKey = b.String()
	n := len(ends)
	switch n {
	case 0:
		return sortKey, ""
	case 1:
		return sortKey, sortKey
	}
	first, last := sortKey[:ends[0]], sortKey[ends[n-2]:]
	var g strings.Builder
	g.Grow(len(sortKey) + 2)
	g.WriteString(last)
	g.WriteString(sortKey[ends[0]:ends[n-2]]) // the middle names
	// "00" is below every letter code, so the end of the middle names sorts
	// before any further middle name.
	g.WriteString("00")
	g.WriteString(first)
	return sortKey, g.String()
}
