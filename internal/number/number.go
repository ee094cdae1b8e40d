// Package number reads numbers as people in Vietnam write them: dots (or
// spaces) between the groups of thousands and a comma before the decimals
// (1.234.567, 1 234 567, 20,74), as well as the plain machine form of the
// contracts (1234567, 18.53, 1e3). It is the one parser behind the
// data-entry form, the API's values given as text, the cells of uploaded
// files, the fund's amounts (fund.ParseAmount) and the self-assessment's
// points; what it refuses it explains in those terms.
package number

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// maxLen bounds the text read: no figure needs more characters, and a
// longer text is refused before any work.
const maxLen = 64

// Parse reads s (surrounding spaces ignored). whole says whether the
// number must be a whole number, which settles the one ambiguous
// writing: a single dot before exactly three digits (1.234) is a group of
// thousands for a whole number, as in Vietnamese, and refused as unclear
// otherwise. A single dot before any other number of digits (18.53,
// 30.000000000000004) is the decimal point of the machine form. English
// grouping (1,234,567 or 1,234.5) is refused with the Vietnamese writing
// shown. The sign is read (a leading - or +): whether a negative number
// is acceptable is the caller's to say. Errors are apperr.Invalid with a
// Vietnamese message quoting s.
func Parse(s string, whole bool) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, apperr.New(apperr.Invalid, vi.ErrEmptyCell)
	}
	if len(s) > maxLen {
		return 0, apperr.New(apperr.Invalid, vi.ErrNumberTooLong, maxLen)
	}
	body, neg := s, false
	if body[0] == '-' || body[0] == '+' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if strings.ContainsAny(body, "eE") {
		return exponent(s, body, neg)
	}
	body = normalizeSpaces(body)
	for i := 0; i < len(body); i++ {
		if c := body[i]; (c < '0' || c > '9') && c != '.' && c != ',' && c != ' ' {
			return 0, apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
		}
	}
	intPart, frac, err := split(s, body, whole)
	if err != nil {
		return 0, err
	}
	text := intPart
	if frac != "" {
		text += "." + frac
	}
	v, perr := strconv.ParseFloat(text, 64)
	if perr != nil {
		// Only a value out of range gets here: the text is digits.
		return 0, apperr.New(apperr.Invalid, vi.ErrTooLarge, s)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// split cuts body into the digits before and after the decimal mark,
// checking the groups of thousands.
func split(s, body string, whole bool) (intPart, frac string, err error) {
	dots, commas, spaces := strings.Count(body, "."), strings.Count(body, ","), strings.Count(body, " ")
	switch {
	case commas > 1:
		return "", "", english(s, body)
	case commas == 1:
		intPart, frac, _ = strings.Cut(body, ",")
		if strings.Contains(frac, ".") {
			return "", "", english(s, body)
		}
		if frac == "" || !digits(frac) {
			return "", "", apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
		}
		intPart, err = groups(s, intPart)
		return intPart, frac, err
	case dots == 1 && spaces == 0:
		a, b, _ := strings.Cut(body, ".")
		if a == "" || b == "" || !digits(a) || !digits(b) {
			return "", "", apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
		}
		if len(b) == 3 && len(a) <= 3 && a[0] != '0' {
			// 1.234: thousands in Vietnamese, one and a bit in the
			// machine form.
			if !whole {
				return "", "", apperr.New(apperr.Invalid, vi.ErrNumberAmbiguous, s, a+b, a+","+b)
			}
			return a + b, "", nil
		}
		return a, b, nil
	}
	intPart, err = groups(s, body)
	return intPart, "", err
}

// groups checks the whole part of a number: plain digits, or groups of
// three after the first (of one to three, not starting with 0), all
// separated by dots or all by spaces.
func groups(s, t string) (string, error) {
	if t == "" {
		return "", apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
	}
	if digits(t) {
		return t, nil
	}
	sep := "."
	if strings.Contains(t, " ") {
		if strings.Contains(t, ".") {
			return "", apperr.New(apperr.Invalid, vi.ErrNumberGroups, s)
		}
		sep = " "
	}
	parts := strings.Split(t, sep)
	for i, p := range parts {
		if !digits(p) || (i == 0 && (len(p) > 3 || p[0] == '0')) || (i > 0 && len(p) != 3) {
			return "", apperr.New(apperr.Invalid, vi.ErrNumberGroups, s)
		}
	}
	return strings.Join(parts, ""), nil
}

// english explains a number written the English way, giving it in the
// Vietnamese writing when it reads as one.
func english(s, body string) error {
	intPart, frac, _ := strings.Cut(body, ".")
	parts := strings.Split(intPart, ",")
	ok := frac == "" || digits(frac)
	for i, p := range parts {
		if !digits(p) || (i == 0 && (len(p) > 3 || p[0] == '0')) || (i > 0 && len(p) != 3) {
			ok = false
		}
	}
	if !ok || strings.Count(body, ".") > 1 {
		return apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
	}
	vn := strings.Join(parts, ".")
	if frac != "" {
		vn += "," + frac
	}
	if s[0] == '-' {
		vn = "-" + vn
	}
	return apperr.New(apperr.Invalid, vi.ErrNumberEnglish, s, vn)
}

// exponent reads the machine form with an exponent (1e3, 1.5E+6), which
// takes no grouping and a dot for the decimals.
func exponent(s, body string, neg bool) (float64, error) {
	mant, exp, _ := strings.Cut(strings.ToLower(body), "e")
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		exp = exp[1:]
	}
	a, b, _ := strings.Cut(mant, ".")
	if a == "" || !digits(a) || (b != "" && !digits(b)) || exp == "" || !digits(exp) {
		return 0, apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil {
		if !errors.Is(err, strconv.ErrRange) {
			return 0, apperr.New(apperr.Invalid, vi.ErrNotNumber, s)
		}
		if math.IsInf(v, 0) {
			return 0, apperr.New(apperr.Invalid, vi.ErrTooLarge, s)
		}
		v = 0 // an underflow is zero, and harmless
	}
	if neg {
		v = -v
	}
	return v, nil
}

// normalizeSpaces turns the spaces people and spreadsheets put between
// groups (no-break, narrow no-break, thin) into plain spaces.
func normalizeSpaces(s string) string {
	if !strings.ContainsAny(s, "\u00a0\u202f\u2009") {
		return s
	}
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(s)
}

// digits tells whether t is one or more ASCII digits.
func digits(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// Format writes v as Parse reads it back and as people write it: dots
// between the groups of thousands, a comma before the decimals, every
// decimal kept (1.234.567, 20,74). A form shows a stored value so. For
// a value that need not be whole, a whole number with one group of
// thousands is written without the dot (1234), which Parse would find
// unclear there.
func Format(v float64, whole bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	out := vi.Grouped(intPart)
	if neg {
		out = "-" + out
	}
	if frac != "" {
		return out + "," + frac
	}
	if !whole && strings.Count(out, ".") == 1 {
		return strings.Replace(out, ".", "", 1)
	}
	return out
}
