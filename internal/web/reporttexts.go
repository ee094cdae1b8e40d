package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The page on which officers write what a report says beside its figures
// (package reporttext): one text box per section under its heading, a box
// for a sentence of their own after each figure sentence, and the
// letterhead. Form fields: "text:KEY" the text, "version:KEY" the version
// it was written from, "keep:KEY" to save a pre-fill unchanged, where KEY
// is a section's key or reporttext.AfterPrefix with an indicator's code.

func init() {
	// textsHref links the report page to this page, for a period that has
	// a report document (a year, a first half); empty for another.
	templateFuncs["textsHref"] = func(ref, per string) string {
		r, err := units.ParseRef(ref)
		if err != nil {
			return ""
		}
		p, err := period.Parse(per)
		if err != nil || reporttext.CheckPeriod(p) != nil {
			return ""
		}
		return textsHref(r, p)
	}
}

// textBox is one text box of the page.
type textBox struct {
	Key, ID, Label string
	reporttext.Text
	// FromName names the report a pre-fill comes from ("năm 2025").
	FromName string
	// Gathered is set when the box holds the provinces' texts, not saved.
	Gathered bool
	// Theirs is the text someone else saved while the person wrote, after
	// a refused save; nil otherwise.
	Theirs *reporttext.Text
	// Figure is set on a figure's box; Sentence is the figure's generated
	// sentence (empty when the report no longer has the figure).
	Figure   bool
	Sentence string
}

// textGroup is a fieldset of the page: a heading and its boxes.
type textGroup struct {
	Heading string
	Boxes   []textBox
}

// letterheadView is the letterhead form: the values and, as placeholders,
// the defaults the document takes for empty fields.
type letterheadView struct {
	reporttext.Letterhead
	FromName   string
	Recipients string
	Defaults   report.Letterhead
	DefaultRcp string
}

// reportTextsData is the page.
type reportTextsData struct {
	Name, Ref    string
	Period       period.Period
	Action       string
	LetterAction string
	ReportHref   string
	GatherHref   string // for a cluster whose texts the person writes
	Writable     bool
	Notice       string
	Alert        string
	Conflict     bool
	Groups       []textGroup
	Figures      []textBox
	Letterhead   letterheadView
	AnyPrefill   bool
	LetterAlert  string
}

// textsPath reads the scope and the period of the page's or the API's path.
func textsPath(r *http.Request, rq *request) (units.Ref, period.Period, error) {
	ref, err := rq.ref(r.PathValue("scope"))
	if err != nil {
		return units.Ref{}, period.Period{}, err
	}
	p, err := rq.period(r.PathValue("period"))
	return ref, p, err
}

// loadTexts reads the texts of the scope and period of the path
// (reporttext.Load, which checks that the caller reads the scope).
func (s *Server) loadTexts(r *http.Request, rq *request) (units.Ref, period.Period, reporttext.Set, error) {
	ref, p, err := textsPath(r, rq)
	if err != nil {
		return ref, p, reporttext.Set{}, err
	}
	set, err := reporttext.Load(r.Context(), s.db, rq.tree, rq.principal(), ref, p)
	return ref, p, set, err
}

// textsHref is the page's address.
func textsHref(ref units.Ref, p period.Period) string {
	return "/reports/" + url.PathEscape(ref.String()) + "/" + p.String() + "/texts"
}

// reportTextsPage shows the page; with gather=1 on a cluster's page, the
// boxes hold its provinces' texts (reporttext.Gather), not yet saved.
func (s *Server) reportTextsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, set, err := s.loadTexts(r, rq)
	if err != nil {
		return err
	}
	d, err := s.textsView(r.Context(), rq, set)
	if err != nil {
		return err
	}
	switch queryValue(r, "done") {
	case "texts":
		d.Notice = vi.UI["texts.saved"]
	case "same":
		d.Notice = vi.UI["texts.unchanged"]
	case "letterhead":
		d.Notice = vi.UI["texts.letterhead_saved"]
	}
	if queryValue(r, "gather") == "1" && ref.Level == units.Cluster && set.Writable {
		got, err := reporttext.Gather(r.Context(), s.db, rq.tree, rq.principal(), ref, p)
		if err != nil {
			return err
		}
		d.eachBox(func(b *textBox) {
			if g, ok := got[b.Key]; ok {
				b.Body, b.Gathered, b.From = g, true, period.Period{}
			}
		})
		d.Notice = vi.UI["texts.gathered_note"]
	}
	return s.render(w, rq, http.StatusOK, "report_texts", vi.UI["texts.title"]+" · "+set.Name, "report", d)
}

// eachBox calls fn with every text box of the page.
func (d *reportTextsData) eachBox(fn func(*textBox)) {
	for g := range d.Groups {
		for b := range d.Groups[g].Boxes {
			fn(&d.Groups[g].Boxes[b])
		}
	}
	for b := range d.Figures {
		fn(&d.Figures[b])
	}
}

