package vi

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// NoData is what a figure without data prints as in tables.
const NoData = "–"

// Int writes a whole number the Vietnamese way: 1.234.567, -12.345.
func Int(n int64) string {
	neg := n < 0
	// Work on the unsigned magnitude so that math.MinInt64 has a negation.
	u := uint64(n)
	if neg {
		u = -u
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	group(&b, strconv.FormatUint(u, 10))
	return b.String()
}

// Grouped writes a run of digits with dots between the groups of
// thousands: 1234567 → 1.234.567. Int and Number write whole parts so,
// and number.Format, which keeps every decimal, too.
func Grouped(digits string) string {
	var b strings.Builder
	group(&b, digits)
	return b.String()
}

// group writes a run of digits with dots between thousands.
func group(b *strings.Builder, digits string) {
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
}

// Number writes x rounded to decimals decimals, with a comma as decimal mark
// and dots between thousands: 1.234,5. Trailing zeros of the decimals are
// kept, as reports print ratios with a fixed number of decimals. A value
// that rounds to zero prints without a sign. NaN and infinities print as
// NoData.
func Number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return NoData
	}
	if decimals < 0 {
		decimals = 0
	}
	// Round half away from zero, as people do, not half to even.
	if p := math.Pow10(decimals); !math.IsInf(x*p, 0) {
		x = math.Round(x*p) / p
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if strings.Trim(intPart+frac, "0") == "" {
		neg = false
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	group(&b, intPart)
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Percent writes a percentage with two decimals: 18,53%.
func Percent(x float64) string {
	s := Number(x, 2)
	if s == NoData {
		return s
	}
	return s + "%"
}

// Money writes an amount in đồng, rounded to the đồng: 65.000 đồng.
func Money(x float64) string {
	s := Number(x, 0)
	if s == NoData {
		return s
	}
	return s + " đồng"
}

// Date writes a date the Vietnamese way: 05/07/2024.
func Date(t time.Time) string { return t.Format("02/01/2006") }

// Roman writes 1–4 as the Roman numerals used for quarters.
func Roman(n int) string {
	switch n {
	case 1:
		return "I"
	case 2:
		return "II"
	case 3:
		return "III"
	case 4:
		return "IV"
	}
	return strconv.Itoa(n)
}

// Sentence starts a message with a capital letter, for a page that shows
// as a sentence a message written to follow other words (as in JSON).
func Sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
