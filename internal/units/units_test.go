package units_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	before = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	after  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func loadTree(t *testing.T, db *store.DB) *units.Tree {
	t.Helper()
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func resolve(t *testing.T, tree *units.Tree, level units.Level, code string, at time.Time) *units.Unit {
	t.Helper()
	u, err := tree.Resolve(level, code, at)
	if err != nil {
		t.Fatalf("resolve %s:%s at %s: %v", level, code, at.Format(time.DateOnly), err)
	}
	return u
}

func TestFoldIgnoresCaseDiacriticsAndSpacing(t *testing.T) {
	for in, want := range map[string]string{
		"Đắk Lắk":             "dak lak",
		"  Phường   Phúc Xá ": "phuong phuc xa",
		"Thừa Thiên Huế":      "thua thien hue",
		"ĐỒNG THÁP":           "dong thap",
		"Hà\tNội":             "ha noi",
		"Phường 15":           "phuong 15",
		"":                    "",
	} {
		if got := units.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	// Decomposed input folds like composed input.
	if units.Fold("Đa\u0306\u0301k") != "dak" {
		t.Errorf("decomposed input not folded: %q", units.Fold("Đa\u0306\u0301k"))
	}
}

func TestListCountsUnitsPerLevelOnEachSideOfTheReform(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tree := loadTree(t, db)
		for _, c := range []struct {
			level units.Level
			at    time.Time
			want  int
		}{
			{units.Province, before, 63}, {units.District, before, 696}, {units.Commune, before, 10047},
			{units.Province, after, 34}, {units.District, after, 0}, {units.Commune, after, 3321},
		} {
			list, err := units.List(ctx, db, c.level, 0, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != c.want {
				t.Errorf("List(%s, %s) = %d units, want %d", c.level, c.at.Format(time.DateOnly), len(list), c.want)
			}
			if got := len(tree.Within(c.level, 0, c.at)); got != c.want {
				t.Errorf("Within(%s, %s) = %d units, want %d", c.level, c.at.Format(time.DateOnly), got, c.want)
			}
		}
	})
}

func TestListWithinProvinceReachesCommunesThroughDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tree := loadTree(t, db)
		hanoi := resolve(t, tree, units.Province, "01", before)
		list, err := units.List(ctx, db, units.Commune, hanoi.ID, before)
		if err != nil {
			t.Fatal(err)
		}
		within := tree.Within(units.Commune, hanoi.ID, before)
		if len(list) == 0 || len(list) != len(within) {
			t.Fatalf("communes of Hà Nội in 2024: List %d, Within %d", len(list), len(within))
		}
		if list[0].Code != "00001" || list[0].Name != "Phúc Xá" || list[0].Type != "Phường" {
			t.Errorf("first commune of Hà Nội = %+v, want Phường Phúc Xá 00001", list[0])
		}
		newHanoi := resolve(t, tree, units.Province, "01", after)
		list, err = units.List(ctx, db, units.Commune, newHanoi.ID, after)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 126 {
			t.Errorf("communes of Hà Nội in 2026: %d, want 126", len(list))
		}
	})
}

func TestProvinceCodeNamesDifferentUnitsBeforeAndAfterReform(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		old := resolve(t, tree, units.Province, "52", time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
		if old.Name != "Bình Định" || old.Type != "Tỉnh" || old.FullName() != "Tỉnh Bình Định" {
			t.Errorf("province:52 in 2024 = %q %q", old.Type, old.Name)
		}
		nw := resolve(t, tree, units.Province, "52", after)
		if nw.Name != "Gia Lai" || nw.ID == old.ID {
			t.Errorf("province:52 in 2026 = %q (id %d, old id %d)", nw.Name, nw.ID, old.ID)
		}
		if !nw.ValidFrom.Equal(units.ReformDate) || !nw.ValidTo.Equal(units.Forever) {
			t.Errorf("Gia Lai 2026 valid %v–%v", nw.ValidFrom, nw.ValidTo)
		}
		if !old.ValidFrom.Equal(units.Beginning) || !old.ValidTo.Equal(units.ReformDate.AddDate(0, 0, -1)) {
			t.Errorf("Bình Định valid %v–%v", old.ValidFrom, old.ValidTo)
		}
		// The last day of the old structure and the first of the new.
		if u := resolve(t, tree, units.Province, "52", units.ReformDate); u.ID != nw.ID {
			t.Errorf("province:52 on 01/07/2025 is %q", u.Name)
		}
	})
}

