package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// title is one of the five learning-model titles with the words the
// narrative needs.
type title struct {
	prefix string // indicator code prefix, "models.family"
	name   string // "Gia đình học tập"
	noun   string // "gia đình"
}

var titles = []title{
	{"models.family", vi.TitleFamily, vi.NounFamily},
	{"models.clan", vi.TitleClan, vi.NounClan},
	{"models.community", vi.TitleCommunity, vi.NounCommunity},
	{"models.unit", vi.TitleUnit, vi.NounUnit},
	{"models.citizen", vi.TitleCitizen, vi.NounCitizen},
}

// narrative builds the figure sentences of one report's document. A
// comparison that is an estimate is not marked in each sentence: the
// document says so once, in a note.
type narrative struct {
	r *Report
}

// acrossReform tells whether the comparison period ends before the
// reorganisation of 1 July 2025 and the period after it: then a count of
// bodies changed with the units, and its difference is no movement.
func (t *narrative) acrossReform() bool {
	return t.r.ComparePeriod.End().Before(units.ReformDate) && !t.r.Period.End().Before(units.ReformDate)
}

// figLine is one generated sentence and the indicator it states (empty
// for a sentence about several children).
type figLine struct {
	code, text string
}

// add appends the sentence for code to lines, if the figure has data.
func (t *narrative) add(lines []figLine, format, code, noun string, args ...any) []figLine {
	if s, ok := t.sentence(format, code, noun, args...); ok {
		return append(lines, figLine{code, s})
	}
	return lines
}

// sentence renders format with the figure of code (and its noun) followed
// by args, then the comparison clause when the comparison period has data.
// ok is false when the figure itself has no data.
func (t *narrative) sentence(format, code, noun string, args ...any) (string, bool) {
	v, ok := t.r.Indicators[code]
	if !ok {
		return "", false
	}
	ind := lookup(code)
	if t.acrossReform() && ind.CountsBodies() {
		// The reorganisation note says what the merger did.
		v.Change, v.ChangePct = nil, nil
	}
	return t.state(v, ind, vi.TextCompare, t.r.ComparePeriod.Year, format, noun, args...)
}

// state renders one figure: format with its amount (the total and, where
// the association recorded its own part, that part) and args, then the
// comparison clause (compare with the comparison year and the change).
func (t *narrative) state(v Value, ind indicator.Indicator, compare string, year int, format, noun string, args ...any) (string, bool) {
	if !known(v.Value) {
		return "", false
	}
	fig := amount(*v.Value, ind, noun)
	if known(v.Own) {
		if whole, own, ok := t.ownWords(); ok {
			fig = fmt.Sprintf(vi.TextOwn, fig, whole, own, amount(*v.Own, ind, noun))
		}
	}
	s := fmt.Sprintf(format, append([]any{fig}, args...)...)
	if known(v.Change) {
		s += fmt.Sprintf(compare, year, changePhrase(v, ind, noun))
	}
	return s + vi.TextSentenceEnd, true
}

// ownWords are the words of a figure that has the association's own part:
// the whole territory ("toàn tỉnh") and the association ("Hội tỉnh").
// A cluster has no association of its own.
func (t *narrative) ownWords() (whole, own string, ok bool) {
	s := t.r.Scope
	switch s.Level {
	case "cluster":
		return "", "", false
	case "nation":
		return vi.TextOwnNationWhole, vi.TextOwnNation, true
	}
	kind := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(s.FullName, s.Name)))
	if kind == "" {
		kind = vi.TextOwnUnit
	}
	return fmt.Sprintf(vi.TextOwnWhole, kind), fmt.Sprintf(vi.TextOwnBody, kind), true
}

// known reports whether x is a figure: not nil, NaN or infinite.
func known(x *float64) bool { return x != nil && !math.IsNaN(*x) && !math.IsInf(*x, 0) }

