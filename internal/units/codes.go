package units

import "strings"

// codeWidth is the width of the statistics office's codes at each level.
var codeWidth = map[Level]int{Province: 2, District: 3, Commune: 5}

// PadCode restores the leading zeros of a code of the level written as a
// number (a spreadsheet turns province 01 into 1 and commune 00004 into 4).
// A code that is empty, long enough or not all digits is returned as is.
// Every importer pads codes with it, so that they resolve the same unit.
func PadCode(level Level, code string) string {
	w := codeWidth[level]
	if code == "" || len(code) >= w {
		return code
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return code
		}
	}
	return strings.Repeat("0", w-len(code)) + code
}

// CommonAncestor is the smallest unit that is or contains every unit of ids
// (0 when there are none, or when the tree does not join them), so that the
// audit entry of a change about several units shows in the log of the unit
// above them all.
func CommonAncestor(tree *Tree, ids []int64) int64 {
	if len(ids) == 0 {
		return 0
	}
	lca := ids[0]
	seen := map[int64]bool{lca: true}
	for _, id := range ids[1:] {
		if seen[id] {
			continue
		}
		seen[id] = true
		line := map[int64]bool{id: true}
		for _, a := range tree.Ancestors(id) {
			line[a.ID] = true
		}
		for lca != 0 && !line[lca] {
			u := tree.Get(lca)
			if u == nil {
				return 0
			}
			lca = u.ParentID
		}
		if lca == 0 {
			return 0
		}
	}
	return lca
}
