package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
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

// WriteText writes the report as an association writes its half-year or
// year-end review: a heading and six sections (organisation, members,
// learning models, cooperation agreements, the fund, community learning
// centres), each figure in a Vietnamese sentence compared with the same
// period of the previous year. A sentence whose figure has no data is left
// out, and so is a section with no sentence; comparisons apportioned across
// the 2025 reorganisation say that they are estimates.
func WriteText(w io.Writer, r *Report) error {
	t := &narrative{r: r}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, textTitle(r.Period))
	fmt.Fprintf(bw, vi.TextScopeLine+"\n", r.Scope.Title())
	fmt.Fprintf(bw, vi.TextCompareTo+"\n", r.ComparePeriod.NameVI())
	sections := []struct {
		heading string
		lines   []figLine
	}{
		{vi.TextSection1, t.organisation()},
		{vi.TextSection2, t.members()},
		{vi.TextSection3, t.models()},
		{vi.TextSection4, t.agreements()},
		{vi.TextSection5, t.fund()},
		{vi.TextSection6, t.centers()},
	}
	written := 0
	for _, s := range sections {
		if len(s.lines) == 0 {
			continue
		}
		written++
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, s.heading)
		for _, l := range s.lines {
			fmt.Fprintln(bw, "- "+l.text)
		}
	}
	if written == 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, vi.TextNoData)
	}
	return bw.Flush()
}

func textTitle(p period.Period) string {
	name := strings.ToUpper(p.NameVI())
	switch p.Kind {
	case period.Half:
		return fmt.Sprintf(vi.TextTitleHalf, name)
	case period.Year:
		return fmt.Sprintf(vi.TextTitleYear, name)
	}
	return fmt.Sprintf(vi.TextTitleOther, name)
}

// narrative builds the sentences of one report.
type narrative struct {
	r *Report
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
	if !ok || !known(v.Value) {
		return "", false
	}
	ind := lookup(code)
	s := fmt.Sprintf(format, append([]any{amount(*v.Value, ind, noun)}, args...)...)
	if known(v.Change) {
		s += fmt.Sprintf(vi.TextCompare, t.r.ComparePeriod.Year, changePhrase(v, ind, noun))
		if v.Approximate {
			s += vi.TextApprox
		}
	}
	return s + vi.TextSentenceEnd, true
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
		num, unit = vi.Number(x, 0), vi.ReportUnitDong
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
	if s, ok := t.topRatio(); ok {
		l = append(l, figLine{text: s})
	}
	return l
}

// topRatio names the children with the highest members per population
// (three, or five when there are ten or more children) and how each moved.
func (t *narrative) topRatio() (string, bool) {
	const code = "members.ratio"
	ind := lookup(code)
	var withData []Node
	for _, c := range t.r.Children {
		if known(c.Indicators[code].Value) {
			withData = append(withData, c)
		}
	}
	if len(withData) < 2 {
		return "", false
	}
	sort.SliceStable(withData, func(i, j int) bool {
		return *withData[i].Indicators[code].Value > *withData[j].Indicators[code].Value
	})
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
	return fmt.Sprintf(vi.TextTopRatio, strings.Join(items, vi.TextListSep)) + vi.TextSentenceEnd, true
}

func (t *narrative) models() []figLine {
	var l []figLine
	for _, ti := range titles {
		l = t.add(l, vi.TextRegistered, ti.prefix+".registered", ti.noun, ti.name)
		l = t.add(l, vi.TextRecognized, ti.prefix+".recognized", ti.noun, ti.name)
		if ti.prefix == "models.family" {
			l = t.add(l, vi.TextFamilyRate, "models.family.rate", "")
		}
	}
	return l
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
	l = t.add(l, vi.TextFundPerCap, "fund.per_capita", "")
	l = t.add(l, vi.TextFundSpent, "fund.spent", "")
	l = t.add(l, vi.TextFundBalance, "fund.balance", "")
	l = t.add(l, vi.TextScholarships, "awards.scholarships", vi.NounAward)
	l = t.add(l, vi.TextScholarAmt, "awards.scholarships.amount", "")
	l = t.add(l, vi.TextPrizes, "awards.prizes", vi.NounAward)
	l = t.add(l, vi.TextPrizesAmt, "awards.prizes.amount", "")
	l = t.add(l, vi.TextReturned, "students.returned", vi.NounStudent)
	return l
}

func (t *narrative) centers() []figLine {
	var l []figLine
	l = t.add(l, vi.TextCenters, "centers.total", vi.NounCenter)
	l = t.add(l, vi.TextParticipants, "centers.participants", vi.NounAttendance)
	return l
}
