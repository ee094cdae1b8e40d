package demo

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// realDemo is the demo generated (seed 1) over the real unit tree, as the
// demo command makes it, read into period → commune → indicator → value;
// built once for the tests of this file.
var realDemo struct {
	once sync.Once
	u    Units
	tab  map[string]map[string]map[string]float64
	err  error
}

func demoOnTheTree(t *testing.T) (Units, map[string]map[string]map[string]float64) {
	t.Helper()
	realDemo.once.Do(func() {
		db := storetest.SQLite(t)
		tree, err := units.LoadTree(context.Background(), db)
		if err != nil {
			realDemo.err = err
			return
		}
		realDemo.u = FromTree(tree)
		var b bytes.Buffer
		if realDemo.err = WriteAggregates(1, realDemo.u, &b); realDemo.err == nil {
			realDemo.tab = table(t, b.Bytes())
		}
	})
	if realDemo.err != nil {
		t.Fatal(realDemo.err)
	}
	return realDemo.u, realDemo.tab
}

// provinceSums adds a period's commune figures up per province, on the
// side of the reform the period is on; "" holds the whole demo.
func provinceSums(u Units, tab map[string]map[string]map[string]float64, period string) map[string]map[string]float64 {
	communes := u.Old
	if period >= NewPeriods[0].String() {
		communes = u.New
	}
	out := map[string]map[string]float64{}
	for _, c := range communes {
		for _, key := range []string{c.Province, ""} {
			if out[key] == nil {
				out[key] = map[string]float64{}
			}
			for ind, v := range tab[period][c.Code] {
				out[key][ind] += v
			}
			out[key]["communes"]++
		}
	}
	return out
}

func allPeriods() []string {
	var out []string
	for _, p := range append(append([]string(nil), periodStrings(OldPeriods)...), periodStrings(NewPeriods)...) {
		out = append(out, p)
	}
	return out
}

func periodStrings[P interface{ String() string }](ps []P) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestProvincesFileListsTheDemosProvincesAndSumsTheMerged(t *testing.T) {
	ps := Provinces()
	old := map[string]Province{}
	var oldCodes, newCodes []string
	for _, p := range ps {
		if p.New {
			newCodes = append(newCodes, p.Code)
			continue
		}
		old[p.Code] = p
		oldCodes = append(oldCodes, p.Code)
		if p.Basis != "census" && p.Basis != "census-population" {
			t.Errorf("old province %s: basis %q", p.Code, p.Basis)
		}
		if size := float64(p.Population) / float64(p.Households); size < 3 || size > 4.5 {
			t.Errorf("old province %s: %.2f residents per household", p.Code, size)
		}
	}
	// The cluster's provinces before the reform, and Quảng Ngãi and Bình
	// Thuận, which the new provinces took in.
	wantOld := append(append([]string(nil), OldProvinces...), "51", "60")
	sort.Strings(wantOld)
	if strings.Join(oldCodes, " ") != strings.Join(wantOld, " ") || strings.Join(newCodes, " ") != strings.Join(NewProvinces, " ") {
		t.Fatalf("old provinces %v, new %v", oldCodes, newCodes)
	}
	used := map[string]bool{}
	for _, p := range ps {
		if !p.New {
			continue
		}
		var pop, hh int64
		for _, c := range p.From {
			o, ok := old[c]
			if !ok || used[c] {
				t.Errorf("new province %s: predecessor %q unknown or used twice", p.Code, c)
			}
			used[c] = true
			pop += o.Population
			hh += o.Households
		}
		if p.Basis != "sum" || p.Population != pop || p.Households != hh {
			t.Errorf("new province %s: %d residents, %d households (%s); its predecessors %v have %d and %d", p.Code, p.Population, p.Households, p.Basis, p.From, pop, hh)
		}
	}
	if len(used) != len(old) {
		t.Errorf("%d of %d old provinces went into a new one", len(used), len(old))
	}
	// Figures from the 2019 census that the file must keep (the Central
	// Highlands add up to the census's 5,842,681).
	if old["66"].Population != 1869322 || old["66"].Households != 487951 ||
		old["62"].Population+old["64"].Population+old["66"].Population+old["67"].Population+old["68"].Population != 5842681 {
		t.Errorf("census figures changed: %+v", old)
	}
}