// amount writes a figure with its unit: "1.234.567 người", "18,53%",
// "1.500.000 đồng", "65.000 đồng/người", "12 chi hội". noun, when given,
// replaces the unit of counts and people.
func amount(x float64, ind indicator.Indicator, noun string) string {
	var num, unit string
	switch ind.Unit {
	case "percent":
		return vi.Number(x, ind.Decimals) + "%"
	case "VND":
		return vi.MoneyWords(x)
	case "VND/person":
		num, unit = vi.Number(x, 0), vi.ReportUnitPerCapita
	case "person":
		num, unit = humanPlain(x, ind), vi.ReportUnitPerson
	case "household":
		num, unit = humanPlain(x, ind), vi.ReportUnitHousehold
	default:
		num = humanPlain(x, ind)
	}
	if noun != "" && !ind.IsMoney() {
		unit = noun
	}
	if unit == "" {
		return num
	}
	return num + " " + unit
}

// changePhrase says how a figure moved: "tăng 12.345 người (tăng 1,01%)",
// "giảm 0,25 điểm phần trăm", "không thay đổi".
func changePhrase(v Value, ind indicator.Indicator, noun string) string {
	c := *v.Change
	var size string
	if ind.Unit == "percent" {
		size = vi.Number(math.Abs(c), ind.Decimals) + " " + vi.ReportUnitPoints
	} else {
		size = amount(math.Abs(c), ind, noun)
	}
	if !strings.ContainsAny(size, "123456789") {
		return vi.TextSame
	}
	up := c > 0
	s := fmt.Sprintf(vi.TextDown, size)
	if up {
		s = fmt.Sprintf(vi.TextUp, size)
	}
	if ind.Unit != "percent" && known(v.ChangePct) {
		pct := vi.Percent(math.Abs(*v.ChangePct))
		if up {
			s += fmt.Sprintf(vi.TextPctUp, pct)
		} else {
			s += fmt.Sprintf(vi.TextPctDown, pct)
		}
	}
	return s
}

func (t *narrative) organisation() []figLine {
	var l []figLine
	l = t.add(l, vi.TextGrassroots, "org.grassroots", vi.NounGrassroots)
	l = t.add(l, vi.TextBranches, "org.branches", vi.NounBranch)
	l = t.add(l, vi.TextBoards, "org.boards", vi.NounBoard)
	return l
}

func (t *narrative) members() []figLine {
	var l []figLine
	l = t.add(l, vi.TextMembers, "members.total", "")
	l = t.add(l, vi.TextMembersRatio, "members.ratio", "")
	for _, s := range t.topRatio() {
		l = append(l, figLine{text: s})
	}
	return l
}

// topRatio names the children with the highest members per population
// (three, or five when there are ten or more children) and how each moved,
// then those whose ratio is above the scope's and rose ("có tỉ lệ hội
// viên cao và tăng").
func (t *narrative) topRatio() []string {
	const code = "members.ratio"
	ind := lookup(code)
	var withData []Node
	for _, c := range t.r.Children {
		if known(c.Indicators[code].Value) {
			withData = append(withData, c)
		}
	}
	if len(withData) < 2 {
		return nil
	}
	sort.SliceStable(withData, func(i, j int) bool {
		return *withData[i].Indicators[code].Value > *withData[j].Indicators[code].Value
	})
	who := vi.TextTopUnits
	switch units.Level(withData[0].Level) {
	case units.Province:
		who = vi.TextTopProvinces
	case units.District:
		who = vi.TextTopDistricts
	case units.Commune:
		who = vi.TextTopCommunes
	}
	n := 3
	if len(withData) >= 10 {
		n = topListed
	}
	var items []string
	for _, c := range withData[:min(n, len(withData))] {
		v := c.Indicators[code]
		figure := amount(*v.Value, ind, "")
		if !known(v.Change) {
			items = append(items, fmt.Sprintf(vi.TextTopItem, c.Name, figure))
			continue
		}
		approx := ""
		if v.Approximate {
			approx = vi.TextApproxItem
		}
		items = append(items, fmt.Sprintf(vi.TextTopItemChg, c.Name, figure, changePhrase(v, ind, ""), approx))
	}
	out := []string{fmt.Sprintf(vi.TextTopRatio, who, strings.Join(items, vi.TextListSep)) + vi.TextSentenceEnd}
	all := t.r.Indicators[code]
	if !known(all.Value) {
		return out
	}
	var rising []string
	for _, c := range withData {
		v := c.Indicators[code]
		if *v.Value <= *all.Value || !known(v.Change) || *v.Change <= 0 {
			continue
		}
		approx := ""
		if v.Approximate {
			approx = vi.TextApproxItem
		}
		rising = append(rising, fmt.Sprintf(vi.TextRisingItem, c.Name, amount(*v.Value, ind, ""), changePhrase(v, ind, ""), approx))
		if len(rising) == topListed {
			break
		}
	}
	if len(rising) > 0 {
		out = append(out, fmt.Sprintf(vi.TextHighRising, who, amount(*all.Value, ind, ""), strings.Join(rising, vi.TextListSep))+vi.TextSentenceEnd)
	}
	return out
}

