package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// BuildDocument builds the report as the association's administrative
// document: the header (the superior association and the issuer, the
// number, the national motto, place and date), the title, Phần I with the
// results of each area of work (the officers' text, the generated figure
// sentences, each followed by the officer's own sentence where there is
// one, and the shortcomings), the general assessment, Phần II with the
// directions, the proposals, the recipients, the signature, and two
// appendix tables (the scope's figures and its child units' figures).
//
// A section with neither text nor figures is left out, and the sections
// that remain are numbered consecutively. The second half-year is refused:
// no association writes a review of it, the year-end review covers it (its
// figures stay available in the machine formats).
func BuildDocument(r *Report, opt DocOptions) (document.Document, error) {
	if r.Period.Kind == period.Half && r.Period.N == 2 {
		y := r.Period.Year
		return document.Document{}, apperr.New(apperr.Invalid, vi.DocNoSecondHalf, y, y, y)
	}
	b := &docBuilder{r: r, opt: opt, t: &narrative{r: r}}
	d := document.Document{
		Header:     b.header(),
		Title:      []string{vi.DocKind, docSubject(r.Period)},
		Lead:       b.lead(),
		Recipients: b.recipients(),
		Signature:  b.signature(),
	}
	if b.unfinished() {
		d.Provisional = fmt.Sprintf(vi.DocProvisional, vi.Date(b.today()))
	}
	var results bool
	d.Sections, results = b.sections()
	if !results {
		// Phần I has nothing: say so rather than start at Phần II.
		d.Lead = append(d.Lead, document.Plain(vi.DocNoData))
	}
	d.Appendices = b.appendices()
	d.Appendices = append(d.Appendices, b.programmes(len(d.Appendices)+1)...)
	return d, nil
}

// docBuilder holds what the parts of one document share.
type docBuilder struct {
	r   *Report
	opt DocOptions
	t   *narrative
}