func TestGenerateSpreadsEachProvincesPopulationOverItsCommunes(t *testing.T) {
	u, tab := demoOnTheTree(t)
	first := OldPeriods[0].String()
	sums := provinceSums(u, tab, first)
	for _, p := range Provinces() {
		if p.New {
			continue
		}
		s := sums[p.Code]
		if s["population.total"] != float64(p.Population) || s["population.households"] != float64(p.Households) {
			t.Errorf("province %s in %s: communes add up to %.0f residents and %.0f households; provinces.csv says %d and %d",
				p.Code, first, s["population.total"], s["population.households"], p.Population, p.Households)
		}
	}
	// Skewed: many small rural communes, a few large wards.
	var rural, urban []float64
	for _, c := range u.Old {
		pop := tab[first][c.Code]["population.total"]
		if c.Urban {
			urban = append(urban, pop)
		} else {
			rural = append(rural, pop)
		}
	}
	slices.Sort(rural)
	slices.Sort(urban)
	all := append(append([]float64(nil), rural...), urban...)
	slices.Sort(all)
	median, largest := all[len(all)/2], all[len(all)-1]
	if mean := sum(all) / float64(len(all)); median >= mean || largest < 4*median || all[0] < 1000 {
		t.Errorf("communes' population: smallest %.0f, median %.0f, mean %.0f, largest %.0f; want a long tail of large communes", all[0], median, mean, largest)
	}
	if urban[len(urban)/2] < 1.8*rural[len(rural)/2] {
		t.Errorf("median ward %.0f residents, median rural commune %.0f", urban[len(urban)/2], rural[len(rural)/2])
	}
}

func sum(xs []float64) (s float64) {
	for _, x := range xs {
		s += x
	}
	return s
}

