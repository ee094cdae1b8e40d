package aggregate

import (
	"context"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestStoredAtListsAUnitsValuesToThoseWhoMayReadIt: the values stored at a
// commune, for one period or all, with the import that wrote them; an
// officer of another province is refused.
func TestStoredAtListsAUnitsValuesToThoseWhoMayReadIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tree, err := units.LoadTree(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		h2 := period.MustParse("2025H2")
		dl, err := tree.Resolve(units.Province, "66", h2.End())
		if err != nil {
			t.Fatal(err)
		}
		c := tree.Children(dl.ID, h2.End())[0]
		mustImport(t, db, "a.csv", header+"2025H2,commune,"+c.Code+",members.total,120\n2026H1,commune,"+c.Code+",members.total,130\n2026H1,commune,"+c.Code+",org.branches,7\n",
			Options{Actor: "xã", Now: testNow})
		all, err := StoredAt(ctx, db, auth.LocalAdmin("admin"), c, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].Period != "2025H2" || all[0].Value != 120 || all[2].Indicator != "org.branches" || all[0].ImportID == nil || all[0].UpdatedAt == "" {
			t.Fatalf("every period: %+v", all)
		}
		one, err := StoredAt(ctx, db, auth.LocalAdmin("admin"), c, "2026H1")
		if err != nil || len(one) != 2 {
			t.Fatalf("2026H1: %+v, %v", one, err)
		}
		gl, err := tree.Resolve(units.Province, "52", h2.End())
		if err != nil {
			t.Fatal(err)
		}
		officer := auth.User{ID: 99, Email: "tinh52@test.vn", Role: auth.Officer, ScopeUnitID: gl.ID}
		if _, err := StoredAt(ctx, db, auth.ForUser(tree, officer, "web"), c, ""); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an officer of Gia Lai reading a commune of Đắk Lắk: %v", err)
		}
	})
}