// models states the learning titles. A year states its registrations and
// recognitions and the rate of learning families. Titles are recognised
// once a year, so a half-year states this year's registrations (and the
// share of households registered) and the previous year's recognitions
// and rate; it has no recognition rate of its own.
func (t *narrative) models() []figLine {
	l := t.modelsOfPeriod()
	l = append(l, t.inForce()...)
	return append(l, t.targets()...)
}

// inForce states the titles in force at the end of the period (a
// recognition counts for as many years as its set says), the learning
// communes apart, and the learning citizens of each target group against
// the people of that group.
func (t *narrative) inForce() []figLine {
	var l []figLine
	for _, ti := range titles {
		l = t.add(l, vi.TextInForce, ti.prefix+".in_force", ti.noun, ti.name)
		if ti.prefix == "models.community" {
			l = t.add(l, vi.TextInForceCommunes, "models.community_commune.in_force", vi.NounCommune)
		}
		if rate := ti.prefix + ".rate"; ti.prefix != "models.family" {
			if _, ok := indicator.Default.Get(rate); ok {
				l = t.add(l, vi.TextTitleRate, rate, "", ti.name)
			}
		}
	}
	for _, g := range []string{"residents", "workers", "officials", "pupils"} {
		l = t.add(l, vi.TextGroupRate, "models.citizen."+g+".rate", "", vi.TargetGroup(g))
	}
	return l
}

// targets states each rate against its target.
func (t *narrative) targets() []figLine {
	var l []figLine
	for _, pr := range t.r.Targets {
		if pr.Value == nil {
			continue
		}
		ind := lookup(pr.Code)
		whose := vi.TextTargetNation
		if pr.Province {
			whose = vi.TextTargetProvince
		}
		s := fmt.Sprintf(vi.TextTarget, ind.NameVI, pr.Year, amount(*pr.Value, ind, ""), vi.Points(pr.Target)+"%",
			pr.TargetYear, whose, vi.Percent(*pr.Reached))
		l = append(l, figLine{text: s + vi.TextSentenceEnd})
	}
	return l
}