func TestGenerateKeepsFiguresInTheRangesReportsGive(t *testing.T) {
	u, tab := demoOnTheTree(t)
	for i, period := range allPeriods() {
		communes := u.Old
		if i >= len(OldPeriods) {
			communes = u.New
		}
		for _, c := range communes {
			v := tab[period][c.Code]
			if r := v["members.total"] / v["population.total"]; r < 0.12 || r > 0.35 {
				t.Errorf("%s commune %s: members %.1f%% of the population", period, c.Code, 100*r)
			}
			if v["centers.total"] != 1 || v["org.grassroots"] < 1 || v["org.grassroots"] > 12 {
				t.Errorf("%s commune %s: %v associations, %v centres", period, c.Code, v["org.grassroots"], v["centers.total"])
			}
			// A commune has 8–30 hamlets (a ward up to 40 residential
			// groups) and branches in some schools and agencies; a new
			// commune has its predecessors' branches (a few new communes
			// took only part of one old commune).
			if br := v["org.branches"]; br < 4 || (i < len(OldPeriods) && (br < 8 || br > 60)) {
				t.Errorf("%s commune %s: %v branches", period, c.Code, br)
			}
		}
		for prov, s := range provinceSums(u, tab, period) {
			name := "province " + prov
			if prov == "" {
				name = "the demo's nation"
			}
			n := s["communes"]
			if r := s["members.total"] / s["population.total"]; r < 0.20 || r > 0.27 {
				t.Errorf("%s %s: members %.2f%% of the population, want 20–27%%", period, name, 100*r)
			}
			if a := s["org.grassroots"] / n; a < 1 || a > 2.5 {
				t.Errorf("%s %s: %.2f grassroots associations per commune", period, name, a)
			}
			if b := s["org.branches"] / n; b < 10 || (i < len(OldPeriods) && b > 35) || b > 80 {
				t.Errorf("%s %s: %.1f branches per commune", period, name, b)
			}
			if b := s["org.boards"] / n; b < 3 || (i < len(OldPeriods) && b > 25) || b > 60 {
				t.Errorf("%s %s: %.1f boards per commune", period, name, b)
			}
			if s["centers.total"] != n {
				t.Errorf("%s %s: %v centres for %v communes", period, name, s["centers.total"], n)
			}
			if f := s["models.family.recognized"] / s["population.households"]; f > 0.1 && strings.HasSuffix(period, "H1") {
				t.Errorf("%s %s: %.1f%% of households recognised in the first half (recognitions come at year end)", period, name, 100*f)
			}
		}
	}
	// A year's fund: tens of thousands of đồng per resident, tens to
	// hundreds of billions of đồng for a province.
	for _, year := range []string{"2023", "2024", "2026"} {
		h1, h2 := provinceSums(u, tab, year+"H1"), provinceSums(u, tab, year+"H2")
		for prov := range h1 {
			if prov == "" {
				continue
			}
			raised := h1[prov]["fund.raised"] + h2[prov]["fund.raised"]
			perResident := raised / h2[prov]["population.total"]
			if perResident < 20000 || perResident > 120000 || raised < 10e9 || raised > 500e9 {
				t.Errorf("%s province %s: fund %.1f billion đồng, %.0f đồng per resident", year, prov, raised/1e9, perResident)
			}
			if b := h2[prov]["fund.balance"] / raised; b < 0.5 || b > 3 {
				t.Errorf("%s province %s: balance %.1f times the year's fund", year, prov, b)
			}
			awarded := h1[prov]["awards.scholarships.amount"] + h2[prov]["awards.scholarships.amount"]
			count := h1[prov]["awards.scholarships"] + h2[prov]["awards.scholarships"]
			if avg := awarded / count; avg < 400000 || avg > 2000000 || awarded > raised {
				t.Errorf("%s province %s: %.0f scholarships worth %.1f billion đồng", year, prov, count, awarded/1e9)
			}
		}
	}
}

// Comparisons with the same period of the previous year move by a few per
// cent, on either side of the reform and across it (a new province against
// the old provinces merged into it).
func TestGenerateMovesYearOnYearByAFewPerCent(t *testing.T) {
	u, tab := demoOnTheTree(t)
	into := map[string]string{} // old province → new
	for _, p := range Provinces() {
		for _, c := range p.From {
			into[c] = p.Code
		}
	}
	byNew := func(sums map[string]map[string]float64) map[string]map[string]float64 {
		out := map[string]map[string]float64{}
		for prov, s := range sums {
			key := into[prov]
			if prov == "" {
				key = ""
			}
			if out[key] == nil {
				out[key] = map[string]float64{}
			}
			for ind, v := range s {
				out[key][ind] += v
			}
		}
		return out
	}
	indicators := []string{"population.total", "population.households", "members.total", "org.branches", "org.boards",
		"models.family.registered", "models.citizen.registered", "agreements.partners", "centers.participants",
		"fund.raised", "fund.spent", "fund.balance", "awards.scholarships.amount", "awards.prizes.amount"}
	for _, pair := range [][2]string{{"2023H1", "2024H1"}, {"2023H2", "2024H2"}, {"2024H1", "2025H1"}, {"2025H1", "2026H1"}, {"2025H2", "2026H2"}} {
		before, after := provinceSums(u, tab, pair[0]), provinceSums(u, tab, pair[1])
		if pair[0] < NewPeriods[0].String() && pair[1] >= NewPeriods[0].String() {
			before = byNew(before)
		}
		for prov, a := range after {
			b := before[prov]
			for _, ind := range indicators {
				if ch := a[ind]/b[ind] - 1; ch < -0.03 || ch > 0.10 {
					t.Errorf("province %q %s: %s %.0f → %.0f (%+.1f%%)", prov, ind, pair[0], b[ind], a[ind], 100*ch)
				}
			}
		}
	}
}
