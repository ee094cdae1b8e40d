// Package units models Vietnam's administrative units across the 1 July 2025
// reform: the nation, provinces, districts (until 30 June 2025) and communes,
// each with a validity interval, and the lineage that links the old units to
// the new. A code names a unit only together with a date.
package units

import (
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Level is a tier of the unit tree.
type Level string

// The levels. Clusters are not units (they group provinces per year) but
// share the LEVEL:CODE notation; see Ref.
const (
	Nation   Level = "nation"
	Province Level = "province"
	District Level = "district"
	Commune  Level = "commune"
	Cluster  Level = "cluster"
)

// ParseLevel checks a level written by a person.
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case Nation, Province, District, Commune, Cluster:
		return l, nil
	}
	return "", apperr.New(apperr.Invalid, vi.ErrBadLevel, s)
}

// Dates that bound validity intervals.
var (
	// ReformDate is the first day of the two-level structure.
	ReformDate = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	// Beginning stands for "valid since before the records start".
	Beginning = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	// Forever stands for "still valid".
	Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Unit is one administrative unit during its validity interval. Name is
// the proper name without the type ("Gia Lai", "Phúc Xá"); Type is the kind
// of unit as written in Vietnamese ("Tỉnh", "Phường").
type Unit struct {
	ID        int64
	Level     Level
	Code      string
	Name      string
	Type      string
	ParentID  int64 // 0 for the nation
	ValidFrom time.Time
	ValidTo   time.Time // inclusive; Forever while in force
}

// FullName is the name with its type, as in official texts ("Tỉnh Gia Lai").
func (u *Unit) FullName() string {
	if u.Type == "" || u.Level == Nation {
		return u.Name
	}
	return u.Type + " " + u.Name
}

// ValidAt reports whether the unit exists on day t.
func (u *Unit) ValidAt(t time.Time) bool {
	return !t.Before(u.ValidFrom) && !t.After(u.ValidTo)
}

// Ref renders the unit as LEVEL:CODE.
func (u *Unit) Ref() string { return Ref{Level: u.Level, Code: u.Code}.String() }

// Link is one lineage link: all of Old (Full) or a share of it went into New.
// Share is the known fraction of Old that went into New; nil when unknown.
type Link struct {
	OldID     int64
	NewID     int64
	Full      bool
	Share     *float64
	Effective time.Time
}

// Ref is a unit (or cluster) as a person writes it: "province:52", "nation".
type Ref struct {
	Level Level
	Code  string
}

// ParseRef reads LEVEL:CODE, or "nation".
func ParseRef(s string) (Ref, error) {
	lv, code, _ := strings.Cut(strings.TrimSpace(s), ":")
	l, err := ParseLevel(lv)
	if err != nil {
		return Ref{}, apperr.New(apperr.Invalid, vi.ErrBadUnitRef, s)
	}
	code = strings.TrimSpace(code)
	if (l == Nation) != (code == "") {
		return Ref{}, apperr.New(apperr.Invalid, vi.ErrBadUnitRef, s)
	}
	return Ref{Level: l, Code: code}, nil
}

// String renders the reference as LEVEL:CODE.
func (r Ref) String() string {
	if r.Level == Nation {
		return string(Nation)
	}
	return string(r.Level) + ":" + r.Code
}
