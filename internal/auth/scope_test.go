package auth_test

import (
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// unitAt is a unit as a test names it: LEVEL:CODE on a day.
type unitAt struct {
	ref string
	at  time.Time
}

func (u unitAt) String() string { return u.ref + "@" + u.at.Format(time.DateOnly) }

func scopeOf(t *testing.T, tree *units.Tree, role auth.Role, ref string) *auth.Scope {
	t.Helper()
	return auth.NewScope(tree, auth.User{ID: 1, Email: "x@hoi.vn", Role: role, ScopeUnitID: unitID(t, tree, ref, t0)})
}

func TestScopeMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		var (
			nation    = unitAt{"nation", t0}
			daklak    = unitAt{"province:66", t0}       // new Đắk Lắk: old Đắk Lắk and Phú Yên
			tuyHoa    = unitAt{"commune:22015", t0}     // a 2026 ward of Đắk Lắk
			binhKien  = unitAt{"commune:22045", t0}     // its neighbour
			oldDaklak = unitAt{"province:66", before}   // old Đắk Lắk
			phuYen    = unitAt{"province:54", before}   // old Phú Yên
			phuong1   = unitAt{"commune:22015", before} // old ward of Phú Yên, wholly in Tuy Hòa
			phuong9   = unitAt{"commune:22024", before} // old ward of Phú Yên, partly in Tuy Hòa
			hoaKien   = unitAt{"commune:22042", before} // old commune of Phú Yên, only in Bình Kiến
			giaLai    = unitAt{"province:52", t0}       // new Gia Lai: old Bình Định and Gia Lai
			quyNhon   = unitAt{"commune:21583", t0}     // a 2026 ward of Gia Lai
			binhDinh  = unitAt{"province:52", before}
			oldGiaLai = unitAt{"province:64", before}
		)
		for _, c := range []struct {
			name         string
			role         auth.Role
			scope        string
			read, noRead []unitAt
			approve      []unitAt
			noApprove    []unitAt
		}{
			{
				name: "nation viewer", role: auth.Viewer, scope: "nation",
				read:      []unitAt{nation, daklak, tuyHoa, phuong1, giaLai, quyNhon, binhDinh, oldGiaLai},
				noApprove: []unitAt{tuyHoa, daklak},
			},
			{
				name: "nation admin", role: auth.Admin, scope: "nation",
				read:      []unitAt{nation, daklak, quyNhon, oldGiaLai},
				approve:   []unitAt{daklak, quyNhon, phuong1},
				noApprove: []unitAt{nation},
			},
			{
				name: "province officer", role: auth.Officer, scope: "province:66",
				read:      []unitAt{daklak, tuyHoa, binhKien, oldDaklak, phuYen, phuong1, phuong9, hoaKien},
				noRead:    []unitAt{nation, giaLai, quyNhon, binhDinh, oldGiaLai},
				approve:   []unitAt{tuyHoa, binhKien, phuong1, hoaKien},
				noApprove: []unitAt{daklak, oldDaklak, phuYen, quyNhon, nation},
			},
			{
				name: "province viewer", role: auth.Viewer, scope: "province:66",
				read:      []unitAt{daklak, tuyHoa, phuYen, phuong1},
				noRead:    []unitAt{giaLai, quyNhon},
				noApprove: []unitAt{tuyHoa},
			},
			{
				name: "commune officer", role: auth.Officer, scope: "commune:22015",
				read:      []unitAt{tuyHoa, phuong1, phuong9},
				noRead:    []unitAt{binhKien, hoaKien, daklak, phuYen, oldDaklak, quyNhon, nation},
				noApprove: []unitAt{tuyHoa, phuong1, binhKien},
			},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := scopeOf(t, tree, c.role, c.scope)
				if s.Root().ID != unitID(t, tree, c.scope, t0) {
					t.Fatalf("root %v", s.Root())
				}
				writer := c.role != auth.Viewer
				for _, u := range c.read {
					id := unitID(t, tree, u.ref, u.at)
					if !s.CanRead(id) {
						t.Errorf("cannot read %s", u)
					}
					if s.CanWrite(id) != writer {
						t.Errorf("CanWrite(%s) = %v, want %v", u, !writer, writer)
					}
					if s.CanAdmin(id) != (c.role == auth.Admin) {
						t.Errorf("CanAdmin(%s) wrong for %s", u, c.role)
					}
				}
				for _, u := range c.noRead {
					id := unitID(t, tree, u.ref, u.at)
					if s.CanRead(id) || s.CanWrite(id) || s.CanApprove(id) || s.CanAdmin(id) {
						t.Errorf("reaches %s outside the scope", u)
					}
				}
				for _, u := range c.approve {
					if !s.CanApprove(unitID(t, tree, u.ref, u.at)) {
						t.Errorf("cannot approve %s", u)
					}
				}
				for _, u := range c.noApprove {
					if s.CanApprove(unitID(t, tree, u.ref, u.at)) {
						t.Errorf("approves %s", u)
					}
				}
			})
		}
		if s := scopeOf(t, tree, auth.Officer, "province:66"); s.CanRead(987654321) {
			t.Error("an unknown unit is readable")
		}
		if s := scopeOf(t, tree, auth.Admin, "nation"); s.CanRead(987654321) {
			t.Error("an unknown unit is readable by the nation")
		}
	})
}

func TestScopeReadsClustersOfItsProvinceOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		id := func(ref string, at time.Time) int64 { return unitID(t, tree, ref, at) }
		cluster2026 := []int64{id("province:66", t0), id("province:68", t0)}
		cluster2024 := []int64{id("province:54", before), id("province:56", before)}
		elsewhere := []int64{id("province:52", t0), id("province:64", before)}
		prov := scopeOf(t, tree, auth.Viewer, "province:66")
		if !prov.CanReadCluster(cluster2026) || !prov.CanReadCluster(cluster2024) || prov.CanReadCluster(elsewhere) {
			t.Error("province 66: wrong clusters")
		}
		if !scopeOf(t, tree, auth.Viewer, "nation").CanReadCluster(elsewhere) {
			t.Error("the nation cannot read a cluster")
		}
		if scopeOf(t, tree, auth.Admin, "commune:22015").CanReadCluster(cluster2026) {
			t.Error("a commune reads its province's cluster")
		}
	})
}

func BenchmarkScope(b *testing.B) {
	db := storetest.SQLite(b)
	tree, err := units.Cached(b.Context(), db)
	if err != nil {
		b.Fatal(err)
	}
	prov, _ := tree.Resolve(units.Province, "66", t0)
	commune, _ := tree.Resolve(units.Commune, "22015", t0)
	other, _ := tree.Resolve(units.Commune, "21583", t0)
	u := auth.User{Role: auth.Officer, ScopeUnitID: prov.ID}
	b.Run("NewScope province", func(b *testing.B) {
		for b.Loop() {
			auth.NewScope(tree, u)
		}
	})
	s := auth.NewScope(tree, u)
	b.Run("CanRead", func(b *testing.B) {
		for b.Loop() {
			if !s.CanRead(commune.ID) || s.CanRead(other.ID) {
				b.Fatal("wrong answer")
			}
		}
	})
}
