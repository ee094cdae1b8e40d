package units_test

import (
	"context"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func TestPadCodeRestoresTheZerosASpreadsheetDropped(t *testing.T) {
	for _, c := range []struct {
		level      units.Level
		code, want string
	}{
		{units.Province, "1", "01"}, {units.Commune, "4", "00004"}, {units.District, "7", "007"},
		{units.Commune, "00004", "00004"}, {units.Commune, "4a", "4a"}, {units.Commune, "", ""}, {units.Nation, "1", "1"},
	} {
		if got := units.PadCode(c.level, c.code); got != c.want {
			t.Errorf("PadCode(%s, %q) = %q, want %q", c.level, c.code, got, c.want)
		}
	}
}

func TestCommonAncestorIsTheSmallestUnitAboveAll(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	hanoi, err := tree.Resolve(units.Province, "01", at)
	if err != nil {
		t.Fatal(err)
	}
	cs := tree.Children(hanoi.ID, at)
	other, err := tree.Resolve(units.Province, "79", at)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		ids  []int64
		want int64
	}{
		"none":                      {nil, 0},
		"one":                       {[]int64{cs[0].ID}, cs[0].ID},
		"two communes":              {[]int64{cs[0].ID, cs[1].ID}, hanoi.ID},
		"a commune and its":         {[]int64{cs[0].ID, hanoi.ID}, hanoi.ID},
		"communes of two provinces": {[]int64{cs[0].ID, other.ID}, tree.Nation().ID},
	} {
		if got := units.CommonAncestor(tree, c.ids); got != c.want {
			t.Errorf("%s: CommonAncestor = %d, want %d", name, got, c.want)
		}
	}
}