// textsView lays the set out as the page shows it: Phần I's sections,
// each with its shortcomings, the general assessment, Phần II, the
// figures' sentences in the document's order, and the letterhead with the
// document's defaults.
func (s *Server) textsView(ctx context.Context, rq *request, set reporttext.Set) (*reportTextsData, error) {
	href := textsHref(set.Ref, set.Period)
	d := &reportTextsData{
		Name: set.Name, Ref: set.Ref.String(), Period: set.Period, Action: href, Writable: set.Writable,
		LetterAction: strings.TrimSuffix(href, "/texts") + "/letterhead",
		ReportHref:   "/report?" + url.Values{"scope": {set.Ref.String()}, "period": {set.Period.String()}}.Encode(),
	}
	if set.Ref.Level == units.Cluster && set.Writable {
		d.GatherHref = href + "?gather=1"
	}
	box := func(key, label string, t reporttext.Text) textBox {
		b := textBox{Key: key, ID: "t-" + strings.NewReplacer(".", "-", ":", "-").Replace(key), Label: label, Text: t}
		if t.Prefilled() {
			b.FromName = t.From.NameVI()
			d.AnyPrefill = true
		}
		return b
	}
	part1 := textGroup{Heading: vi.UI["texts.part1"]}
	for _, key := range report.ResultSections {
		part1.Boxes = append(part1.Boxes,
			box(key, vi.ReportSection(key), set.Sections[key]),
			box(key+report.LimitsSuffix, vi.ReportSection(key+report.LimitsSuffix), set.Sections[key+report.LimitsSuffix]))
	}
	assess := textGroup{Heading: vi.UI["texts.assessment"]}
	for _, key := range []string{report.SecStrengths, report.SecWeaknesses, report.SecCauses} {
		assess.Boxes = append(assess.Boxes, box(key, vi.ReportSection(key), set.Sections[key]))
	}
	part2 := textGroup{Heading: vi.UI["texts.part2"], Boxes: []textBox{
		box(report.SecDirections, vi.ReportSection(report.SecDirections), set.Sections[report.SecDirections]),
		box(report.SecProposals, vi.ReportSection(report.SecProposals), set.Sections[report.SecProposals]),
	}}
	d.Groups = []textGroup{part1, assess, part2}

	doc, err := s.plainDocument(ctx, rq, set.Ref, set.Period)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, f := range figureSentences(doc.Sections) {
		if seen[f.code] {
			continue
		}
		seen[f.code] = true
		ind, _ := indicator.Default.Get(f.code)
		b := box(reporttext.AfterPrefix+f.code, ind.NameVI, set.After[f.code])
		b.Figure, b.Sentence = true, f.text
		d.Figures = append(d.Figures, b)
	}
	// A sentence written for a figure the report no longer has is shown
	// too, so that it is not lost from sight.
	for _, ind := range indicator.Default.List {
		if t, ok := set.After[ind.Code]; ok && !seen[ind.Code] {
			b := box(reporttext.AfterPrefix+ind.Code, ind.NameVI, t)
			b.Figure = true
			d.Figures = append(d.Figures, b)
		}
	}

	lh := set.Letterhead
	d.Letterhead = letterheadView{Letterhead: lh, Recipients: strings.Join(lh.Recipients, "\n"),
		Defaults: report.Letterhead{Superior: doc.Header.Superior, Issuer: doc.Header.Issuer, OnBehalf: doc.Signature.OnBehalf,
			SignerTitle: doc.Signature.Title, SignerName: doc.Signature.Name}}
	if lh.Prefilled() {
		d.Letterhead.FromName = lh.From.NameVI()
	}
	var rcp []string
	for _, line := range doc.Recipients {
		line = strings.TrimSuffix(strings.TrimPrefix(line, "- "), ";")
		if !strings.HasPrefix(line, "Lưu") {
			rcp = append(rcp, line)
		}
	}
	d.Letterhead.DefaultRcp = strings.Join(rcp, "\n")
	return d, nil
}

// plainDocument is the report's document without the officers' texts,
// for its generated figure sentences and the letterhead's defaults.
func (s *Server) plainDocument(ctx context.Context, rq *request, ref units.Ref, p period.Period) (document.Document, error) {
	rep, err := s.buildReport(ctx, rq, ref, p)
	if err != nil {
		return document.Document{}, err
	}
	return report.BuildDocument(rep, report.DocOptions{Today: s.now()})
}

// figureSentence is a generated sentence of the document and its figure.
type figureSentence struct{ code, text string }

// figureSentences lists the document's figure sentences in order.
func figureSentences(sections []document.Section) []figureSentence {
	var out []figureSentence
	for _, sec := range sections {
		for _, bl := range sec.Blocks {
			if p, ok := bl.(document.Paragraph); ok && p.Figure != "" && len(p.Runs) > 0 {
				var b strings.Builder
				for _, r := range p.Runs {
					b.WriteString(r.Text)
				}
				out = append(out, figureSentence{code: p.Figure, text: b.String()})
			}
		}
		out = append(out, figureSentences(sec.Sections)...)
	}
	return out
}

