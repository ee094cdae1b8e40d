// Package report builds the half-year and year-end report of a unit, a
// cluster or the nation for a period, compared with the same period of the
// previous year, and writes it as JSON, CSV, a table or Vietnamese prose.
package report

import (
	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

// Value is one indicator of one unit: the figure for the period, the figure
// for the comparison period, and the change. A nil pointer means no data.
// Approximate is set when the comparison figure was apportioned across a
// reorganisation without a known share.
type Value struct {
	Value       *float64 `json:"value"`
	Previous    *float64 `json:"previous"`
	Change      *float64 `json:"change"`
	ChangePct   *float64 `json:"change_pct"`
	Approximate bool     `json:"approximate,omitempty"`
	// Own is the part of Value that is the association's own at this
	// level (the province association's own fund), nil where the unit
	// recorded no own figure; Value is always the total of all levels.
	Own *float64 `json:"own,omitempty"`
}

// Scope names the unit, cluster or nation a report is about.
type Scope struct {
	Level string `json:"level"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	// FullName is the name as a heading writes it, with the unit's type
	// ("Tỉnh Đắk Lắk"); not part of the JSON contract.
	FullName string `json:"-"`
	// Parent is the full name of the unit one level up ("Tỉnh Đắk Lắk"
	// for a commune), empty for the nation, a province and a cluster;
	// the document names the superior association from it.
	Parent string `json:"-"`
}

// Title is the scope's name for headings: the full name when known.
func (s Scope) Title() string {
	if s.FullName != "" {
		return s.FullName
	}
	return s.Name
}

// Node is the scope or one of its children with its indicators, keyed by
// indicator code. Render in the catalogue's order (indicator.Default.List).
type Node struct {
	Scope
	Indicators map[string]Value `json:"indicators"`
}

// Report is the whole report. Children are the next level down in the
// structure valid at the end of the period (a cluster's provinces, the
// nation's provinces, a province's districts before the reform and its
// communes after), ordered by code.
type Report struct {
	Scope         Scope
	Period        period.Period
	ComparePeriod period.Period
	Indicators    map[string]Value
	Children      []Node
	// PreviousYear, for a half-year, holds the scope's figures of the
	// previous calendar year compared with the year before: titles are
	// recognised once a year, so a half-year report states the previous
	// year's recognitions. Not part of the JSON contract.
	PreviousYear map[string]Value `json:"-"`
	// Approximate is set when any comparison figure is approximate.
	Approximate bool
	// Targets are the rates of the learning titles against the targets
	// that hold for the scope (models.Targets). Not part of the JSON
	// contract.
	Targets []Progress `json:"-"`
	// Programmes are the awards paid under each scholarship or prize
	// programme in the period by the scope's units, from their ledgers
	// (ProgrammeSource): programmes are named per unit, not indicators.
	// Not part of the JSON contract.
	Programmes []ProgrammeRow `json:"-"`
}

// ProgrammeRow is what the awards of one programme came to in the period,
// paid by the units of the report's scope, net of reversals: how many and
// how much (đồng).
type ProgrammeRow struct {
	Name   string // the programme's name
	Unit   string // the full name of its unit
	Year   int
	Count  int64
	Amount int64
}

// Progress is a rate of the learning titles against its target: the rate
// of Year (the period's, or for a rate of recognitions in a half-year the
// previous year's) and the target of TargetYear; Reached is the rate as a
// percentage of the target, nil where the rate has no data. Province is
// set where the province set the target itself.
type Progress struct {
	Code       string
	Year       int
	TargetYear int
	Target     float64
	Value      *float64
	Reached    *float64
	Province   bool
}
