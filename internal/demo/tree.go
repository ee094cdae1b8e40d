package demo

import (
	"slices"
	"sort"

	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// FromTree picks the demo's communes out of the unit tree: the communes of
// the cluster's new provinces (valid from 1 July 2025), every old commune
// they were formed from, and the old communes of the cluster's old
// provinces. An island district that had no communes (Lý Sơn, now a
// special zone) stands for its own commune on the old side. A link's share is the known share, 1 for a full merge, and for
// a partial link without a known share an equal part of what the old
// commune's known shares leave.
func FromTree(t *units.Tree) Units {
	var u Units
	dayBefore := units.ReformDate.AddDate(0, 0, -1)
	oldSeen := map[int64]bool{}
	addOld := func(c *units.Unit) {
		if c == nil || !lowest(t, c) || oldSeen[c.ID] || !c.ValidAt(dayBefore) {
			return
		}
		oldSeen[c.ID] = true
		u.Old = append(u.Old, Commune{Code: c.Code, Province: provinceOf(t, c), Urban: urban(c), District: c.Level == units.District})
	}
	for _, c := range t.All(units.Commune, units.ReformDate) {
		prov := provinceOf(t, c)
		if !slices.Contains(NewProvinces, prov) {
			continue
		}
		u.New = append(u.New, Commune{Code: c.Code, Province: prov, Urban: urban(c)})
		for _, l := range t.Predecessors(c.ID) {
			old := t.Get(l.OldID)
			if old == nil || !lowest(t, old) {
				continue
			}
			addOld(old)
			u.Links = append(u.Links, Link{Old: old.Code, New: c.Code, Share: share(t, l)})
		}
	}
	for _, c := range t.All(units.Commune, dayBefore) {
		if slices.Contains(OldProvinces, provinceOf(t, c)) {
			addOld(c)
		}
	}
	sort.Slice(u.Old, func(i, j int) bool { return u.Old[i].Code < u.Old[j].Code })
	sort.Slice(u.Links, func(i, j int) bool {
		if u.Links[i].New != u.Links[j].New {
			return u.Links[i].New < u.Links[j].New
		}
		return u.Links[i].Old < u.Links[j].Old
	})
	return u
}

// provinceOf is the code of the province above a commune, "" if none.
func provinceOf(t *units.Tree, c *units.Unit) string {
	if p := t.Province(c.ID); p != nil {
		return p.Code
	}
	return ""
}

// lowest tells a commune, or a district without communes, from the units
// above them.
func lowest(t *units.Tree, u *units.Unit) bool {
	return u.Level == units.Commune || (u.Level == units.District && !t.HasChildren(u.ID))
}

// urban tells wards and townships (phường, thị trấn) from rural communes
// (xã) and special zones (đặc khu).
func urban(c *units.Unit) bool { return c.Type == "Phường" || c.Type == "Thị trấn" }

func share(t *units.Tree, l units.Link) float64 {
	if l.Full {
		return 1
	}
	if l.Share != nil {
		return *l.Share
	}
	left, unknown := 1.0, 0
	for _, s := range t.Successors(l.OldID) {
		switch {
		case s.Full:
			left--
		case s.Share != nil:
			left -= *s.Share
		default:
			unknown++
		}
	}
	if unknown == 0 || left <= 0 {
		return 0
	}
	return left / float64(unknown)
}
