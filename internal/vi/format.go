package vi

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Int writes a whole number the Vietnamese way: 1.234.567.
func Int(n int64) string {
	if n < 0 {
		return "-" + Int(-n)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Number writes x with at most decimals decimals, a comma as decimal mark
// and dots between thousands: 1.234,5. Trailing zeros of the decimals are
// kept, as reports print ratios with a fixed number of decimals.
func Number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(intPart, 10, 64)
	out := Int(n)
	if n == 0 && strings.HasPrefix(intPart, "-") {
		out = "-0"
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// Percent writes a percentage with two decimals: 18,53%.
func Percent(x float64) string { return Number(x, 2) + "%" }

// Money writes an amount in đồng: 65.000 đồng.
func Money(x float64) string { return Int(int64(math.Round(x))) + " đồng" }

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