// postedEdits reads the text boxes of a posted form as edits: every box
// posted, except a pre-fill posted unchanged without "keep" (a pre-fill
// is not the period's until the person makes it so) and a box never
// written left empty. A pre-fill emptied is saved empty: the section has
// nothing this period.
func postedEdits(r *http.Request, set reporttext.Set) []reporttext.Edit {
	var edits []reporttext.Edit
	for name, vals := range r.PostForm {
		key, ok := strings.CutPrefix(name, "text:")
		if !ok || len(vals) == 0 {
			continue
		}
		cur := set.Sections[key]
		if code, ok := strings.CutPrefix(key, reporttext.AfterPrefix); ok {
			cur = set.After[code]
		}
		if cur.Version == 0 && !cur.Prefilled() && strings.TrimSpace(vals[0]) == "" {
			continue // a box never written, left empty
		}
		if cur.Prefilled() && r.PostFormValue("keep:"+key) == "" {
			if body, err := reporttext.CleanText(key, vals[0]); err == nil && body == cur.Body {
				continue
			}
		}
		var v int
		fmt.Sscan(r.PostFormValue("version:"+key), &v)
		edits = append(edits, reporttext.Edit{Key: key, Text: vals[0], Version: v})
	}
	return edits
}

// reportTextsSave saves the text boxes (reporttext.SaveTexts). A save that
// raced with another comes back with the person's texts still in the
// boxes, each box someone else saved showing that text below it, and the
// versions moved to the ones saved, so that saving again is a decision
// made having seen them.
func (s *Server) reportTextsSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, set, err := s.loadTexts(r, rq)
	if err != nil {
		return err
	}
	ctx := r.Context()
	edits := postedEdits(r, set)
	if len(edits) == 0 {
		http.Redirect(w, r, textsHref(ref, p)+"?done=same", http.StatusSeeOther)
		return nil
	}
	after, err := reporttext.SaveTexts(ctx, s.db, rq.tree, rq.principal(), ref, p, edits, s.now())
	if err == nil {
		done := "texts"
		if sameVersions(set, after) {
			done = "same"
		}
		http.Redirect(w, r, textsHref(ref, p)+"?done="+done, http.StatusSeeOther)
		return nil
	}
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
	default:
		return err
	}
	d, verr := s.textsView(ctx, rq, set)
	if verr != nil {
		return verr
	}
	seenVersion := map[string]int{}
	for _, e := range edits {
		seenVersion[e.Key] = e.Version
	}
	d.eachBox(func(b *textBox) {
		if v, ok := seenVersion[b.Key]; ok && v != b.Version && b.Version > 0 {
			theirs := b.Text
			b.Theirs = &theirs
		}
		if vals, ok := r.PostForm["text:"+b.Key]; ok && len(vals) > 0 {
			b.Body = vals[0]
		}
	})
	d.Alert = s.message(r, err)
	d.Conflict = apperr.CodeOf(err) == apperr.Conflict
	return s.render(w, rq, status(err), "report_texts", vi.UI["texts.title"]+" · "+set.Name, "report", d)
}

// sameVersions tells whether a save changed no text's version.
func sameVersions(before, after reporttext.Set) bool {
	for k, t := range after.Sections {
		if before.Sections[k].Version != t.Version {
			return false
		}
	}
	for k, t := range after.After {
		if before.After[k].Version != t.Version {
			return false
		}
	}
	return true
}

// postedLetterhead reads the letterhead form.
func postedLetterhead(r *http.Request) (report.Letterhead, int) {
	var v int
	fmt.Sscan(r.PostFormValue("version"), &v)
	return report.Letterhead{
		Superior: r.PostFormValue("superior"), Issuer: r.PostFormValue("issuer"), Number: r.PostFormValue("number"),
		Place: r.PostFormValue("place"), Recipients: strings.Split(r.PostFormValue("recipients"), "\n"),
		OnBehalf: r.PostFormValue("on_behalf"), SignerTitle: r.PostFormValue("signer_title"), SignerName: r.PostFormValue("signer_name"),
	}, v
}

// reportLetterheadSave saves the letterhead form (reporttext.SaveLetterhead).
func (s *Server) reportLetterheadSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, err := textsPath(r, rq)
	if err != nil {
		return err
	}
	lh, version := postedLetterhead(r)
	ctx := r.Context()
	_, err = reporttext.SaveLetterhead(ctx, s.db, rq.tree, rq.principal(), ref, p, lh, version, s.now())
	if err == nil {
		http.Redirect(w, r, textsHref(ref, p)+"?done=letterhead#letterhead", http.StatusSeeOther)
		return nil
	}
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
	default:
		return err
	}
	set, lerr := reporttext.Load(ctx, s.db, rq.tree, rq.principal(), ref, p)
	if lerr != nil {
		return lerr
	}
	d, verr := s.textsView(ctx, rq, set)
	if verr != nil {
		return verr
	}
	// The person's values stay in the form; the version is the one saved
	// now, so that saving again is done having seen the message.
	d.Letterhead.Letterhead.Letterhead = lh
	d.Letterhead.Recipients = r.PostFormValue("recipients")
	d.LetterAlert = s.message(r, err)
	return s.render(w, rq, status(err), "report_texts", vi.UI["texts.title"]+" · "+set.Name, "report", d)
}