// today is the document's day in Vietnam, at midnight UTC like the
// periods' days.
func (b *docBuilder) today() time.Time {
	y, m, d := b.opt.Today.In(vi.Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// unfinished tells whether the period ends after the document's day.
func (b *docBuilder) unfinished() bool {
	return !b.opt.Today.IsZero() && b.r.Period.End().After(b.today())
}

// docSubject is the title's second line: "Sơ kết … 6 tháng đầu năm 2026
// và phương hướng, nhiệm vụ 6 tháng cuối năm 2026", "Tổng kết … năm 2026
// và phương hướng, nhiệm vụ năm 2027".
func docSubject(p period.Period) string {
	switch p.Kind {
	case period.Half:
		return fmt.Sprintf(vi.DocTitleHalf, p.Year, p.Year)
	case period.Year:
		return fmt.Sprintf(vi.DocTitleYear, p.Year, p.Year+1)
	}
	return fmt.Sprintf(vi.DocTitleOther, p.NameVI())
}

// upper writes a name in capitals for the header block.
func upper(s string) string { return strings.ToUpper(s) }

// lowerFirst writes a unit's type in lower case inside a sentence
// ("Tỉnh Đắk Lắk" → "tỉnh Đắk Lắk").
func lowerFirst(s string) string {
	for i := range s {
		if i > 0 {
			return strings.ToLower(s[:i]) + s[i:]
		}
	}
	return strings.ToLower(s)
}

// clusterShort is a cluster's name without its region ("Cụm thi đua số 6"
// of "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên").
func clusterShort(name string) string {
	for _, sep := range []string{" – ", " - ", " — ", ": "} {
		if head, _, ok := strings.Cut(name, sep); ok {
			return head
		}
	}
	return name
}

// associationName names the reporting association in a sentence: "Hội
// Khuyến học tỉnh Đắk Lắk", "Hội Khuyến học Việt Nam", "Cụm thi đua số 6".
func associationName(s Scope) string {
	switch s.Level {
	case "nation":
		return vi.DocNationAssociation
	case "cluster":
		return clusterShort(s.Name)
	}
	if s.FullName == "" {
		return fmt.Sprintf(vi.DocAssociation, s.Name)
	}
	return fmt.Sprintf(vi.DocAssociation, lowerFirst(s.FullName))
}

// superiorName names the association the scope reports to, for the
// recipients ("Trung ương Hội Khuyến học Việt Nam"); empty for the nation.
func superiorName(s Scope) string {
	switch s.Level {
	case "nation":
		return ""
	case "province", "cluster":
		return vi.DocNationCentral
	}
	if s.Parent == "" {
		return ""
	}
	return fmt.Sprintf(vi.DocAssociation, lowerFirst(s.Parent))
}

func (b *docBuilder) header() document.Header {
	lh, s := b.opt.Letterhead, b.r.Scope
	h := document.Header{Superior: lh.Superior, Issuer: lh.Issuer, Motto: [2]string{vi.DocMotto1, vi.DocMotto2}}
	if h.Issuer == "" {
		var sup, iss string
		switch s.Level {
		case "nation":
			iss = vi.DocNationIssuer
		case "cluster":
			sup, iss = vi.DocNationUpper, upper(clusterShort(s.Name))
		case "province":
			sup, iss = vi.DocNationUpper, fmt.Sprintf(vi.DocAssociationUpper, upper(s.Title()))
		default:
			iss = fmt.Sprintf(vi.DocAssociationUpper, upper(s.Title()))
			if s.Parent != "" {
				sup = fmt.Sprintf(vi.DocAssociationUpper, upper(s.Parent))
			}
		}
		h.Issuer = iss
		if h.Superior == "" {
			h.Superior = sup
		}
	}
	h.Number = vi.DocNumberBlank
	if lh.Number != "" {
		h.Number = fmt.Sprintf(vi.DocNumber, lh.Number)
	}
	place := lh.Place
	if place == "" {
		switch s.Level {
		case "nation":
			place = vi.DocNationPlace
		case "cluster":
			place = vi.DocPlaceBlank
		default:
			place = s.Name
		}
	}
	if !b.opt.Today.IsZero() {
		y, m, d := b.opt.Today.In(vi.Location).Date()
		h.PlaceDate = fmt.Sprintf(vi.DocPlaceDate, place, d, int(m), y)
	}
	return h
}

// lead holds the paragraphs before Phần I: the opening sentence, what the
// comparison lacks, and what the reorganisation did to the counts of
// bodies.
func (b *docBuilder) lead() []document.Block {
	l := []document.Block{document.Plain(fmt.Sprintf(vi.DocIntro, associationName(b.r.Scope), lowerFirst(docSubject(b.r.Period))))}
	if !b.hasComparison() {
		l = append(l, document.Plain(fmt.Sprintf(vi.DocNoCompare, b.r.ComparePeriod.Year)))
	}
	if note := b.reformNote(); note != "" {
		l = append(l, document.Paragraph{Runs: []document.Run{{Text: note, Italic: true}}, Key: "note:reform"})
	}
	for _, v := range b.r.Indicators {
		if v.Approximate && known(v.Previous) {
			note := fmt.Sprintf(vi.DocApproxNote, b.r.ComparePeriod.Year)
			l = append(l, document.Paragraph{Runs: []document.Run{{Text: note, Italic: true}}, Key: "note:approximate"})
			break
		}
	}
	return l
}

// reformNote says once what the reorganisation of 1 July 2025 did to the
// counts of associations, branches, boards and centres, where the
// comparison period lies before it: "trước sắp xếp có … hội, nay …". The
// sentences of those counts then state no rise or fall.
func (b *docBuilder) reformNote() string {
	if !b.t.acrossReform() {
		return ""
	}
	var before, now []string
	for _, ind := range indicator.Default.List {
		v := b.r.Indicators[ind.Code]
		if !ind.CountsBodies() || !known(v.Value) || !known(v.Previous) {
			continue
		}
		noun := bodyNouns[ind.Code]
		before = append(before, humanPlain(*v.Previous, ind)+" "+noun)
		now = append(now, humanPlain(*v.Value, ind)+" "+noun)
	}
	if len(now) == 0 {
		return ""
	}
	return fmt.Sprintf(vi.DocReformNote, vi.Date(units.ReformDate), b.r.ComparePeriod.Year, strings.Join(before, vi.DocListSep), strings.Join(now, vi.DocListSep))
}

// bodyNouns name the bodies counted, in the reorganisation note.
var bodyNouns = map[string]string{
	"org.grassroots": vi.DocBodyGrassroots,
	"org.branches":   vi.DocBodyBranches,
	"org.boards":     vi.DocBodyBoards,
	"centers.total":  vi.DocBodyCentres,
}

// hasComparison tells whether any of the scope's figures has data for the
// comparison period.
func (b *docBuilder) hasComparison() bool {
	for _, v := range b.r.Indicators {
		if known(v.Previous) {
			return true
		}
	}
	return false
}

// part is a section before it is numbered.
type part struct {
	title  string
	key    string
	blocks []document.Block
	subs   []part
}

func (p part) empty() bool { return len(p.blocks) == 0 && len(p.subs) == 0 }

// keep drops the empty parts.
func keep(parts ...part) []part {
	var out []part
	for _, p := range parts {
		if !p.empty() {
			out = append(out, p)
		}
	}
	return out
}

// number turns parts into sections numbered consecutively in the style of
// their depth: PHẦN I, II; then I, II; then 1, 2; then a, b.
func number(parts []part, depth int) []document.Section {
	var out []document.Section
	for i, p := range parts {
		var n string
		switch depth {
		case 0:
			n = fmt.Sprintf(vi.DocPart, roman(i+1))
		case 1:
			n = roman(i + 1)
		case 2:
			n = fmt.Sprint(i + 1)
		default:
			n = string(rune('a' + i))
		}
		out = append(out, document.Section{Number: n, Title: p.title, Key: p.key, Blocks: p.blocks, Sections: number(p.subs, depth+1)})
	}
	return out
}

// roman writes 1–39 in Roman numerals.
func roman(n int) string {
	var b strings.Builder
	for _, s := range []struct {
		v int
		r string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= s.v {
			b.WriteString(s.r)
			n -= s.v
		}
	}
	return b.String()
}

// text turns an officer's text into paragraphs: one a non-empty line, a
// line starting with a dash or plus a bullet.
func text(s string) []document.Block {
	var out []document.Block
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		p := document.Plain(line)
		for _, dash := range []string{"- ", "+ ", "– ", "• "} {
			if rest, ok := strings.CutPrefix(line, dash); ok {
				p = document.Plain(strings.TrimSpace(rest))
				p.Bullet = true
				break
			}
		}
		out = append(out, p)
	}
	return out
}

// officer is the officers' text for key as paragraphs, each tied to it.
func (b *docBuilder) officer(key string) []document.Block {
	blocks := text(b.opt.Texts.Sections[key])
	for i, bl := range blocks {
		p := bl.(document.Paragraph)
		p.Key = "text:" + key
		blocks[i] = p
	}
	return blocks
}

// figures turns generated sentences into bullet paragraphs, each followed
// (as a run of its own) by the officer's sentence for its figure.
func (b *docBuilder) figures(lines []figLine) []document.Block {
	var out []document.Block
	for _, l := range lines {
		p := document.Paragraph{Runs: []document.Run{{Text: l.text}}, Bullet: true, Figure: l.code}
		if l.code != "" {
			p.Key = "figure:" + l.code
			if after := strings.TrimSpace(b.opt.Texts.After[l.code]); after != "" {
				p.Runs = append(p.Runs, document.Run{Text: " " + after})
			}
		}
		out = append(out, p)
	}
	return out
}

// result is one section of Phần I: the officers' text, the figures, and
// the shortcomings under their own heading.
func (b *docBuilder) result(key, title string, lines []figLine) part {
	p := part{title: title, key: key}
	p.blocks = append(p.blocks, b.officer(key)...)
	p.blocks = append(p.blocks, b.figures(lines)...)
	if limits := b.officer(key + LimitsSuffix); len(limits) > 0 {
		head := document.Paragraph{Runs: []document.Run{{Text: vi.DocLimits, Bold: true, Italic: true}}, Key: "text:" + key + LimitsSuffix}
		p.blocks = append(append(p.blocks, head), limits...)
	}
	return p
}

// sections builds the parts of the document in order, and tells whether
// Phần I (the results) has anything.
func (b *docBuilder) sections() ([]document.Section, bool) {
	t := b.t
	var org []figLine
	org = append(org, t.organisation()...)
	org = append(org, t.members()...)
	var fund []figLine
	fund = append(fund, t.fund()...)
	achieved := part{title: vi.DocAchieved, subs: keep(
		b.result(SecAdvice, vi.DocSecAdvice, nil),
		b.result(SecPropaganda, vi.DocSecPropaganda, nil),
		b.result(SecOrganisation, vi.DocSecOrganisation, org),
		b.result(SecModels, vi.DocSecModels, t.models()),
		b.result(SecFund, vi.DocSecFund, fund),
		b.result(SecCooperation, vi.DocSecCooperation, t.agreements()),
		b.result(SecCentres, vi.DocSecCentres, t.centers()),
		b.result(SecEmulation, vi.DocSecEmulation, nil),
	)}
	assessment := part{title: vi.DocAssessment, subs: keep(
		part{title: vi.DocStrengths, key: SecStrengths, blocks: b.officer(SecStrengths)},
		part{title: vi.DocWeaknesses, key: SecWeaknesses, blocks: b.officer(SecWeaknesses)},
		part{title: vi.DocCauses, key: SecCauses, blocks: b.officer(SecCauses)},
	)}
	results := part{title: fmt.Sprintf(vi.DocPartResults, upper(b.r.Period.NameVI())), subs: keep(achieved, assessment)}
	directions := part{title: fmt.Sprintf(vi.DocPartDirections, b.next()), key: SecDirections, blocks: b.officer(SecDirections)}
	proposals := part{title: vi.DocPartProposals, key: SecProposals, blocks: b.officer(SecProposals)}
	return number(keep(results, directions, proposals), 0), !results.empty()
}

// next names the period the directions are for: the second half of the
// year after a first half, the next year after a year.
func (b *docBuilder) next() string {
	p := b.r.Period
	switch p.Kind {
	case period.Half:
		return fmt.Sprintf(vi.DocNextHalf, p.Year)
	case period.Year:
		return fmt.Sprintf(vi.DocNextYear, p.Year+1)
	}
	return vi.DocNextOther
}

func (b *docBuilder) recipients() []string {
	lh, s := b.opt.Letterhead, b.r.Scope
	var names []string
	if len(lh.Recipients) > 0 {
		names = lh.Recipients
	} else {
		if sup := superiorName(s); sup != "" {
			names = append(names, fmt.Sprintf(vi.DocForReport, sup))
		}
		switch s.Level {
		case "cluster":
			names = append(names, vi.DocClusterMembers)
		case "nation":
			names = append(names, vi.DocNationMembers)
		default:
			names = append(names, vi.DocStandingBoard)
		}
	}
	var out []string
	for _, n := range names {
		out = append(out, fmt.Sprintf(vi.DocRecipient, strings.TrimRight(strings.TrimSpace(strings.TrimPrefix(n, "- ")), ";.")))
	}
	return append(out, vi.DocArchive)
}

func (b *docBuilder) signature() document.Signature {
	lh := b.opt.Letterhead
	s := document.Signature{OnBehalf: lh.OnBehalf, Title: lh.SignerTitle, Name: lh.SignerName}
	if s.OnBehalf == "" {
		s.OnBehalf = vi.DocOnBehalf
	}
	if s.Title == "" {
		s.Title = vi.DocSignerTitle
	}
	return s
}

// isRecognition tells the figures decided once a year: the recognitions of
// the titles and the rate of learning families.
func isRecognition(code string) bool {
	return strings.HasSuffix(code, ".recognized") || code == "models.family.rate"
}

// measure is the unit of an indicator in the appendix's "Đơn vị tính".
func measure(ind indicator.Indicator) string {
	switch ind.Unit {
	case "percent":
		return "%"
	case "VND":
		return vi.ReportUnitDong
	case "VND/person":
		return vi.ReportUnitPerCapita
	case "person":
		return vi.ReportUnitPerson
	case "household":
		return vi.ReportUnitHousehold
	}
	if n, ok := countNouns[ind.Code]; ok {
		return n
	}
	return vi.DocMeasureCount
}

// countNouns are the units of the counts, as the sentences write them.
var countNouns = map[string]string{
	"org.grassroots":              vi.NounGrassroots,
	"org.branches":                vi.NounBranch,
	"org.boards":                  vi.NounBoard,
	"models.family.registered":    vi.NounFamily,
	"models.family.recognized":    vi.NounFamily,
	"models.clan.registered":      vi.NounClan,
	"models.clan.recognized":      vi.NounClan,
	"models.community.registered": vi.NounCommunity,
	"models.community.recognized": vi.NounCommunity,
	"models.unit.registered":      vi.NounUnit,
	"models.unit.recognized":      vi.NounUnit,
	"models.citizen.registered":   vi.NounCitizen,
	"models.citizen.recognized":   vi.NounCitizen,
	"agreements.partners":         vi.NounPartner,
	"centers.total":               vi.NounCenter,
	"awards.scholarships":         vi.NounAward,
	"awards.prizes":               vi.NounAward,
}

// numCell is a figure of a table: the number as people read it, without
// its unit, and the exact value behind it.
func numCell(x *float64, ind indicator.Indicator) document.Cell {
	if !known(x) {
		return document.Cell{Text: vi.NoData}
	}
	v := *x
	s := humanPlain(v, ind)
	if ind.IsMoney() {
		s = vi.Number(v, 0)
	}
	return document.Cell{Text: s, Value: &v}
}

// changeCells are the change and its percentage: for a ratio the change
// in percentage points ("+0,44 điểm %") and no percentage.
func changeCells(v Value, ind indicator.Indicator) (document.Cell, document.Cell) {
	if !known(v.Change) {
		return document.Cell{Text: vi.NoData}, document.Cell{Text: vi.NoData}
	}
	c := *v.Change
	ch := numCell(v.Change, ind)
	ch.Text = signed(ch.Text, c)
	if ind.Kind == indicator.Ratio && ind.Unit == "percent" {
		ch.Text += " " + vi.DocPointsShort
		return ch, document.Cell{Text: vi.NoData}
	}
	if !known(v.ChangePct) {
		return ch, document.Cell{Text: vi.NoData}
	}
	p := *v.ChangePct
	return ch, document.Cell{Text: HumanPct(v.ChangePct), Value: &p}
}

func heads(texts ...string) []document.Cell {
	var out []document.Cell
	for _, t := range texts {
		out = append(out, document.Cell{Text: t, Bold: true})
	}
	return out
}

func (b *docBuilder) appendices() []document.Appendix {
	r := b.r
	name := associationName(r.Scope)
	compared := b.hasComparison()
	scope := document.Table{
		Columns: []document.Column{{Width: 0.5}, {Width: 4}, {Width: 1.2}, {Width: 1.6, Numeric: true}},
		Header:  [][]document.Cell{heads(vi.DocColNo, vi.ReportColIndicator, vi.DocColMeasure, vi.Sentence(r.Period.NameVI()))},
	}
	if compared {
		scope.Columns = append(scope.Columns, document.Column{Width: 1.6, Numeric: true}, document.Column{Width: 1.4, Numeric: true}, document.Column{Width: 1.1, Numeric: true})
		scope.Header[0] = append(scope.Header[0], heads(vi.Sentence(r.ComparePeriod.NameVI()), vi.ReportColChange, vi.ReportColChangePct)...)
	}
	approx, reform := false, false
	n := 0
	row := func(no, label string, v Value, ind indicator.Indicator) []document.Cell {
		cells := []document.Cell{{Text: no}, {Text: label}, {Text: measure(ind)}, numCell(v.Value, ind)}
		if !compared {
			return cells
		}
		prev := numCell(v.Previous, ind)
		if v.Approximate && known(v.Previous) {
			prev.Text += vi.ReportApproxMark
			approx = true
		}
		ch, pct := changeCells(v, ind)
		if ind.CountsBodies() && b.t.acrossReform() && known(v.Previous) {
			// Before and after the reorganisation: no rise or fall.
			ch, pct = document.Cell{Text: vi.NoData}, document.Cell{Text: vi.NoData}
			prev.Text += vi.DocReformMark
			reform = true
		}
		return append(cells, prev, ch, pct)
	}
	for _, code := range presentCodes(r.Indicators) {
		v := r.Indicators[code]
		ind := lookup(code)
		if !v.hasData() || (r.Period.Kind == period.Half && isRecognition(code)) {
			continue
		}
		n++
		scope.Rows = append(scope.Rows, row(fmt.Sprint(n), ind.NameVI, v, ind))
		if known(v.Own) {
			if _, own, ok := b.t.ownWords(); ok {
				scope.Rows = append(scope.Rows, row("", fmt.Sprintf(vi.DocOwnRow, own), Value{Value: v.Own}, ind))
			}
		}
	}
	// A half-year gives the previous year's recognitions.
	if r.Period.Kind == period.Half && r.PreviousYear != nil {
		for _, code := range presentCodes(r.PreviousYear) {
			v := r.PreviousYear[code]
			if !isRecognition(code) || !known(v.Value) {
				continue
			}
			ind := lookup(code)
			n++
			v.Previous, v.Change, v.ChangePct = nil, nil, nil // its comparison is with another year than the columns'
			scope.Rows = append(scope.Rows, row(fmt.Sprint(n), fmt.Sprintf(vi.DocYearRow, ind.NameVI, r.Period.Year-1), v, ind))
		}
	}
	var out []document.Appendix
	if len(scope.Rows) > 0 {
		if approx {
			scope.Notes = append(scope.Notes, vi.ReportApproxNote)
		}
		if reform {
			scope.Notes = append(scope.Notes, fmt.Sprintf(vi.DocReformTableNote, vi.Date(units.ReformDate)))
		}
		out = append(out, document.Appendix{Title: fmt.Sprintf(vi.DocAppendixScope, r.Period.NameVI(), name), Table: scope})
	}
	if len(r.Children) == 0 {
		return out
	}
	kids := document.Table{Columns: []document.Column{{Width: 0.5}, {Width: 3}}}
	head := heads(vi.DocColNo, vi.DocColUnitName)
	for _, code := range keyIndicators {
		head = append(head, heads(lookup(code).NameVI)...)
		kids.Columns = append(kids.Columns, document.Column{Width: 1.5, Numeric: true})
		if code == "members.total" {
			head = append(head, heads(vi.ReportColMembersChg)...)
			kids.Columns = append(kids.Columns, document.Column{Width: 1.3, Numeric: true})
		}
	}
	kids.Header = [][]document.Cell{head}
	approx = false
	for i, c := range r.Children {
		row := []document.Cell{{Text: fmt.Sprint(i + 1)}, {Text: c.Name}}
		for _, code := range keyIndicators {
			v, ind := c.Indicators[code], lookup(code)
			row = append(row, numCell(v.Value, ind))
			if code == "members.total" {
				ch, _ := changeCells(v, ind)
				if v.Approximate && known(v.Change) {
					ch.Text += vi.ReportApproxMark
					approx = true
				}
				row = append(row, ch)
			}
		}
		kids.Rows = append(kids.Rows, row)
	}
	if approx {
		kids.Notes = append(kids.Notes, vi.ReportApproxNote)
	}
	kind := vi.DocChildUnits
	switch units.Level(r.Children[0].Level) {
	case units.Province:
		kind = vi.DocChildProvinces
	case units.District:
		kind = vi.DocChildDistricts
	case units.Commune:
		kind = vi.DocChildCommunes
	}
	out = append(out, document.Appendix{Title: fmt.Sprintf(vi.DocAppendixChildren, r.Period.NameVI(), kind, name), Table: kids, Landscape: true})
	return out
}

// programmes is the appendix of the awards paid under each programme in
// the period (Report.Programmes), numbered no, or none.
func (b *docBuilder) programmes(no int) []document.Appendix {
	r := b.r
	if len(r.Programmes) == 0 {
		return nil
	}
	t := document.Table{
		Columns: []document.Column{{Width: 0.5}, {Width: 3.5}, {Width: 2.5}, {Width: 1.1, Numeric: true}, {Width: 1.8, Numeric: true}},
		Header:  [][]document.Cell{heads(vi.DocColNo, vi.DocColProgramme, vi.DocColProgrammeUnit, vi.DocColAwardCount, vi.DocColAwardAmount)},
		Notes:   []string{vi.DocProgrammesNote},
	}
	var count, amount int64
	for i, p := range r.Programmes {
		t.Rows = append(t.Rows, []document.Cell{{Text: fmt.Sprint(i + 1)}, {Text: fmt.Sprintf("%s (%d)", p.Name, p.Year)}, {Text: p.Unit},
			intCell(p.Count, false), intCell(p.Amount, false)})
		count += p.Count
		amount += p.Amount
	}
	t.Rows = append(t.Rows, []document.Cell{{}, {Text: vi.DocColTotal, Bold: true}, {}, intCell(count, true), intCell(amount, true)})
	return []document.Appendix{{Title: fmt.Sprintf(vi.DocAppendixProgrammes, no, r.Period.NameVI(), associationName(r.Scope)), Table: t}}
}

// intCell is a cell of a whole number, written the Vietnamese way.
func intCell(n int64, bold bool) document.Cell {
	x := float64(n)
	return document.Cell{Text: vi.Int(n), Bold: bold, Value: &x}
}