func TestGiaLaiIsFormedFromTwoWholeProvinces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		lin := tree.Lineage(resolve(t, tree, units.Province, "52", after).ID)
		if len(lin.Predecessors) != 2 {
			t.Fatalf("Gia Lai has %d predecessors, want 2", len(lin.Predecessors))
		}
		for i, want := range []struct{ code, name string }{{"52", "Bình Định"}, {"64", "Gia Lai"}} {
			p := lin.Predecessors[i]
			if p.Unit.Code != want.code || p.Unit.Name != want.name || !p.Link.Full || p.Link.Share != nil || !p.Link.Effective.Equal(units.ReformDate) {
				t.Errorf("predecessor %d = %s %q full=%v", i, p.Unit.Code, p.Unit.Name, p.Link.Full)
			}
		}
		if len(lin.Successors) != 0 {
			t.Errorf("Gia Lai 2026 has successors: %v", lin.Successors)
		}
		old := tree.Lineage(resolve(t, tree, units.Province, "64", before).ID)
		if len(old.Successors) != 1 || old.Successors[0].Unit.Code != "52" {
			t.Errorf("old Gia Lai successors: %+v", old.Successors)
		}
	})
}

func TestLineageKeepsPartialCommuneLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		partial, full := 0, 0
		for _, c := range tree.All(units.Commune, after) {
			for _, l := range tree.Predecessors(c.ID) {
				if l.Full {
					full++
				} else {
					partial++
				}
			}
		}
		if partial != 1012 || partial+full != 10604 {
			t.Errorf("commune links: %d partial, %d in all; want 1012 and 10604", partial, partial+full)
		}
		// Phường Ngọc Hà (00016) was split between new wards.
		ngocHa := resolve(t, tree, units.Commune, "00016", before)
		succ := tree.Lineage(ngocHa.ID).Successors
		if len(succ) < 2 {
			t.Fatalf("Phường Ngọc Hà went into %d units, want several", len(succ))
		}
		for _, s := range succ {
			if s.Link.Full {
				t.Errorf("split commune has a full link to %s", s.Unit.Name)
			}
		}
	})
}

func TestIslandDistrictsBecameSpecialZones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		for code, zone := range map[string]string{"318": "Bạch Long Vĩ", "471": "Cồn Cỏ", "498": "Hoàng Sa", "536": "Lý Sơn", "755": "Côn Đảo"} {
			d := resolve(t, tree, units.District, code, before)
			succ := tree.Lineage(d.ID).Successors
			if len(succ) != 1 || succ[0].Unit.Level != units.Commune || succ[0].Unit.Type != "Đặc khu" || succ[0].Unit.Name != zone || !succ[0].Link.Full {
				t.Errorf("district %s: successors %+v, want Đặc khu %s", code, succ, zone)
			}
		}
	})
}

func TestCommuneLinkAcrossProvinceLineageIsKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		old := resolve(t, tree, units.Commune, "30622", before)
		succ := tree.Lineage(old.ID).Successors
		if len(succ) != 1 || succ[0].Unit.Code != "30259" || tree.Province(succ[0].Unit.ID).Code != "82" {
			t.Errorf("commune 30622 successors: %+v", succ)
		}
	})
}

func TestSeedSplitsTypeFromName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		for _, c := range []struct {
			level     units.Level
			code      string
			at        time.Time
			typ, name string
		}{
			{units.Province, "01", before, "Thành phố", "Hà Nội"},
			{units.Province, "01", after, "Thành phố", "Hà Nội"},
			{units.Province, "66", after, "Tỉnh", "Đắk Lắk"},
			{units.District, "001", before, "Quận", "Ba Đình"},
			{units.District, "058", before, "Thành phố", "Bắc Kạn"},
			{units.Commune, "00001", before, "Phường", "Phúc Xá"},
			{units.Commune, "03172", before, "Thị trấn", "Mường Chà"},
			{units.Commune, "00004", after, "Phường", "Ba Đình"},
			{units.Commune, "26732", after, "Đặc khu", "Côn Đảo"},
		} {
			u := resolve(t, tree, c.level, c.code, c.at)
			if u.Type != c.typ || u.Name != c.name {
				t.Errorf("%s:%s = %q %q, want %q %q", c.level, c.code, u.Type, u.Name, c.typ, c.name)
			}
		}
		if n := tree.Nation(); n == nil || n.Name != "Việt Nam" || n.Code != "" {
			t.Errorf("nation = %+v", n)
		}
	})
}

