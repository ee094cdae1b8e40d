package rollup_test

import (
	"context"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestRegionsJoinTheProvincesOfTheReform checks that a unit's region holds
// the provinces it was formed from (Bình Định, before 2025, and a commune
// of it, with Gia Lai of today) and no other (Hà Nội, Đắk Lắk), and that
// the nation belongs to none.
func TestRegionsJoinTheProvincesOfTheReform(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	gl := rollup.Region(f.tree, f.unit("province:52", "2026H1").ID)
	bd := f.unit("province:52", "2024H1")
	if gl == 0 || rollup.Region(f.tree, bd.ID) != gl {
		t.Fatalf("Gia Lai's region %d, Bình Định's %d", gl, rollup.Region(f.tree, bd.ID))
	}
	for _, c := range f.tree.AllChildren(bd.ID) {
		if r := rollup.Region(f.tree, c.ID); r != gl {
			t.Errorf("%s of Bình Định: region %d, want %d", c.FullName(), r, gl)
		}
		break
	}
	for _, ref := range []string{"province:01", "province:66"} {
		if r := rollup.Region(f.tree, f.unit(ref, "2026H1").ID); r == gl || r == 0 {
			t.Errorf("%s: region %d (Gia Lai's %d)", ref, r, gl)
		}
	}
	if r := rollup.Region(f.tree, f.tree.Nation().ID); r != 0 {
		t.Errorf("the nation's region %d, want 0", r)
	}
}

// TestAWriteMovesTheCountersOfItsRegionOnly writes a figure of a commune
// of Bình Định for 2024H1: the counters of Gia Lai's region and the figures
// counter move, Hà Nội's does not.
func TestAWriteMovesTheCountersOfItsRegionOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.set("province:01", "2024H1", "members.total", 10)
		before, err := rollup.ReadVersions(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		bd := f.unit("province:52", "2024H1")
		commune := f.tree.Within(units.Commune, bd.ID, bd.ValidTo)[0]
		f.set(commune.Ref(), "2024H1", "members.total", 20)
		after, err := rollup.ReadVersions(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		gl := rollup.Region(f.tree, bd.ID)
		hn := rollup.Region(f.tree, f.unit("province:01", "2024H1").ID)
		if after.All != before.All+1 || after.Regions[gl] != before.Regions[gl]+1 || after.Regions[hn] != before.Regions[hn] || before.Regions[hn] == 0 {
			t.Errorf("before %+v, after %+v (Gia Lai's region %d, Hà Nội's %d)", before, after, gl, hn)
		}
	})
}

// TestAChangeOfRecordsMovesTheCountersOfItsRegionByOne: each change of
// records of a commune of Gia Lai moves the figures counter and Gia Lai
// region's by exactly one (in one of their rows, store.BumpSpread), and
// leaves Hà Nội's where it was.
func TestAChangeOfRecordsMovesTheCountersOfItsRegionByOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.set("province:01", "2026H1", "members.total", 10)
		gl := rollup.Region(f.tree, f.unit("province:52", "2026H1").ID)
		hn := rollup.Region(f.tree, f.unit("province:01", "2026H1").ID)
		c := communesOf(t, f, "52", "2026H1", 1)[0]
		for i := range 20 {
			before, err := rollup.ReadVersions(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			f.rec(f.members(c, "2026-03-01", 1))
			after, err := rollup.ReadVersions(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if after.All != before.All+1 || after.Regions[gl] != before.Regions[gl]+1 || after.Regions[hn] != before.Regions[hn] {
				t.Fatalf("change %d: before %+v, after %+v (Gia Lai's region %d, Hà Nội's %d)", i, before, after, gl, hn)
			}
		}
		if v, err := rollup.Version(ctx, db); err != nil || v != 21 {
			t.Errorf("figures counter %d, %v; want 21 (a write of figures, 20 changes of records)", v, err)
		}
	})
}
