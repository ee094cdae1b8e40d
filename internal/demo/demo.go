// Package demo generates a plausible, deterministic data set for
// demonstrations and tests: the membership of emulation cluster 6 (Nam
// Trung Bộ và Tây Nguyên) for 2023–2026, and half-yearly commune totals of
// the base indicators for its provinces' communes, on the old communes
// until 30 June 2025 and on the new ones after, with figures that carry on
// across the reform (a new commune starts from the sum of its predecessors'
// shares). The provinces' populations are the 2019 census's
// (provinces.csv; README.md beside it gives the sources and the ranges of
// every drawn figure). Generation is pure: units and a seed in, CSV files
// in the contract formats out. FromTree picks the units out of a loaded
// unit tree.
package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

// ClusterCode and ClusterName identify the demo's emulation cluster.
const (
	ClusterCode = "6"
	ClusterName = "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên"
)

// OldProvinces are the cluster's provinces before the reform (Bình Định,
// Phú Yên, Khánh Hòa, Ninh Thuận, Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm
// Đồng); NewProvinces after it (Quảng Ngãi, Gia Lai, Khánh Hòa, Đắk Lắk, Lâm
// Đồng). The new provinces also took in Quảng Ngãi (51) and Bình Thuận
// (60), which were in another cluster before.
var (
	OldProvinces = []string{"52", "54", "56", "58", "62", "64", "66", "67", "68"}
	NewProvinces = []string{"51", "52", "56", "66", "68"}
)

// ClusterYears maps each year of the demo to the province codes of cluster
// 6 that year. A year's membership is taken at 31 December, so 2025 already
// uses the new provinces.
var ClusterYears = map[int][]string{
	2023: OldProvinces, 2024: OldProvinces, 2025: NewProvinces, 2026: NewProvinces,
}

// Commune is a commune as the generator needs it: its code and the code of
// its province (both as valid on its side of the reform), and whether it
// is a ward or township (larger, with more agencies and schools and fewer
// clans than a rural commune). District marks an island district without
// communes, which the old side reports at district level.
type Commune struct {
	Code     string
	Province string
	Urban    bool
	District bool
}

// Link says that Share (0 < Share ≤ 1) of the old commune Old went into the
// new commune New on 1 July 2025.
type Link struct {
	Old, New string
	Share    float64
}

// Units are the communes the demo generates figures for: the old communes
// (valid until 30 June 2025), the new ones (from 1 July 2025) and the
// lineage between them. Every new commune should have links whose old
// communes are in Old.
type Units struct {
	Old, New []Commune
	Links    []Link
}

// Periods of the demo: half-years on the old communes, then on the new.
var (
	OldPeriods = []period.Period{period.MustParse("2023H1"), period.MustParse("2023H2"), period.MustParse("2024H1"), period.MustParse("2024H2"), period.MustParse("2025H1")}
	NewPeriods = []period.Period{period.MustParse("2025H2"), period.MustParse("2026H1"), period.MustParse("2026H2")}
)

// ReportPeriod is the latest half-year of the demo that the demo command
// reports on: a complete first half, compared with 2025H1 across the reform.
var ReportPeriod = period.MustParse("2026H1")

// Generate writes both demo files: the clusters file and the aggregates
// file. The same seed and units give the same bytes.
func Generate(seed int64, u Units, clusters, aggregates io.Writer) error {
	if err := WriteClusters(clusters); err != nil {
		return err
	}
	return WriteAggregates(seed, u, aggregates)
}