func TestResolveTellsUnknownCodeFromWrongLevelAndAbolishedDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree := loadTree(t, db)
		for _, c := range []struct {
			name  string
			level units.Level
			code  string
			at    time.Time
		}{
			{"unknown code", units.Province, "99", before},
			{"wrong level", units.Province, "00001", before},
			{"district after reform", units.District, "001", after},
			{"old province gone", units.Province, "64", after},
		} {
			_, err := tree.Resolve(c.level, c.code, c.at)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.NotFound || ae.Message == "" {
				t.Errorf("%s: err = %v, want a NotFound apperr", c.name, err)
			}
		}
	})
}

func TestFindMatchesNamesWithoutDiacritics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		found, err := units.Find(ctx, db, "dak lak", time.Time{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		provinces := 0
		for _, m := range found {
			if m.Unit.Level == units.Province && m.Unit.Name == "Đắk Lắk" {
				provinces++
			}
		}
		if provinces != 2 || found[0].Unit.Name != "Đắk Lắk" {
			t.Errorf("Find(dak lak) = %d provinces named Đắk Lắk (first %q), want the old and the new", provinces, found[0].Unit.Name)
		}
		found, err = units.Find(ctx, db, "DAK LAK", after, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) == 0 || found[0].Unit.Level != units.Province || !found[0].Unit.ValidFrom.Equal(units.ReformDate) {
			t.Errorf("Find(DAK LAK, 2026) first = %+v, want the new province", found)
		}
		for _, q := range []string{"phuc xa", "Phường Phúc Xá", "phuong  phuc xa"} {
			found, err = units.Find(ctx, db, q, before, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) == 0 || found[0].Unit.FullName() != "Phường Phúc Xá" || found[0].Place != "Quận Ba Đình, Thành phố Hà Nội" {
				t.Errorf("Find(%q) first = %+v", q, found)
			}
		}
	})
}

func TestFindRanksExactThenPrefixThenContains(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		found, err := units.Find(context.Background(), db, "hoa binh", time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		rank := func(m units.Match) int {
			switch s := units.Fold(m.Unit.Name); {
			case s == "hoa binh":
				return 0
			case len(s) >= 8 && s[:8] == "hoa binh":
				return 1
			}
			return 2
		}
		if len(found) < 3 {
			t.Fatalf("Find(hoa binh) = %d matches", len(found))
		}
		for i := 1; i < len(found); i++ {
			if rank(found[i]) < rank(found[i-1]) {
				t.Errorf("match %d %q ranked after %q", i, found[i].Unit.Name, found[i-1].Unit.Name)
			}
		}
		if found[0].Unit.Level != units.Province {
			t.Errorf("first match %+v, want a province", found[0].Unit)
		}
	})
}

func TestFindLimitsAndRejectsEmptyText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		found, err := units.Find(ctx, db, "xa", time.Time{}, 7)
		if err != nil || len(found) != 7 {
			t.Errorf("Find(xa, limit 7) = %d matches, %v", len(found), err)
		}
		found, err = units.Find(ctx, db, "%", time.Time{}, 0)
		if err != nil || len(found) != 0 {
			t.Errorf("Find(%%) = %d matches, %v; want none: %% is not a wildcard", len(found), err)
		}
		if _, err := units.Find(ctx, db, "  ", time.Time{}, 0); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("Find(blank) err = %v, want Invalid", err)
		}
	})
}

func TestParseDateRejectsBadDays(t *testing.T) {
	if d, err := units.ParseDate("2024-07-05"); err != nil || !d.Equal(time.Date(2024, 7, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseDate(2024-07-05) = %v, %v", d, err)
	}
	for _, s := range []string{"05/07/2024", "2024-13-01", "", "hôm nay"} {
		if _, err := units.ParseDate(s); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("ParseDate(%q) err = %v, want Invalid", s, err)
		}
	}
}
