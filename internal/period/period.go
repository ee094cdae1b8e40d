// Package period implements the reporting periods of the contracts: years
// (2024), half-years (2024H1), quarters (2024Q3) and months (2024-07); their
// Vietnamese names, their dates, containment and the comparison period.
package period

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Kind is the length of a period.
type Kind int

// The kinds, from the longest to the shortest. The order matters: a period
// of a smaller Kind value contains periods of larger values.
const (
	Year Kind = iota
	Half
	Quarter
	Month
)

// months is how many months a period of each kind spans.
var months = [...]int{Year: 12, Half: 6, Quarter: 3, Month: 1}

// Period is one reporting period. N is the half (1–2), the quarter (1–4) or
// the month (1–12); it is 0 for a year.
type Period struct {
	Kind Kind
	Year int
	N    int
}

// DateLayout is the ISO form in which dates are stored and exchanged.
const DateLayout = "2006-01-02"

// Parse reads a period in the written forms of the contract.
func Parse(s string) (Period, error) {
	t := strings.TrimSpace(s)
	bad := apperr.New(apperr.Invalid, vi.ErrBadPeriod, s)
	if len(t) < 4 {
		return Period{}, bad
	}
	// Digits only: strconv.Atoi would also take a sign ("2024-+1").
	if !digits(t[:4]) {
		return Period{}, bad
	}
	y, err := strconv.Atoi(t[:4])
	if err != nil || y < 1900 || y > 2200 {
		return Period{}, bad
	}
	rest := strings.ToUpper(t[4:])
	p := Period{Year: y}
	switch {
	case rest == "":
		p.Kind = Year
	case len(rest) == 2 && rest[0] == 'H':
		p.Kind, p.N = Half, int(rest[1]-'0')
		if p.N < 1 || p.N > 2 {
			return Period{}, bad
		}
	case len(rest) == 2 && rest[0] == 'Q':
		p.Kind, p.N = Quarter, int(rest[1]-'0')
		if p.N < 1 || p.N > 4 {
			return Period{}, bad
		}
	case len(rest) == 3 && rest[0] == '-' && digits(rest[1:]):
		n, err := strconv.Atoi(rest[1:])
		if err != nil || n < 1 || n > 12 {
			return Period{}, bad
		}
		p.Kind, p.N = Month, n
	default:
		return Period{}, bad
	}
	return p, nil
}

// digits reports whether s is made of ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParse is Parse for constants in code and tests.
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String writes the period in its canonical written form.
func (p Period) String() string {
	switch p.Kind {
	case Half:
		return fmt.Sprintf("%04dH%d", p.Year, p.N)
	case Quarter:
		return fmt.Sprintf("%04dQ%d", p.Year, p.N)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// NameVI is the Vietnamese name of the period ("6 tháng đầu năm 2024").
func (p Period) NameVI() string {
	switch p.Kind {
	case Half:
		if p.N == 1 {
			return fmt.Sprintf(vi.PeriodFirstHalf, p.Year)
		}
		return fmt.Sprintf(vi.PeriodSecondHalf, p.Year)
	case Quarter:
		return fmt.Sprintf(vi.PeriodQuarter, vi.Roman(p.N), p.Year)
	case Month:
		return fmt.Sprintf(vi.PeriodMonth, p.N, p.Year)
	}
	return fmt.Sprintf(vi.PeriodYear, p.Year)
}

// firstMonth is the 1-based month in which the period starts.
func (p Period) firstMonth() int {
	if p.Kind == Year {
		return 1
	}
	return (p.N-1)*months[p.Kind] + 1
}

// Start is the first day of the period.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month(p.firstMonth()), 1, 0, 0, 0, 0, time.UTC)
}

// End is the last day of the period, the date at which stocks are taken.
func (p Period) End() time.Time {
	return p.Start().AddDate(0, months[p.Kind], -1)
}

// Compare is the comparison period: the same period one year earlier.
func (p Period) Compare() Period {
	p.Year--
	return p
}

// Contains reports whether q lies wholly inside p (a period contains itself).
func (p Period) Contains(q Period) bool {
	return !q.Start().Before(p.Start()) && !q.End().After(p.End())
}

// Sub splits the period into the periods of the next shorter kind: a year
// into halves, a half into quarters, a quarter into months. A month has none.
func (p Period) Sub() []Period {
	if p.Kind == Month {
		return nil
	}
	k := p.Kind + 1
	n := months[p.Kind] / months[k]
	first := (p.firstMonth()-1)/months[k] + 1
	out := make([]Period, n)
	for i := range out {
		out[i] = Period{Kind: k, Year: p.Year, N: first + i}
	}
	return out
}

// Parent is the period of the next longer kind that contains p. A year is its
// own parent; ok is false then.
func (p Period) Parent() (Period, bool) {
	if p.Kind == Year {
		return p, false
	}
	k := p.Kind - 1
	if k == Year {
		return Period{Kind: Year, Year: p.Year}, true
	}
	return Period{Kind: k, Year: p.Year, N: (p.firstMonth()-1)/months[k] + 1}, true
}

// Ancestors lists the periods that contain p, shortest first, p excluded.
func (p Period) Ancestors() []Period {
	var out []Period
	for q, ok := p.Parent(); ok; q, ok = q.Parent() {
		out = append(out, q)
	}
	return out
}

// Descendants lists p and every period inside it, of every kind.
func (p Period) Descendants() []Period {
	out := []Period{p}
	for _, s := range p.Sub() {
		out = append(out, s.Descendants()...)
	}
	return out
}

// SameEnd lists every period that ends on the same day as p, longest first:
// for stocks, which are taken at the end of a period, they are equivalent.
func (p Period) SameEnd() []Period {
	last := p.firstMonth() + months[p.Kind] - 1 // the month p ends in
	var out []Period
	if last == 12 {
		out = append(out, Period{Kind: Year, Year: p.Year})
	}
	if last%6 == 0 {
		out = append(out, Period{Kind: Half, Year: p.Year, N: last / 6})
	}
	if last%3 == 0 {
		out = append(out, Period{Kind: Quarter, Year: p.Year, N: last / 3})
	}
	return append(out, Period{Kind: Month, Year: p.Year, N: last})
}

// YearBefore lists the periods that cover the period's year from
// 1 January to the day before p starts, longest first (2026Q4: 2026H1,
// 2026Q3; 2026-05: 2026Q1, 2026-04). A year, and a first half, quarter or
// month, has none. A flow summed over them and p is the year to date.
func (p Period) YearBefore() []Period {
	var out []Period
	for m := 1; m < p.firstMonth(); {
		for k := Half; k <= Month; k++ {
			if (m-1)%months[k] == 0 && m+months[k] <= p.firstMonth() {
				out = append(out, Period{Kind: k, Year: p.Year, N: (m-1)/months[k] + 1})
				m += months[k]
				break
			}
		}
	}
	return out
}

// Date formats a date in the stored ISO form.
func Date(t time.Time) string { return t.Format(DateLayout) }

// ParseDay reads a day as people and spreadsheets write it: dd/mm/yyyy
// (also d/m/yyyy), yyyy-mm-dd (what a date cell of a workbook reads as), or
// the serial number a spreadsheet stores for a cell formatted as a date.
// Callers say in their own words what was wrong when ok is false.
func ParseDay(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02/01/2006", "2/1/2006", DateLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	// Excel counts days from 30 December 1899; 20000–80000 is 1954–2119.
	if n, err := strconv.Atoi(s); err == nil && n >= 20000 && n <= 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
	}
	return time.Time{}, false
}