// modelsOfPeriod states the registrations and recognitions of the period.
func (t *narrative) modelsOfPeriod() []figLine {
	var l []figLine
	if t.r.Period.Kind != period.Half {
		for _, ti := range titles {
			l = t.add(l, vi.TextRegistered, ti.prefix+".registered", ti.noun, ti.name)
			l = t.add(l, vi.TextRecognized, ti.prefix+".recognized", ti.noun, ti.name)
			l = t.add(l, vi.TextRecognizedPct, ti.prefix+".recognized_pct", "")
			if ti.prefix == "models.family" {
				l = t.add(l, vi.TextFamilyRate, "models.family.rate", "")
			}
		}
		return l
	}
	year := t.r.Period.Year
	for _, ti := range titles {
		l = t.add(l, vi.TextRegisteredYear, ti.prefix+".registered", ti.noun, ti.name, year)
		if ti.prefix == "models.family" {
			if s, ok := t.state(t.registrationRate(), lookup("models.family.rate"), vi.TextCompare, t.r.ComparePeriod.Year, vi.TextRegisteredRate, ""); ok {
				l = append(l, figLine{text: s})
			}
		}
		if t.r.PreviousYear == nil {
			continue
		}
		code := ti.prefix + ".recognized"
		if s, ok := t.state(t.r.PreviousYear[code], lookup(code), vi.TextCompareYear, year-2, vi.TextRecognizedYear, ti.noun, ti.name, year-1); ok {
			l = append(l, figLine{code, s})
		}
		if ti.prefix == "models.family" {
			const rate = "models.family.rate"
			if s, ok := t.state(t.r.PreviousYear[rate], lookup(rate), vi.TextCompareYear, year-2, vi.TextFamilyRateYear, "", year-1); ok {
				l = append(l, figLine{rate, s})
			}
		}
	}
	return l
}

// registrationRate is the families registered as learning families per
// hundred households, for the period and the comparison period.
func (t *narrative) registrationRate() Value {
	reg, hh := t.r.Indicators["models.family.registered"], t.r.Indicators["population.households"]
	ind := lookup("models.family.rate")
	side := func(num, den *float64, approx bool) rollup.Result {
		return ratio(rollup.Result{Has: known(num), Value: deref(num), Approximate: approx}, rollup.Result{Has: known(den), Value: deref(den)}, ind.Scale)
	}
	return compare(side(reg.Value, hh.Value, false), side(reg.Previous, hh.Previous, reg.Approximate || hh.Approximate), ind.Decimals)
}

func deref(x *float64) float64 {
	if x == nil {
		return 0
	}
	return *x
}

func (t *narrative) agreements() []figLine {
	const code = "agreements.partners"
	var l []figLine
	l = t.add(l, vi.TextPartners, code, vi.NounPartner)
	ind := lookup(code)
	var withData []Node
	for _, c := range t.r.Children {
		if known(c.Indicators[code].Value) {
			withData = append(withData, c)
		}
	}
	// A cluster lists each province; a province with a hundred communes
	// names the few with the most partners.
	format := vi.TextPartnersByChild
	if len(withData) > maxListed {
		sort.SliceStable(withData, func(i, j int) bool {
			return *withData[i].Indicators[code].Value > *withData[j].Indicators[code].Value
		})
		withData, format = withData[:topListed], vi.TextPartnersTop
	}
	var items []string
	for _, c := range withData {
		items = append(items, fmt.Sprintf(vi.TextChildItem, c.Name, amount(*c.Indicators[code].Value, ind, vi.NounPartner)))
	}
	if len(items) > 0 {
		l = append(l, figLine{text: fmt.Sprintf(format, strings.Join(items, vi.TextListSep)) + vi.TextSentenceEnd})
	}
	return l
}

// Children listed one by one in the narrative: all of them up to
// maxListed, else the topListed first.
const (
	maxListed = 12
	topListed = 5
)

func (t *narrative) fund() []figLine {
	var l []figLine
	l = t.add(l, vi.TextFundRaised, "fund.raised", "")
	l = append(l, t.means()...)
	l = append(l, t.parts(vi.TextFundByDonor, fundDonors)...)
	l = t.add(l, vi.TextFundPerCap, "fund.per_capita", "")
	l = t.add(l, vi.TextFundPerCapHeld, "fund.per_capita.held", "")
	l = t.add(l, vi.TextFundSpent, "fund.spent", "")
	l = t.add(l, vi.TextFundBalance, "fund.balance", "")
	l = t.awards(l, vi.TextScholarships, vi.TextScholarshipsNone, "awards.scholarships", vi.TextScholarAmt)
	l = t.awards(l, vi.TextPrizes, vi.TextPrizesNone, "awards.prizes", vi.TextPrizesAmt)
	l = t.add(l, vi.TextReturned, "students.returned", vi.NounStudent)
	return l
}

