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
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
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
// digits adds nothing and reports false.
func syllableKey(b *strings.Builder, word string) bool {
	var letters []rune
	tone := byte(0)
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
	if len(letters) == 0 {
		return false
	}
	for _, r := range letters {
		if c, ok := letterCode[r]; ok {
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

// SortKey is the key that orders full names family name first, as written
// ("Nguyễn Văn An" sorts under Nguyễn): ORDER BY sort_key.
func SortKey(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		syllableKey(&b, w)
	}
	return b.String()
}

// GivenNameFirstKey is the key that orders full names the way Vietnamese
// lists are read: by the given name (the last word), then the middle names
// in their order, then the family name (the first word): "Trần Thị Bình"
// comes after "Nguyễn Văn An" and before "Lê Văn Bình". A name without
// middle names comes before the same given name with any; a one-word name is
// its own given name.
func GivenNameFirstKey(name string) string {
	var words []string
	for _, w := range strings.Fields(name) {
		var probe strings.Builder
		if syllableKey(&probe, w) {
			words = append(words, w)
		}
	}
	var b strings.Builder
	n := len(words)
	if n == 0 {
		return ""
	}
	syllableKey(&b, words[n-1])
	if n == 1 {
		return b.String()
	}
	for _, w := range words[1 : n-1] {
		syllableKey(&b, w)
	}
	// "00" is below every letter code, so the end of the middle names sorts
	// before any further middle name.
	b.WriteString("00")
	syllableKey(&b, words[0])
	return b.String()
}
