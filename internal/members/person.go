package members

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Gender is a member's gender as the contracts write it: "Nam" or "Nữ", or
// empty when not given.
type Gender string

// The genders of the contracts (column Giới tính).
const (
	Male   Gender = "Nam"
	Female Gender = "Nữ"
)

// ParseGender reads a gender column. Besides the contract's "Nam" and "Nữ"
// it accepts any case and the forms without diacritics ("nam", "NU", "nu"),
// since lists typed without a Vietnamese keyboard are common; blank gives "".
func ParseGender(s string) (Gender, error) {
	switch units.Fold(s) {
	case "":
		return "", nil
	case "nam":
		return Male, nil
	case "nu":
		return Female, nil
	}
	return "", apperr.New(apperr.Invalid, vi.ErrGender, strings.TrimSpace(s))
}

// MinBirthYear is the earliest birth year accepted: nobody born before it
// is alive to join, so such a year is a typing error.
const MinBirthYear = 1900

// DefaultMinAge is the minimum age of a member, in full years on the day
// they join. TO BE CONFIRMED with the association's charter: study-promotion
// associations admit adults, so 18 is assumed here; the callers pass the age
// to CheckAge so that a confirmed rule changes one constant or setting.
const DefaultMinAge = 18

// BirthDate is a date of birth, or only a year when that is all a list
// gives (Month and Day are then 0). The zero value means "not given".
type BirthDate struct {
	Year, Month, Day int
}

// IsZero reports whether no birth date was given.
func (b BirthDate) IsZero() bool { return b.Year == 0 }

// YearOnly reports whether only the year is known.
func (b BirthDate) YearOnly() bool { return b.Year != 0 && b.Month == 0 }

// String writes the date the Vietnamese way, as people typed it: 12/03/1987,
// or 1987 when only the year is known, or "" when not given.
func (b BirthDate) String() string {
	switch {
	case b.IsZero():
		return ""
	case b.YearOnly():
		return strconv.Itoa(b.Year)
	}
	return fmt.Sprintf("%02d/%02d/%04d", b.Day, b.Month, b.Year)
}

// ISO writes the date for storage and keys, sortable as text: 1987-03-12,
// or 1987 when only the year is known, or "" when not given.
func (b BirthDate) ISO() string {
	switch {
	case b.IsZero():
		return ""
	case b.Year < 0 || b.Year > 9999 || b.Month < 0 || b.Month > 99 || b.Day < 0 || b.Day > 99:
		// Not a date ParseBirthDate gives; written as before.
		if b.YearOnly() {
			return fmt.Sprintf("%04d", b.Year)
		}
		return fmt.Sprintf("%04d-%02d-%02d", b.Year, b.Month, b.Day)
	case b.YearOnly():
		return string(appendDigits(make([]byte, 0, 4), b.Year, 4))
	}
	// By hand rather than with fmt: every imported row writes it twice.
	out := make([]byte, 0, 10)
	out = appendDigits(out, b.Year, 4)
	out = append(out, '-')
	out = appendDigits(out, b.Month, 2)
	out = append(out, '-')
	return string(appendDigits(out, b.Day, 2))
}

// appendDigits appends n (0 ≤ n < 10^width) in width digits.
func appendDigits(dst []byte, n, width int) []byte {
	var buf [4]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, buf[:width]...)
}

// ParseBirthDate reads a birth date written "dd/mm/yyyy", "d/m/yyyy" or as
// a year "yyyy" (surrounding blanks ignored; blank gives the zero value, the
// field being optional). Days that do not exist (31/04, 29/02 of a common
// year), years before MinBirthYear and dates after the day of now in Vietnam
// are refused. now is the caller's clock, so tests and imports are
// reproducible.
func ParseBirthDate(s string, now time.Time) (BirthDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return BirthDate{}, nil
	}
	var b BirthDate
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		y, ok := digits(parts[0], 4, 4)
		if !ok {
			return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBirthDateFormat, s)
		}
		b.Year = y
	case 3:
		d, okd := digits(parts[0], 1, 2)
		m, okm := digits(parts[1], 1, 2)
		y, oky := digits(parts[2], 4, 4)
		if !okd || !okm || !oky {
			return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBirthDateFormat, s)
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if m < 1 || m > 12 || d < 1 || t.Day() != d || int(t.Month()) != m {
			return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBirthDateImpossible, s)
		}
		b = BirthDate{Year: y, Month: m, Day: d}
	default:
		return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBirthDateFormat, s)
	}
	if b.Year < MinBirthYear {
		return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBirthYearTooEarly, b.Year, MinBirthYear)
	}
	today := vi.Today(now)
	if b.earliest().After(today) {
		return BirthDate{}, apperr.New(apperr.Invalid, vi.ErrBornInFuture, b.String(), vi.Date(today))
	}
	return b, nil
}

// digits reads a run of min to max ASCII digits.
func digits(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// earliest is the first day the birth date may stand for: the day itself,
// or 1 January when only the year is known. Checks take it so that a
// year-only date is never refused for what the missing day might be.
func (b BirthDate) earliest() time.Time {
	if b.YearOnly() {
		return time.Date(b.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(b.Year, time.Month(b.Month), b.Day, 0, 0, 0, 0, time.UTC)
}

// AgeOn is the age in full years on the day of on (in Vietnam). With only
// the year known it counts from 1 January, the most the person can be.
func (b BirthDate) AgeOn(on time.Time) int {
	day := vi.Today(on)
	born := b.earliest()
	age := day.Year() - born.Year()
	if day.Month() < born.Month() || (day.Month() == born.Month() && day.Day() < born.Day()) {
		age--
	}
	return age
}

// CheckAge refuses a member younger than minAge full years on the day of on
// (the joining date, for the registry). A zero BirthDate passes: the field
// is optional and nothing can be said. See DefaultMinAge.
func (b BirthDate) CheckAge(on time.Time, minAge int) error {
	if b.IsZero() {
		return nil
	}
	if age := b.AgeOn(on); age < minAge {
		return apperr.New(apperr.Invalid, vi.ErrTooYoung, b.String(), age, vi.Date(vi.Today(on)), minAge)
	}
	return nil
}