// awards states the awards of one kind (code) and their value (code's
// .amount). None given in the period (a ledger counts its zeros) is said in
// words, "Chưa trao học bổng nào", with the comparison where the same
// period of last year had some, and without a value of 0 đồng.
func (t *narrative) awards(lines []figLine, format, none, code, amountFormat string) []figLine {
	v, ok := t.r.Indicators[code]
	if !ok || !known(v.Value) || *v.Value != 0 {
		lines = t.add(lines, format, code, vi.NounAward)
		return t.add(lines, amountFormat, code+".amount", "")
	}
	s := none
	if known(v.Change) && *v.Change != 0 {
		s += fmt.Sprintf(vi.TextCompare, t.r.ComparePeriod.Year, changePhrase(v, lookup(code), vi.NounAward))
	}
	return append(lines, figLine{code, s + vi.TextSentenceEnd})
}

// fundMeans and fundDonors are the parts of the fund raised the ledger
// counts apart (package fund), each with its word.
var (
	fundMeans  = [][2]string{{"fund.raised.cash", vi.TextFundCash}, {"fund.raised.in_kind", vi.TextFundInKind}, {"fund.raised.works", vi.TextFundWorks}}
	fundDonors = [][2]string{{"fund.raised.person", vi.TextDonorPerson}, {"fund.raised.clan", vi.TextDonorClan},
		{"fund.raised.enterprise", vi.TextDonorEnterprise}, {"fund.raised.organisation", vi.TextDonorOrganisation},
		{"fund.raised.hometown", vi.TextDonorHometown}}
)

// parts is one sentence listing the parts of a figure that have a value
// above zero ("Trong đó: bằng tiền hơn 3 triệu đồng; bằng công trình …"),
// or none.
func (t *narrative) parts(format string, codes [][2]string) []figLine {
	items, _ := t.partItems(codes)
	if len(items) == 0 {
		return nil
	}
	return []figLine{{code: codes[0][0], text: fmt.Sprintf(format, strings.Join(items, vi.TextListSep)) + vi.TextSentenceEnd}}
}

// partItems are the parts of codes above zero, each with its word and
// amount, and their sum.
func (t *narrative) partItems(codes [][2]string) ([]string, float64) {
	var (
		items []string
		sum   float64
	)
	for _, c := range codes {
		v, ok := t.r.Indicators[c[0]]
		if !ok || !known(v.Value) || *v.Value <= 0 {
			continue
		}
		items = append(items, c[1]+" "+amount(*v.Value, lookup(c[0]), ""))
		sum += *v.Value
	}
	return items, sum
}

// means lists the fund raised by means (cash, in kind, works), which only
// a ledger counts. Where the fund raised is more than these parts (units
// that report their fund as a figure beside units that keep their ledger
// here), the sentence says whose parts they are and how much they come to,
// rather than "of which" a small part of a total they do not make up.
func (t *narrative) means() []figLine {
	items, sum := t.partItems(fundMeans)
	if len(items) == 0 {
		return nil
	}
	list := strings.Join(items, vi.TextListSep)
	text := fmt.Sprintf(vi.TextFundByMeans, list)
	if v, ok := t.r.Indicators["fund.raised"]; ok && known(v.Value) && sum < *v.Value-0.5 {
		text = fmt.Sprintf(vi.TextFundByMeansLedgers, amount(sum, lookup("fund.raised"), ""), list)
	}
	return []figLine{{code: fundMeans[0][0], text: text + vi.TextSentenceEnd}}
}

func (t *narrative) centers() []figLine {
	var l []figLine
	l = t.add(l, vi.TextCenters, "centers.total", vi.NounCenter)
	l = t.add(l, vi.TextParticipants, "centers.participants", vi.NounAttendance)
	return l
}
