package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
)

// WriteJSON writes the report as the one JSON object of the contract
// (spec/contracts.md, "Reports"): scope, period, compare_period, the
// scope's indicators and the children with theirs. Indicators appear in
// catalogue order, every catalogue indicator once, with null where there is
// no data; encoding/json cannot be used for the maps because it sorts keys.
// Numbers are plain: whole counts and amounts without a fraction, ratios
// with their catalogue decimals, change_pct with two.
func WriteJSON(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	j := &jsonWriter{w: bw}
	j.raw("{\n  \"scope\": ")
	j.scope(r.Scope)
	j.raw(",\n  \"period\": ")
	j.str(r.Period.String())
	j.raw(",\n  \"compare_period\": ")
	j.str(r.ComparePeriod.String())
	if r.Approximate {
		j.raw(",\n  \"approximate\": true")
	}
	j.raw(",\n  \"indicators\": ")
	j.indicators(r.Indicators, "  ")
	j.raw(",\n  \"children\": [")
	for i, c := range r.Children {
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n    {\"level\": ")
		j.str(c.Level)
		j.raw(", \"code\": ")
		j.str(c.Code)
		j.raw(", \"name\": ")
		j.str(c.Name)
		j.raw(",\n     \"indicators\": ")
		j.indicators(c.Indicators, "     ")
		j.raw("}")
	}
	if len(r.Children) > 0 {
		j.raw("\n  ")
	}
	j.raw("]\n}\n")
	if j.err != nil {
		return j.err
	}
	return bw.Flush()
}

// jsonWriter writes JSON by hand, keeping the first write error.
type jsonWriter struct {
	w   *bufio.Writer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// str writes a JSON string without escaping <, > and & (the output is not
// embedded in HTML, and Vietnamese names stay readable).
func (j *jsonWriter) str(s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil && j.err == nil {
		j.err = err
	}
	j.raw(string(bytes.TrimRight(b.Bytes(), "\n")))
}

func (j *jsonWriter) scope(s Scope) {
	j.raw("{\"level\": ")
	j.str(s.Level)
	j.raw(", \"code\": ")
	j.str(s.Code)
	j.raw(", \"name\": ")
	j.str(s.Name)
	j.raw("}")
}

func (j *jsonWriter) indicators(m map[string]Value, indent string) {
	j.raw("{")
	for i, code := range allCodes(m) {
		if i > 0 {
			j.raw(",")
		}
		ind := lookup(code)
		v := m[code]
		j.raw("\n" + indent + "  ")
		j.str(code)
		j.raw(": {\"value\": " + jsonNumber(v.Value, ind, false))
		j.raw(", \"previous\": " + jsonNumber(v.Previous, ind, false))
		j.raw(", \"change\": " + jsonNumber(v.Change, ind, false))
		j.raw(", \"change_pct\": " + jsonNumber(v.ChangePct, ind, true))
		if v.Own != nil {
			// An extension of the contract: the association's own part
			// of value, given only where one was recorded.
			j.raw(", \"own\": " + jsonNumber(v.Own, ind, false))
		}
		if v.Approximate {
			j.raw(", \"approximate\": true")
		}
		j.raw("}")
	}
	j.raw("\n" + indent + "}")
}

func jsonNumber(x *float64, ind indicator.Indicator, pct bool) string {
	s := MachineNumber(x, ind, pct)
	if s == "" {
		return "null"
	}
	return s
}

// MachineNumber writes a figure for machine formats (JSON, CSV): "" for no
// data (nil, NaN or infinite); a percentage change with two decimals; a
// ratio with its catalogue decimals; any other whole figure as an integer
// (123456, never 1.23456e+05) and a fractional one in its shortest form.
func MachineNumber(x *float64, ind indicator.Indicator, pct bool) string {
	if !known(x) {
		return ""
	}
	v := *x
	switch {
	case pct:
		return fixed(v, 2)
	case ind.Kind == indicator.Ratio:
		return fixed(v, ind.Decimals)
	case v == math.Trunc(v) && math.Abs(v) < 1<<53:
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// fixed rounds half away from zero to dec decimals and writes them all.
func fixed(v float64, dec int) string {
	p := math.Pow10(dec)
	if r := math.Round(v*p) / p; !math.IsInf(r, 0) && !math.IsNaN(r) {
		v = r
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if s == "-0" || (len(s) > 1 && s[0] == '-' && isZero(s[1:])) {
		s = s[1:]
	}
	return s
}

func isZero(s string) bool {
	for _, c := range s {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

// lookup finds an indicator in the default catalogue; an unknown code (an
// extension the catalogue lacks) is treated as a plain count.
func lookup(code string) indicator.Indicator {
	if ind, ok := indicator.Default.Get(code); ok {
		return ind
	}
	return indicator.Indicator{Code: code, Kind: indicator.Stock, Unit: "count", NameVI: code}
}

// allCodes lists every catalogue indicator, then any code of m the
// catalogue lacks, sorted.
func allCodes(m map[string]Value) []string {
	out := make([]string, 0, len(indicator.Default.List)+len(m))
	for _, ind := range indicator.Default.List {
		out = append(out, ind.Code)
	}
	return append(out, extraCodes(m)...)
}

// presentCodes lists the codes of m in catalogue order, unknown ones last.
func presentCodes(m map[string]Value) []string {
	var out []string
	for _, ind := range indicator.Default.List {
		if _, ok := m[ind.Code]; ok {
			out = append(out, ind.Code)
		}
	}
	return append(out, extraCodes(m)...)
}

func extraCodes(m map[string]Value) []string {
	var extra []string
	for code := range m {
		if _, ok := indicator.Default.Get(code); !ok {
			extra = append(extra, code)
		}
	}
	sort.Strings(extra)
	return extra
}

// hasData reports whether the value or its comparison figure is known.
func (v Value) hasData() bool { return v.Value != nil || v.Previous != nil }