// WriteClusters writes cluster 6 for 2023–2026 in the clusters contract
// format (year,cluster,name,province).
func WriteClusters(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"year", "cluster", "name", "province"}); err != nil {
		return err
	}
	years := make([]int, 0, len(ClusterYears))
	for y := range ClusterYears {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		for _, p := range ClusterYears[y] {
			if err := cw.Write([]string{strconv.Itoa(y), ClusterCode, ClusterName, p}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Indicators lists, in order, the base indicators the demo fills.
var Indicators = []string{
	"population.total", "population.households",
	"org.grassroots", "org.branches", "org.boards", "members.total",
	"models.family.registered", "models.family.recognized",
	"models.clan.registered", "models.clan.recognized",
	"models.community.registered", "models.community.recognized",
	"models.unit.registered", "models.unit.recognized",
	"models.citizen.registered", "models.citizen.recognized",
	"agreements.partners", "centers.total", "centers.participants",
	"fund.raised", "fund.spent", "fund.balance",
	"awards.scholarships", "awards.scholarships.amount",
	"awards.prizes", "awards.prizes.amount", "students.returned",
}

// Bases lists, in order, what the demo fills after the reform only, on
// the new communes: the denominators of the titles' rates (people of each
// target group, clans, hamlets, agencies) and the titles in force, so that
// the rates and the progress against the national targets have figures
// for the current years, as a commune that keeps its titles elsewhere
// would import them.
var Bases = [...]string{
	"population.adults", "population.workers", "population.officials", "population.pupils",
	"population.clans", "population.hamlets", "population.agencies",
	"models.family.in_force", "models.clan.in_force", "models.community.in_force", "models.unit.in_force",
	"models.citizen.residents.in_force", "models.citizen.workers.in_force", "models.citizen.officials.in_force",
	"models.citizen.pupils.in_force", "models.citizen.in_force",
}

// WriteAggregates writes the commune totals in the aggregates contract
// format (period,level,code,indicator,value), ordered by period, commune
// code and indicator. Every value is a whole number; money is in đồng,
// rounded to thousands.
func WriteAggregates(seed int64, u Units, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString("period,level,code,indicator,value\n"); err != nil {
		return err
	}
	g := newGenerator(seed, u)
	for t, p := range append(append([]period.Period{}, OldPeriods...), NewPeriods...) {
		communes := u.Old
		if t >= len(OldPeriods) {
			communes = u.New
		}
		for _, c := range sortedCommunes(communes) {
			vals := g.values(c.Code, t, t >= len(OldPeriods))
			level := "commune"
			if c.District {
				level = "district"
			}
			for i, code := range Indicators {
				fmt.Fprintf(bw, "%s,%s,%s,%s,%d\n", p, level, c.Code, code, vals[i])
			}
			if t >= len(OldPeriods) {
				for i, v := range g.bases(c.Code, t) {
					fmt.Fprintf(bw, "%s,%s,%s,%s,%d\n", p, level, c.Code, Bases[i], v)
				}
			}
		}
	}
	return bw.Flush()
}

func sortedCommunes(cs []Commune) []Commune {
	out := append([]Commune(nil), cs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// profile is the steady state of one old commune: yearly levels at the
// start of 2023 and yearly growth rates. Figures at half-year t (0 =
// 2023H1) are level × (1+growth)^(t/2), times the half's seasonal share
// for flows, times a little noise.
type profile struct {
	pop, households, popG float64 // residents and households at the start of 2023
	members, membersG     float64 // share of residents, yearly growth of the share
	// The commune's association network: grassroots associations of its
	// agencies and schools beside the commune's own, branches (one per
	// hamlet or residential group, and in schools and agencies), boards
	// (in clans, schools, agencies) and partners.
	assocs, branches, boards, partners float64
	family                             float64 // yearly registrations per household
	familyRec                          float64 // share of registrations recognised
	clans, communities                 float64 // yearly registrations
	unitsReg, citizens                 float64 // units: count; citizens: share of residents
	participants                       float64 // yearly attendances per resident
	fund, fundG                        float64 // đồng per resident per year, growth
	spend                              float64 // share of the fund raised that is spent
	balance                            float64 // opening balance in đồng
	scholarship, prize                 float64 // average value of one award in đồng
	returned                           float64 // pupils brought back per year
	structureG, modelsG                float64 // yearly growth of branches etc., of registrations
	// The counts the titles' rates divide by: hamlets, clans, and
	// agencies with schools, as drawn for the network above.
	hamlets, clanCount, agencies float64
	base                         baseProfile
}

// baseProfile is an old commune's people by target group, as shares of
// its residents, and the shares of households, clans, hamlets, agencies
// and of each group whose title is in force at the start of 2026. It is
// drawn apart from the rest of the profile (its own generator), so that
// adding it changed none of the other figures.
type baseProfile struct {
	adults, workers, officials, pupils            float64
	family, clans, hamlets, agencies              float64
	residentsIn, workersIn, officialsIn, pupilsIn float64
}

// provinceProfile holds what an old province's communes share: the level of
// membership and of the fund its association reaches, and how fast its
// population grows.
type provinceProfile struct {
	members, fund, popG float64
}

// seasonal shares of a year's flow that fall in the first half.
const (
	firstHalfRegistered = 0.85 // registrations are made at the start of the year
	firstHalfRecognized = 0.10 // recognitions are decided at year-end reviews
	firstHalfFund       = 0.45 // fund raising peaks at the start of the school year
	firstHalfAwards     = 0.40
	firstHalfReturned   = 0.30
)

type generator struct {
	seed     int64
	profiles map[string]*profile        // old communes
	preds    map[string][]Link          // new commune → links from old ones
	balance  map[string]map[int]float64 // fund balance per balanceKey per half-year
}

// newGenerator draws the profiles of the old communes. A province listed
// in provinces.csv has its population and households spread over its
// communes, skewed (many small rural communes, a few large wards), so that
// the communes add up to the file's figures at the start of 2023; a
// commune's population therefore depends on the other communes of its
// province, everything else only on its own code and the seed.
func newGenerator(seed int64, u Units) *generator {
	g := &generator{seed: seed, profiles: map[string]*profile{}, preds: map[string][]Link{}, balance: map[string]map[int]float64{}}
	byProvince := map[string][]Commune{}
	for _, c := range u.Old {
		byProvince[c.Province] = append(byProvince[c.Province], c)
	}
	for prov, cs := range byProvince {
		cs = sortedCommunes(cs)
		pp := g.provinceProfile(prov)
		sizes := make([]float64, len(cs))
		perHousehold := make([]float64, len(cs))
		for i, c := range cs {
			r := g.rng(c.Code, "size")
			sizes[i] = communeSize(r, c.Urban)
			perHousehold[i] = householdSize(r, c.Urban)
		}
		pops, households := sizes, make([]float64, len(cs))
		row, listed := oldProvince(prov)
		if listed {
			pops = allocate(row.Population, sizes)
			weights := make([]float64, len(cs))
			for i := range cs {
				weights[i] = pops[i] / perHousehold[i]
			}
			households = allocate(row.Households, weights)
		} else {
			for i := range cs {
				pops[i] = math.Round(sizes[i])
				households[i] = math.Round(pops[i] / perHousehold[i])
			}
		}
		for i, c := range cs {
			g.profiles[c.Code] = newProfile(g.rng(c.Code, "profile"), c.Urban, pp, pops[i], households[i])
			g.profiles[c.Code].base = newBaseProfile(g.rng(c.Code, "bases"), c.Urban)
		}
	}
	for _, l := range u.Links {
		g.preds[l.New] = append(g.preds[l.New], l)
	}
	for k := range g.preds {
		ls := g.preds[k]
		sort.Slice(ls, func(i, j int) bool { return ls[i].Old < ls[j].Old })
	}
	return g
}

// rng is a generator private to one commune and purpose, so that figures do
// not depend on the order or the number of other communes.
func (g *generator) rng(code, purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(code))
	h.Write([]byte{0})
	h.Write([]byte(purpose))
	return rand.New(rand.NewPCG(uint64(g.seed), h.Sum64()))
}

func between(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// provinceProfile draws a province's shared levels: members 21–24.5 % of
// the population (reports give about 20–27 % at province level), a fund of
// 30,000–70,000 đồng per resident a year (tens of billions of đồng for a
// province of a million people), population growth under 1.2 % a year.
func (g *generator) provinceProfile(code string) provinceProfile {
	r := g.rng(code, "province")
	return provinceProfile{members: between(r, 0.21, 0.245), fund: between(r, 30000, 70000), popG: between(r, 0.004, 0.012)}
}

// communeSize is an unscaled population: rural communes mostly 2,500–9,000
// with a long tail, wards and townships two to three times larger.
func communeSize(r *rand.Rand, urban bool) float64 {
	if urban {
		return 6000 + 30000*math.Pow(r.Float64(), 1.5)
	}
	return 2500 + 14000*math.Pow(r.Float64(), 2)
}

// householdSize is residents per household: smaller in wards.
func householdSize(r *rand.Rand, urban bool) float64 {
	if urban {
		return between(r, 3.1, 3.7)
	}
	return between(r, 3.4, 4.3)
}

// allocate splits total into whole parts in proportion to weights (largest
// remainders get the units left), so that the parts add up to total.
func allocate(total int64, weights []float64) []float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]float64, len(weights))
	rest := make([]int, len(weights))
	left := total
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = math.Floor(exact)
		left -= int64(out[i])
		rest[i] = i
	}
	frac := func(i int) float64 { return float64(total)*weights[i]/sum - out[i] }
	sort.SliceStable(rest, func(a, b int) bool { return frac(rest[a]) > frac(rest[b]) })
	for k := 0; left > 0; k, left = k+1, left-1 {
		out[rest[k%len(rest)]]++
	}
	return out
}

// newProfile draws an old commune's profile around its population. A
// commune has 8–30 hamlets (a ward 8–40 residential groups), a few schools
// and agencies, and clans (fewer in wards); the association has a branch
// in almost every hamlet and in some schools and agencies, boards in clans,
// schools and agencies, and in a ward sometimes associations of its own in
// agencies and schools.
func newProfile(r *rand.Rand, urban bool, pp provinceProfile, pop, households float64) *profile {
	var hamlets, schools, agencies, clans, assocs float64
	schools = math.Min(15, math.Max(2, math.Round(pop/between(r, 2000, 3500))))
	if urban {
		hamlets = math.Min(40, math.Max(8, math.Round(pop/between(r, 500, 1000))))
		agencies = math.Round(between(r, 3, 10))
		clans = math.Round(between(r, 0, 4))
		assocs = math.Floor(between(r, 0, 2.5))
	} else {
		hamlets = math.Min(30, math.Max(8, math.Round(pop/between(r, 400, 800))))
		agencies = math.Round(between(r, 1, 3))
		clans = math.Round(between(r, 3, 15))
		if r.Float64() < 0.15 {
			assocs = 1
		}
	}
	p := &profile{
		pop: pop, households: households, popG: pp.popG + between(r, -0.003, 0.003),
		members: math.Min(0.33, math.Max(0.14, pp.members*between(r, 0.8, 1.2))), membersG: between(r, 0.003, 0.012),
		assocs:   assocs,
		branches: math.Round(hamlets*between(r, 0.9, 1) + schools*between(r, 0.4, 0.9) + agencies*between(r, 0.2, 0.6)),
		boards:   math.Round(clans*between(r, 0.6, 1) + schools*between(r, 0.3, 0.8) + agencies*between(r, 0.3, 0.8)),
		partners: between(r, 3, 9),
		family:   between(r, 0.6, 0.85), familyRec: between(r, 0.8, 0.95),
		clans: clans * between(r, 0.6, 1), communities: hamlets * between(r, 0.5, 0.9),
		unitsReg: (schools + agencies) * between(r, 0.6, 1), citizens: between(r, 0.08, 0.3),
		participants: between(r, 0.2, 0.8),
		fund:         pp.fund * between(r, 0.6, 1.4), fundG: between(r, 0.02, 0.07),
		spend:       between(r, 0.88, 1.0),
		scholarship: between(r, 500000, 1500000), prize: between(r, 200000, 800000),
		returned:   between(r, 0, 4),
		structureG: between(r, 0, 0.02), modelsG: between(r, 0.01, 0.05),
	}
	if urban {
		p.fund *= 1.3
	}
	p.balance = p.pop * p.fund * between(r, 0.6, 1.4)
	p.hamlets, p.clanCount, p.agencies = hamlets, math.Max(clans, 1), schools+agencies
	return p
}

// newBaseProfile draws a commune's target groups and titles in force:
// adults (15 and over) 70–78 % of residents; workers 4–12 % (twice that in
// a ward), officials 2–4 %, pupils and students 18–25 %; titles in force
// around the national targets of 2025 (DOMAIN.md): 55–85 % of households
// and clans, 50–85 % of hamlets, 60–95 % of agencies, 30–55 % of adults,
// 45–80 % of workers, 50–85 % of officials, 30–60 % of pupils.
func newBaseProfile(r *rand.Rand, urban bool) baseProfile {
	b := baseProfile{
		adults: between(r, 0.70, 0.78), workers: between(r, 0.04, 0.12), officials: between(r, 0.02, 0.04), pupils: between(r, 0.18, 0.25),
		family: between(r, 0.55, 0.85), clans: between(r, 0.55, 0.85), hamlets: between(r, 0.5, 0.85), agencies: between(r, 0.6, 0.95),
		residentsIn: between(r, 0.30, 0.55), workersIn: between(r, 0.45, 0.80), officialsIn: between(r, 0.50, 0.85), pupilsIn: between(r, 0.30, 0.60),
	}
	if urban {
		b.workers *= 2
	}
	return b
}

// baseLevels are an old commune's figures of Bases at half-year t: the
// groups grow with the population, the titles in force by the growth of
// registrations from 2026 on (the shares are those at its start).
func (p *profile) baseLevels(t int) [len(Bases)]float64 {
	grow := math.Pow(1+p.popG, float64(t)/2)
	pop, households := p.pop*grow, p.households*grow
	in := math.Pow(1+p.modelsG, float64(t-6)/2)
	b := p.base
	adults, workers, officials, pupils := pop*b.adults, pop*b.workers, pop*b.officials, pop*b.pupils
	residents, wk, of, pu := adults*b.residentsIn*in, workers*b.workersIn*in, officials*b.officialsIn*in, pupils*b.pupilsIn*in
	return [len(Bases)]float64{
		adults, workers, officials, pupils, p.clanCount, p.hamlets, p.agencies,
		households * b.family * in, p.clanCount * b.clans * in, p.hamlets * b.hamlets * in, p.agencies * b.agencies * in,
		residents, wk, of, pu, residents + wk + of + pu,
	}
}

// bases computes the figures of Bases of a new commune at half-year t
// (after the reform): its predecessors' shares, whole numbers, a title in
// force never more than what it is counted against.
func (g *generator) bases(code string, t int) []int64 {
	var sum [len(Bases)]float64
	for _, l := range g.preds[code] {
		if p := g.profiles[l.Old]; p != nil {
			lv := p.baseLevels(t)
			for i := range sum {
				sum[i] += l.Share * lv[i]
			}
		}
	}
	out := make([]int64, len(Bases))
	for i := range out {
		out[i] = int64(math.Round(sum[i]))
	}
	// Each title in force at most what its rate counts it against: the
	// catalogue's rates whose numerator and denominator are both Bases (the
	// families, counted against households, are well below them). The
	// learning citizens in force are those of the four groups.
	at := func(code string) int { return slices.Index(Bases[:], code) }
	for _, ind := range indicator.Default.List {
		if n, d := at(ind.Numerator), at(ind.Denominator); ind.Kind == indicator.Ratio && n >= 0 && d >= 0 {
			out[n] = min(out[n], out[d])
		}
	}
	total := at("models.citizen.in_force")
	out[total] = 0
	for _, g := range []string{"residents", "workers", "officials", "pupils"} {
		out[total] += out[at("models.citizen."+g+".in_force")]
	}
	return out
}

// level is the noise-free yearly figure of indicator i for an old commune
// at half-year t (flows: the whole year's amount; stocks: the level).
func (p *profile) level(i int, t int) float64 {
	years := float64(t) / 2
	grow := func(g float64) float64 { return math.Pow(1+g, years) }
	pop := p.pop * grow(p.popG)
	households := p.households * grow(p.popG)
	reg := grow(p.modelsG)
	raised := pop * p.fund * grow(p.fundG)
	switch Indicators[i] {
	case "population.total":
		return pop
	case "population.households":
		return households
	case "org.grassroots":
		return 1 + p.assocs
	case "centers.total":
		return 1
	case "org.branches":
		return p.branches * grow(p.structureG)
	case "org.boards":
		return p.boards * grow(p.structureG)
	case "members.total":
		return pop * p.members * grow(p.membersG)
	case "models.family.registered":
		return households * p.family * reg
	case "models.family.recognized":
		return households * p.family * p.familyRec * reg
	case "models.clan.registered":
		return p.clans * reg
	case "models.clan.recognized":
		return p.clans * 0.8 * reg
	case "models.community.registered":
		return p.communities * reg
	case "models.community.recognized":
		return p.communities * 0.75 * reg
	case "models.unit.registered":
		return p.unitsReg * reg
	case "models.unit.recognized":
		return p.unitsReg * 0.85 * reg
	case "models.citizen.registered":
		return pop * p.citizens * reg
	case "models.citizen.recognized":
		return pop * p.citizens * 0.7 * reg
	case "agreements.partners":
		return p.partners * grow(p.structureG)
	case "centers.participants":
		return pop * p.participants * reg
	case "fund.raised":
		return raised
	case "fund.spent":
		return raised * p.spend
	case "awards.scholarships":
		return raised * p.spend * 0.5 / p.scholarship
	case "awards.scholarships.amount":
		return raised * p.spend * 0.5
	case "awards.prizes":
		return raised * p.spend * 0.3 / p.prize
	case "awards.prizes.amount":
		return raised * p.spend * 0.3
	case "students.returned":
		return p.returned
	}
	return 0
}

// firstHalf is the share of indicator i's yearly flow that falls in the
// first half; 0 for stocks (and balance, computed apart).
func firstHalf(code string) float64 {
	switch code {
	case "models.family.registered", "models.clan.registered", "models.community.registered",
		"models.unit.registered", "models.citizen.registered":
		return firstHalfRegistered
	case "models.family.recognized", "models.clan.recognized", "models.community.recognized",
		"models.unit.recognized", "models.citizen.recognized":
		return firstHalfRecognized
	case "fund.raised", "fund.spent":
		return firstHalfFund
	case "awards.scholarships", "awards.scholarships.amount", "awards.prizes", "awards.prizes.amount":
		return firstHalfAwards
	case "students.returned":
		return firstHalfReturned
	case "centers.participants":
		return 0.5
	}
	return 0
}

// structural indicators move only with the profile's slow growth: no noise,
// so that a count of associations or branches does not jump from one
// half-year to the next.
func structural(code string) bool {
	switch code {
	case "population.total", "population.households", "org.grassroots", "org.branches", "org.boards",
		"agreements.partners", "centers.total":
		return true
	}
	return false
}

// money indicators are rounded to thousands of đồng.
func money(code string) bool {
	switch code {
	case "fund.raised", "fund.spent", "fund.balance", "awards.scholarships.amount", "awards.prizes.amount":
		return true
	}
	return false
}

// values computes the figures of one commune at half-year t, in the order
// of Indicators. A new commune's noise-free level is the share-weighted sum
// of its predecessors' levels, except for the counts the reform changed:
// a new commune has one association of its own (plus its predecessors'
// associations of agencies and schools, which the reform did not merge)
// and one community learning centre (the old communes' centres became its
// branches, which the indicator does not count).
func (g *generator) values(code string, t int, isNew bool) []int64 {
	r := g.rng(code, "period "+strconv.Itoa(t))
	raw := make([]float64, len(Indicators))
	for i, ind := range Indicators {
		var lv float64
		switch {
		case !isNew:
			lv = g.profiles[code].level(i, t)
		case ind == "centers.total":
			lv = 1
		case ind == "org.grassroots":
			lv = 1
			for _, l := range g.preds[code] {
				if p := g.profiles[l.Old]; p != nil {
					lv += l.Share * (p.level(i, t) - 1)
				}
			}
		default:
			for _, l := range g.preds[code] {
				if p := g.profiles[l.Old]; p != nil {
					lv += l.Share * p.level(i, t)
				}
			}
		}
		if s := firstHalf(ind); s > 0 {
			if t%2 == 0 {
				lv *= s
			} else {
				lv *= 1 - s
			}
		}
		noise := 1.0
		switch {
		case structural(ind):
		case ind == "members.total":
			noise = 1 + 0.01*r.NormFloat64()
		default:
			noise = 1 + 0.03*r.NormFloat64()
		}
		raw[i] = lv * math.Min(1.1, math.Max(0.9, noise))
	}
	idx := func(code string) int {
		for i, c := range Indicators {
			if c == code {
				return i
			}
		}
		panic("demo: no indicator " + code)
	}
	// Keep the fund consistent: spending covers the awards, and the
	// balance is the opening balance plus what was raised less what was
	// spent, half-year after half-year.
	awards := raw[idx("awards.scholarships.amount")] + raw[idx("awards.prizes.amount")]
	raw[idx("fund.spent")] = math.Max(raw[idx("fund.spent")], awards/0.9)
	bal := g.openingBalance(code, t, isNew) + thousands(raw[idx("fund.raised")]) - thousands(raw[idx("fund.spent")])
	raw[idx("fund.balance")] = math.Max(0, bal)
	key := balanceKey(code, isNew)
	if g.balance[key] == nil {
		g.balance[key] = map[int]float64{}
	}
	g.balance[key][t] = thousands(raw[idx("fund.balance")])

	out := make([]int64, len(Indicators))
	for i, ind := range Indicators {
		switch {
		case money(ind):
			out[i] = int64(thousands(raw[i]))
		case structural(ind):
			out[i] = int64(math.Round(raw[i]))
		default:
			// Counts of people and titles are rounded at random in
			// proportion to their fraction, so that small half-year
			// counts (a commune's 0.4 recognised communities) add up
			// to the right totals instead of rounding to zero.
			f := math.Floor(raw[i])
			if r.Float64() < raw[i]-f {
				f++
			}
			out[i] = int64(f)
		}
	}
	// Members stay within 12–35 % of the population whatever the noise.
	pop := float64(out[idx("population.total")])
	m := idx("members.total")
	out[m] = int64(math.Round(math.Min(0.35*pop, math.Max(0.12*pop, float64(out[m])))))
	return out
}

func thousands(x float64) float64 { return math.Round(x/1000) * 1000 }

// openingBalance is the fund balance at the end of the half-year before t:
// the commune's own previous balance, a new commune's predecessors' shares
// of theirs at the reform, or the profile's opening balance at the start.
func (g *generator) openingBalance(code string, t int, isNew bool) float64 {
	if b, ok := g.balance[balanceKey(code, isNew)][t-1]; ok {
		return b
	}
	if !isNew {
		return thousands(g.profiles[code].balance)
	}
	var sum float64
	for _, l := range g.preds[code] {
		sum += l.Share * g.balance[balanceKey(l.Old, false)][t-1]
	}
	return thousands(sum)
}

// balanceKey tells an old commune from a new one with the same code: codes
// were reused at the reform.
func balanceKey(code string, isNew bool) string {
	if isNew {
		return "new:" + code
	}
	return "old:" + code
}
