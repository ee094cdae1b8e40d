package rollup

// Basis says what a stored figure covers (docs/contracts.md, "Own figures
// and all levels"). A Total is the figure of a unit and everything below
// it: it wins over the sum of the children, as every stored figure did
// before own figures. An Own figure is the association's own at that level
// (the province association's own fund, its own partners): it is added to
// the sum of the children, and reports give it as the unit's own part.
type Basis uint8

// The bases. Total is the zero value, so that a value written without a
// basis is a total.
const (
	Total Basis = iota
	Own
)

// String is the basis as stored and as files write it: "total" or "own".
func (b Basis) String() string {
	if b == Own {
		return "own"
	}
	return "total"
}

// ParseBasis reads a stored basis ("total" or "own").
func ParseBasis(s string) (Basis, bool) {
	switch s {
	case "total":
		return Total, true
	case "own":
		return Own, true
	}
	return Total, false
}
