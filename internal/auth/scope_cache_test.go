package auth

import (
	"context"
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// A scope unit's roots are gathered once per tree and shared; a tree loaded
// again (as units.Cached does after a change of units) gets its own, never
// the roots of the tree before.
func TestRootsAreGatheredOncePerTree(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	t1, err := units.LoadTree(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := units.LoadTree(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := t1.Resolve(units.Province, "66", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b map[int64]bool) bool { return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() }
	a := rootsOf(t1, prov.ID)
	if !a[prov.ID] || len(a) < 3 {
		t.Fatalf("roots of province 66: %d", len(a))
	}
	if b := rootsOf(t1, prov.ID); !same(a, b) {
		t.Error("the roots were gathered again in the same tree")
	}
	c := rootsOf(t2, prov.ID)
	if same(a, c) || !maps.Equal(a, c) {
		t.Errorf("another tree: shared %v, equal %v", same(a, c), maps.Equal(a, c))
	}
	if d := rootsOf(t1, prov.ID); same(a, d) || !maps.Equal(a, d) {
		t.Errorf("back to the first tree: its roots gathered again and equal (shared %v, equal %v)", same(a, d), maps.Equal(a, d))
	}
	// A scope built from them answers as one gathered afresh.
	s := NewScope(t2, User{Role: Officer, ScopeUnitID: prov.ID})
	if !maps.Equal(s.roots, a) {
		t.Error("the scope's roots differ from those gathered")
	}
}
