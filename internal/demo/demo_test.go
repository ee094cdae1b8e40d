package demo

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
)

// smallUnits: three old communes in two old provinces; old 00003 is split
// between the two new communes, 00001 and 00002 merge fully into the new
// 00002, which reuses an old code as real communes do.
func smallUnits() Units {
	return Units{
		Old: []Commune{{Code: "00001", Province: "52"}, {Code: "00002", Province: "52"}, {Code: "00003", Province: "64"}},
		New: []Commune{{Code: "00002", Province: "52"}, {Code: "10002", Province: "52"}},
		Links: []Link{
			{Old: "00001", New: "00002", Share: 1},
			{Old: "00002", New: "00002", Share: 1},
			{Old: "00003", New: "00002", Share: 0.4},
			{Old: "00003", New: "10002", Share: 0.6},
		},
	}
}

func generate(t *testing.T, seed int64, u Units) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteAggregates(seed, u, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// table reads the aggregates into period → code → indicator → value.
func table(t *testing.T, data []byte) map[string]map[string]map[string]float64 {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "period,level,code,indicator,value" {
		t.Fatalf("header %v", rows[0])
	}
	out := map[string]map[string]map[string]float64{}
	for _, r := range rows[1:] {
		if r[1] != "commune" && r[1] != "district" {
			t.Fatalf("level %q", r[1])
		}
		v, err := strconv.ParseInt(r[4], 10, 64)
		if err != nil || v < 0 {
			t.Fatalf("value %q is not a whole non-negative number", r[4])
		}
		if out[r[0]] == nil {
			out[r[0]] = map[string]map[string]float64{}
		}
		if out[r[0]][r[2]] == nil {
			out[r[0]][r[2]] = map[string]float64{}
		}
		out[r[0]][r[2]][r[3]] = float64(v)
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(t, 42, smallUnits()), generate(t, 42, smallUnits())
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different bytes")
	}
	if bytes.Equal(a, generate(t, 43, smallUnits())) {
		t.Error("different seeds gave the same bytes")
	}
	// Figures of a commune do not depend on the other communes listed.
	u := smallUnits()
	u.Old = []Commune{u.Old[2], u.Old[0], u.Old[1]} // order does not matter
	if !bytes.Equal(a, generate(t, 42, u)) {
		t.Error("order of the units changed the output")
	}
}

func TestGenerateUsesOldCodesBeforeTheReformAndNewAfter(t *testing.T) {
	tab := table(t, generate(t, 1, smallUnits()))
	for _, p := range OldPeriods {
		if len(tab[p.String()]) != 3 || tab[p.String()]["10002"] != nil {
			t.Errorf("%s: communes %v, want the three old ones", p, keys(tab[p.String()]))
		}
	}
	for _, p := range NewPeriods {
		if len(tab[p.String()]) != 2 || tab[p.String()]["00001"] != nil {
			t.Errorf("%s: communes %v, want the two new ones", p, keys(tab[p.String()]))
		}
	}
	// The new communes also have the rates' denominators and the titles in
	// force; the old ones only the base indicators.
	for p, cs := range tab {
		want := len(Indicators)
		if p >= NewPeriods[0].String() {
			want += len(Bases)
		}
		for c, inds := range cs {
			if len(inds) != want {
				t.Errorf("%s %s: %d indicators, want %d", p, c, len(inds), want)
			}
		}
	}
}

// After the reform every rate of the titles has its denominator, and is
// believable: a title in force is counted at most once per thing it is
// counted against, the learning citizens in force are the sum of their
// groups, and the groups are parts of the population.
func TestGenerateGivesTheRatesTheirDenominatorsAfterTheReform(t *testing.T) {
	var u Units
	for i := range 200 {
		code := strconv.Itoa(20000 + i)
		u.Old = append(u.Old, Commune{Code: code, Province: "66", Urban: i%5 == 0})
		u.New = append(u.New, Commune{Code: code, Province: "66", Urban: i%5 == 0})
		u.Links = append(u.Links, Link{Old: code, New: code, Share: 1})
	}
	tab := table(t, generate(t, 5, u))
	rates := [][2]string{
		{"models.family.in_force", "population.households"}, {"models.clan.in_force", "population.clans"},
		{"models.community.in_force", "population.hamlets"}, {"models.unit.in_force", "population.agencies"},
		{"models.citizen.residents.in_force", "population.adults"}, {"models.citizen.workers.in_force", "population.workers"},
		{"models.citizen.officials.in_force", "population.officials"}, {"models.citizen.pupils.in_force", "population.pupils"},
	}
	for _, p := range NewPeriods {
		var num, den [8]float64
		for c, v := range tab[p.String()] {
			for i, r := range rates {
				if v[r[1]] <= 0 || v[r[0]] > v[r[1]] {
					t.Errorf("%s %s: %s %v of %s %v", p, c, r[0], v[r[0]], r[1], v[r[1]])
				}
				num[i] += v[r[0]]
				den[i] += v[r[1]]
			}
			groups := v["population.adults"] + v["population.workers"] + v["population.officials"] + v["population.pupils"]
			if groups >= 1.5*v["population.total"] || v["population.adults"] >= v["population.total"] {
				t.Errorf("%s %s: groups %v of a population of %v", p, c, groups, v["population.total"])
			}
			in := v["models.citizen.residents.in_force"] + v["models.citizen.workers.in_force"] +
				v["models.citizen.officials.in_force"] + v["models.citizen.pupils.in_force"]
			if v["models.citizen.in_force"] != in {
				t.Errorf("%s %s: learning citizens in force %v, groups %v", p, c, v["models.citizen.in_force"], in)
			}
		}
		// Over the 200 communes each rate lies around the national targets.
		for i, r := range rates {
			if rate := num[i] / den[i]; rate < 0.25 || rate > 0.95 {
				t.Errorf("%s: %s is %.0f%% of %s", p, r[0], rate*100, r[1])
			}
		}
	}
	for _, p := range OldPeriods {
		for c, v := range tab[p.String()] {
			if _, ok := v["population.adults"]; ok {
				t.Errorf("%s %s: denominators before the reform", p, c)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Two hundred communes of one province, none of them listed in the tree:
// each commune's figures stay within bounds and its fund adds up.
func TestGenerateKeepsEachCommuneBelievableAndItsFundConsistent(t *testing.T) {
	var u Units
	for i := range 200 {
		u.Old = append(u.Old, Commune{Code: strconv.Itoa(20000 + i), Province: "66"})
	}
	tab := table(t, generate(t, 7, u))
	for _, p := range OldPeriods {
		for c, v := range tab[p.String()] {
			pop := v["population.total"]
			if pop < 1500 || pop > 60000 {
				t.Errorf("%s %s: population %v", p, c, pop)
			}
			if r := v["members.total"] / pop; r < 0.12 || r > 0.35 {
				t.Errorf("%s %s: members %.3f of the population", p, c, r)
			}
			if perCap := v["fund.raised"] / pop; perCap < 5000 || perCap > 80000 {
				t.Errorf("%s %s: fund %.0f đồng per resident in a half-year", p, c, perCap)
			}
			if v["fund.spent"] > v["fund.raised"]*1.3 || v["fund.spent"] < v["awards.scholarships.amount"]+v["awards.prizes.amount"] {
				t.Errorf("%s %s: spent %v of %v raised, awards %v", p, c, v["fund.spent"], v["fund.raised"], v["awards.scholarships.amount"]+v["awards.prizes.amount"])
			}
			if v["org.grassroots"] < 1 || v["org.grassroots"] > 4 || v["centers.total"] != 1 {
				t.Errorf("%s %s: %v associations, %v centres", p, c, v["org.grassroots"], v["centers.total"])
			}
			if v["models.family.recognized"] > v["population.households"] {
				t.Errorf("%s %s: more learning families than households", p, c)
			}
		}
	}
	// Year on year, the cluster's members grow modestly.
	sum := func(p, ind string) (s float64) {
		for _, v := range tab[p] {
			s += v[ind]
		}
		return s
	}
	for _, ind := range []string{"members.total", "fund.raised", "population.total"} {
		g := sum("2025H1", ind)/sum("2024H1", ind) - 1
		if g < 0 || g > 0.12 {
			t.Errorf("%s grew %.1f%% in a year", ind, g*100)
		}
	}
	// The balance carries over: it rises by what was raised less spent.
	for c, v := range tab["2024H2"] {
		prev := tab["2024H1"][c]
		if v["fund.balance"] != prev["fund.balance"]+v["fund.raised"]-v["fund.spent"] {
			t.Errorf("%s: balance %v, want %v + %v - %v", c, v["fund.balance"], prev["fund.balance"], v["fund.raised"], v["fund.spent"])
		}
	}
}

func TestGenerateCarriesFiguresAcrossTheReform(t *testing.T) {
	u := smallUnits()
	tab := table(t, generate(t, 3, u))
	before, after := tab["2025H1"], tab["2025H2"]
	share := map[string]map[string]float64{}
	for _, l := range u.Links {
		if share[l.New] == nil {
			share[l.New] = map[string]float64{}
		}
		share[l.New][l.Old] = l.Share
	}
	for nc, olds := range share {
		var pop, members, bal float64
		for oc, s := range olds {
			pop += s * before[oc]["population.total"]
			members += s * before[oc]["members.total"]
			bal += s * before[oc]["fund.balance"]
		}
		if got := after[nc]["population.total"]; math.Abs(got/pop-1) > 0.02 {
			t.Errorf("%s: population %v after the reform, predecessors had %v", nc, got, pop)
		}
		if got := after[nc]["members.total"]; math.Abs(got/members-1) > 0.12 {
			t.Errorf("%s: members %v after the reform, predecessors had %v", nc, got, members)
		}
		want := math.Round(bal/1000)*1000 + after[nc]["fund.raised"] - after[nc]["fund.spent"]
		if got := after[nc]["fund.balance"]; got != math.Max(0, want) {
			t.Errorf("%s: balance %v, want %v carried over", nc, got, want)
		}
	}
}

func TestWriteClustersListsClusterSixPerYear(t *testing.T) {
	var b bytes.Buffer
	if err := WriteClusters(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "year,cluster,name,province" {
		t.Fatalf("header %v", rows[0])
	}
	per := map[string][]string{}
	for _, r := range rows[1:] {
		if r[1] != "6" || r[2] != "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên" {
			t.Errorf("row %v", r)
		}
		per[r[0]] = append(per[r[0]], r[3])
	}
	if strings.Join(per["2024"], " ") != "52 54 56 58 62 64 66 67 68" || strings.Join(per["2025"], " ") != "51 52 56 66 68" ||
		len(per["2023"]) != 9 || len(per["2026"]) != 5 {
		t.Errorf("membership %v", per)
	}
}
