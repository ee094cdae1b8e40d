// Package indicator is the catalogue of indicators (spec/indicators.csv):
// their codes, kinds and Vietnamese names, and the formula of each ratio.
// The catalogue is data, embedded from indicators.csv; a new indicator is a
// new line there, not new code.
package indicator

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Kind says how an indicator rolls up over time.
type Kind string

// The kinds of the catalogue.
const (
	Stock Kind = "stock" // taken at the end of the period
	Flow  Kind = "flow"  // summed over the period
	Ratio Kind = "ratio" // computed from a rolled-up numerator and denominator
)

// Indicator is one line of the catalogue. For a ratio, Value =
// Numerator / Denominator × Scale, rounded to Decimals.
type Indicator struct {
	Code        string
	Kind        Kind
	Unit        string // person, household, count, percent, VND, VND/person
	NameVI      string
	NameEN      string
	Definition  string
	Numerator   string
	Denominator string
	Scale       float64
	Decimals    int
	// Index is the indicator's position in its catalogue, a small number
	// for compact keys.
	Index int
}

// CountsBodies reports whether the indicator counts bodies of the
// movement: grassroots associations, branches, boards and community
// learning centres. Such a count follows the administrative units (a
// merged commune has one association where its predecessors had three),
// so it is never apportioned by population across a reorganisation, and
// a change across one is the reorganisation, not the movement.
func (i Indicator) CountsBodies() bool {
	switch i.Code {
	case "org.grassroots", "org.branches", "org.boards", "centers.total":
		return true
	}
	return false
}

// IsMoney reports whether the indicator is an amount in đồng.
func (i Indicator) IsMoney() bool { return strings.HasPrefix(i.Unit, "VND") }

// Whole reports whether the indicator counts whole things — people,
// households, associations — and so is shown as a whole number: an
// estimate across a reorganisation (a split unit's share by population)
// can be fractional, and half a member is not a figure anyone reports.
func (i Indicator) Whole() bool {
	if i.Kind == Ratio {
		return false
	}
	switch i.Unit {
	case "person", "household", "count":
		return true
	}
	return false
}

//go:embed indicators.csv
var catalogueCSV string

// Catalogue is the ordered list of indicators with an index by code.
type Catalogue struct {
	List   []Indicator
	byCode map[string]int
}

// Default is the catalogue embedded in the program.
var Default = mustLoad(catalogueCSV)

// Get returns the indicator with that code.
func (c *Catalogue) Get(code string) (Indicator, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return Indicator{}, false
	}
	return c.List[i], true
}

// Lookup is Get with an error for people when the code is unknown.
func (c *Catalogue) Lookup(code string) (Indicator, error) {
	ind, ok := c.Get(code)
	if !ok {
		return Indicator{}, apperr.New(apperr.Invalid, vi.ErrUnknownIndicator, code)
	}
	return ind, nil
}

// Base lists the indicators that are stored (stocks and flows), in catalogue order.
func (c *Catalogue) Base() []Indicator {
	var out []Indicator
	for _, ind := range c.List {
		if ind.Kind != Ratio {
			out = append(out, ind)
		}
	}
	return out
}

func mustLoad(text string) *Catalogue {
	c, err := Parse(text)
	if err != nil {
		panic(err)
	}
	return c
}

// Parse reads a catalogue in the form of indicators.csv and checks that
// every ratio names a numerator and a denominator of the catalogue.
func Parse(text string) (*Catalogue, error) {
	r := csv.NewReader(strings.NewReader(text))
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("indicator catalogue: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("indicator catalogue: empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	c := &Catalogue{byCode: map[string]int{}}
	for n, row := range rows[1:] {
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		ind := Indicator{
			Code: get("code"), Kind: Kind(get("kind")), Unit: get("unit"),
			NameVI: get("name_vi"), NameEN: get("name_en"), Definition: get("definition"),
			Numerator: get("numerator"), Denominator: get("denominator"),
		}
		switch ind.Kind {
		case Stock, Flow, Ratio:
		default:
			return nil, fmt.Errorf("indicator catalogue: line %d: kind %q", n+2, ind.Kind)
		}
		if ind.Kind == Ratio {
			ind.Scale, err = strconv.ParseFloat(get("scale"), 64)
			if err != nil {
				return nil, fmt.Errorf("indicator catalogue: line %d: scale: %w", n+2, err)
			}
			ind.Decimals, err = strconv.Atoi(get("decimals"))
			if err != nil {
				return nil, fmt.Errorf("indicator catalogue: line %d: decimals: %w", n+2, err)
			}
		}
		if _, dup := c.byCode[ind.Code]; dup || ind.Code == "" {
			return nil, fmt.Errorf("indicator catalogue: line %d: code %q empty or repeated", n+2, ind.Code)
		}
		ind.Index = len(c.List)
		c.byCode[ind.Code] = ind.Index
		c.List = append(c.List, ind)
	}
	for _, ind := range c.List {
		if ind.Kind != Ratio {
			continue
		}
		for _, part := range []string{ind.Numerator, ind.Denominator} {
			p, ok := c.Get(part)
			if !ok || p.Kind == Ratio {
				return nil, fmt.Errorf("indicator catalogue: ratio %s: %q is not a stored indicator", ind.Code, part)
			}
		}
	}
	return c, nil
}

// ChecksCSV is the table of plausibility checks (checks.csv), kept beside
// the catalogue because each of its lines names indicators of it: which
// figures are compared, the threshold and the Vietnamese message of the
// warning. Package checks reads and applies it; a new check of an existing
// kind is a new line there.
//
//go:embed checks.csv
var ChecksCSV string
