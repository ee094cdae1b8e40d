package registry

import (
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
)

// The indicators counted from the records (indicators.csv).
const (
	IndGrassroots = "org.grassroots"
	IndBranches   = "org.branches"
	IndBoards     = "org.boards"
	IndMembers    = "members.total"
)

// span is a stretch of days, from its first day up to (not including)
// until; a zero until has not ended.
type span struct {
	from, until time.Time
}

// open reports whether the span has not ended.
func (s span) open() bool { return s.until.IsZero() }

// intersect is the days both spans share, and whether there are any.
func (s span) intersect(o span) (span, bool) {
	r := span{from: s.from, until: s.until}
	if o.from.After(r.from) {
		r.from = o.from
	}
	switch {
	case r.open():
		r.until = o.until
	case !o.open() && o.until.Before(r.until):
		r.until = o.until
	}
	if !r.open() && !r.until.After(r.from) {
		return span{}, false
	}
	return r, true
}

// place is a commune where an association sat over a span.
type place struct {
	unit int64
	span
}

// piece is a contribution of a record to an indicator of a commune over a
// span: 1 from its first day, 0 again from until.
type piece struct {
	unit int64
	ind  string
	span
}

// pieces places a record counted in ind over s in the communes of its
// association (places), split where the association moved.
func pieces(ind string, s span, places []place) []piece {
	var out []piece
	for _, p := range places {
		if x, ok := s.intersect(p.span); ok {
			out = append(out, piece{unit: p.unit, ind: ind, span: x})
		}
	}
	return out
}

type tallyKey struct {
	unit int64
	ind  string
	day  time.Time
}

// tally gathers the changes of counts a write makes, as dated deltas: a
// write removes the pieces its records had (sign -1) and adds those they
// have now (+1); what did not change cancels out.
type tally map[tallyKey]int64

func (t tally) add(ps []piece, sign int64) {
	for _, p := range ps {
		t[tallyKey{p.unit, p.ind, p.from}] += sign
		if !p.open() {
			t[tallyKey{p.unit, p.ind, p.until}] -= sign
		}
	}
}

// deltas are the non-zero changes in a fixed order (unit, indicator, day).
func (t tally) deltas() []rollup.RecordDelta {
	out := make([]rollup.RecordDelta, 0, len(t))
	for k, d := range t {
		if d != 0 {
			out = append(out, rollup.RecordDelta{UnitID: k.unit, Indicator: k.ind, Day: k.day, Delta: d})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.UnitID != b.UnitID {
			return a.UnitID < b.UnitID
		}
		if a.Indicator != b.Indicator {
			return a.Indicator < b.Indicator
		}
		return a.Day.Before(b.Day)
	})
	return out
}

// orgIndicator is what an association unit of kind k counts in; a
// sub-branch counts in nothing (the reports count branches).
func orgIndicator(k OrgKind) string {
	switch k {
	case Grassroots:
		return IndGrassroots
	case Branch:
		return IndBranches
	case Board:
		return IndBoards
	}
	return ""
}
