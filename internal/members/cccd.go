package members

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// CCCD is a checked citizen identity number (căn cước công dân, 12 digits)
// and what its first six digits say: digits 1–3 the province where the
// birth was registered, digit 4 the century of birth and the sex (0/1 20th
// century male/female, 2/3 21st, 4/5 22nd, 6/7 23rd, 8/9 19th), digits 5–6
// the last two digits of the birth year (Circular 07/2016/TT-BCA).
// The remaining six digits are a serial number with nothing to check.
type CCCD struct {
	Number    string // the 12 digits
	Province  string // the first three digits, a key of ProvinceOfBirth
	Female    bool   // the fourth digit is odd
	BirthYear int    // the full year, century from the fourth digit
}

// centuryBase maps the fourth digit, halved, to the first year of the
// century it encodes: 0–1 → 1900, 2–3 → 2000, 4–5 → 2100, 6–7 → 2200,
// 8–9 → 1800.
var centuryBase = [5]int{1900, 2000, 2100, 2200, 1800}

// ParseCCCD checks a CCCD on its own: exactly 12 digits (spaces between
// groups are dropped, as people copy "066 185 012 345" from the card), a
// known province code, and returns what it encodes. Blank gives the zero
// value, the field being optional. Eleven digits get their own message: a
// spreadsheet holding the column as numbers drops the leading zero, and
// padding it silently could turn a typing error into a wrong number.
func ParseCCCD(s string) (CCCD, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return CCCD{}, nil
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return CCCD{}, apperr.New(apperr.Invalid, vi.ErrCCCDNotDigits, r)
		}
	}
	switch len(s) {
	case 12:
	case 11:
		return CCCD{}, apperr.New(apperr.Invalid, vi.ErrCCCDLeadingZeroLost)
	default:
		return CCCD{}, apperr.New(apperr.Invalid, vi.ErrCCCDLength, len(s))
	}
	if _, ok := provinceCodes[s[:3]]; !ok {
		return CCCD{}, apperr.New(apperr.Invalid, vi.ErrCCCDProvince, s[:3])
	}
	d := int(s[3] - '0')
	yy := int(s[4]-'0')*10 + int(s[5]-'0')
	return CCCD{
		Number:    s,
		Province:  s[:3],
		Female:    d%2 == 1,
		BirthYear: centuryBase[d/2] + yy,
	}, nil
}

// IsZero reports whether no CCCD was given.
func (c CCCD) IsZero() bool { return c.Number == "" }

// Gender is the gender the fourth digit encodes.
func (c CCCD) Gender() Gender {
	if c.Female {
		return Female
	}
	return Male
}

// prefix is the part of the number error messages quote: the six digits
// that carry meaning, then an ellipsis, so that a message (which may reach
// a log) never holds a whole identity number.
func (c CCCD) prefix() string { return c.Number[:6] + "…" }

// Check refuses a CCCD that contradicts the birth date or the gender given
// for the same person; either may be absent (zero) and is then not checked.
// A wrong century digit (the years agree but for the century), wrong year
// digits and a wrong sex digit are each named; all faults found are given
// in one message, so a row can be fixed at once. The zero CCCD passes.
func (c CCCD) Check(born BirthDate, g Gender) error {
	if c.IsZero() {
		return nil
	}
	var faults []string
	if !born.IsZero() && born.Year != c.BirthYear {
		given := fmt.Sprintf(vi.CCCDBornIn, born.Year)
		if !born.YearOnly() {
			given = fmt.Sprintf(vi.CCCDBornOn, born.String())
		}
		d := c.Number[3]
		if born.Year%100 == c.BirthYear%100 {
			century := c.BirthYear/100 + 1
			faults = append(faults, fmt.Sprintf(vi.ErrCCCDCentury, c.prefix(), rune(d), century, c.BirthYear, given))
		} else {
			faults = append(faults, fmt.Sprintf(vi.ErrCCCDYear, c.prefix(), c.BirthYear, given))
		}
	}
	if g != "" && g != c.Gender() {
		faults = append(faults, fmt.Sprintf(vi.ErrCCCDSex, c.prefix(), rune(c.Number[3]), c.Gender(), g))
	}
	if len(faults) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: strings.Join(faults, "; ")}
}

// MaskCCCD shows a CCCD to a role that may not see it: the province code
// and the last two digits, the seven between hidden ("066*******45"). The
// hidden digits include the century, sex and year of birth, the most
// personal part; the province code and the last two digits let an officer
// tell that a number is on file and tell two records apart. Anything that
// is not 12 digits is hidden whole (one star per character), so masking
// never reveals an unchecked value.
func MaskCCCD(number string) string {
	if len(number) == 12 {
		if _, err := ParseCCCD(number); err == nil {
			return number[:3] + "*******" + number[10:]
		}
	}
	return strings.Repeat("*", utf8.RuneCountInString(number))
}
