package aggregate

import (
	"math"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// MaxValue bounds an imported value: above it a float64 no longer holds
// every whole number exactly, and no figure of the association comes near.
const MaxValue = 1e15

// Value is a checked row: the unit resolved for its period, the canonical
// period, a number and its basis (a total unless Own).
type Value struct {
	UnitID    int64
	Period    period.Period
	Indicator string
	Value     float64
	Basis     rollup.Basis
}

// resolveKey caches unit resolution: many rows share a unit and a period.
type resolveKey struct {
	level units.Level
	code  string
	at    time.Time
}

type resolved struct {
	u   *units.Unit
	err error
}

// parseValue reads a value cell, as people write numbers (number.Parse:
// 1.234.567, 1 234 567, 20,74) or in the machine form (1234567, 18.53).
// known says whether ind is a valid stored indicator, whose unit decides
// whether the value must be whole; the refusal names the indicator by its
// Vietnamese name.
func parseValue(s string, ind indicator.Indicator, known bool) (float64, error) {
	word := ""
	if known {
		word = wholeUnit(ind)
	}
	v, err := number.Parse(s, word != "")
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, apperr.New(apperr.Invalid, vi.ErrNegative, s)
	}
	if v > MaxValue {
		return 0, apperr.New(apperr.Invalid, vi.ErrTooLarge, s)
	}
	v += 0 // turns -0 into 0
	if word != "" {
		w, ok := nearWhole(v)
		if !ok {
			return 0, apperr.New(apperr.Invalid, vi.ErrNotWhole, s, ind.NameVI, word)
		}
		v = w
	}
	return v, nil
}

// wholeTolerance is how far, relative to it, a number may be from a whole
// number and still count as that number. Excel computes in binary floating
// point and stores what it computed: =10*3 may be kept as
// 30.000000000000004, which the person sees as 30 and means as 30.
const wholeTolerance = 1e-9

// nearWhole is the whole number within wholeTolerance (relative, and
// absolute near zero) of v, if there is one.
func nearWhole(v float64) (float64, bool) {
	w := math.Round(v)
	return w, math.Abs(v-w) <= wholeTolerance*math.Max(1, math.Abs(w))
}

// wholeUnit names what an indicator counts when its values must be whole,
// and is empty when fractions are allowed.
func wholeUnit(ind indicator.Indicator) string {
	switch ind.Unit {
	case "person":
		return vi.UnitWordPerson
	case "household":
		return vi.UnitWordHousehold
	case "count":
		return vi.UnitWordCount
	case "VND":
		return vi.UnitWordVND
	}
	return ""
}

// num writes a value as in the file (plain, dot for decimals).
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ValidateValue checks one figure entered for unit u and period p (a field
// of the data-entry form) by the rules of Check: the unit must exist at
// the end of the period, the indicator must be a stored indicator of cat,
// and the value a plain number, not negative, at most MaxValue, whole where
// the indicator counts or is money. The error is an *apperr.Error whose
// message, in Vietnamese, can be shown beside the field.
func ValidateValue(cat *indicator.Catalogue, u *units.Unit, p period.Period, code, value string) (Value, error) {
	ind, err := cat.Lookup(code)
	if err != nil {
		return Value{}, err
	}
	if ind.Kind == indicator.Ratio {
		return Value{}, errRatio(cat, ind)
	}
	if u.Level == units.Cluster {
		return Value{}, apperr.New(apperr.Invalid, vi.ErrClusterImport)
	}
	if !u.ValidAt(p.End()) {
		return Value{}, apperr.New(apperr.NotFound, vi.ErrUnitGoneAt, u.FullName(), vi.Date(p.End()))
	}
	v, err := parseValue(value, ind, true)
	if err != nil {
		return Value{}, err
	}
	return Value{UnitID: u.ID, Period: p, Indicator: ind.Code, Value: v}, nil
}

// errRatio refuses a value of a ratio, naming it and the two indicators it
// is computed from by their Vietnamese names.
func errRatio(cat *indicator.Catalogue, ind indicator.Indicator) error {
	name := func(code string) string {
		if x, err := cat.Lookup(code); err == nil {
			return x.NameVI
		}
		return code
	}
	return apperr.New(apperr.Invalid, vi.ErrRatioImport, ind.NameVI, name(ind.Numerator), name(ind.Denominator))
}
