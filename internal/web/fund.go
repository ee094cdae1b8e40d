package web

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// fundRoutes registers the pages of the study-promotion fund: a unit's
// ledger with the receipt form, its vouchers and reversals, the fund book,
// and a programme's recipients with their approval and payment. Package
// fund checks every right; these handlers read the request and render.
func (s *Server) fundRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /fund", s.page(s.fundPage))
	m.HandleFunc("POST /fund/receipt", s.page(s.fundReceipt))
	m.HandleFunc("POST /fund/payment", s.page(s.fundPayment))
	m.HandleFunc("POST /fund/reverse", s.page(s.fundReverse))
	m.HandleFunc("POST /fund/programme", s.page(s.fundProgrammeAdd))
	m.HandleFunc("GET /fund/voucher.pdf", s.page(s.fundVoucher))
	m.HandleFunc("GET /fund/book.xlsx", s.page(s.fundBook))
	m.HandleFunc("GET /fund/programme", s.page(s.fundProgrammePage))
	m.HandleFunc("GET /fund/recipients.xlsx", s.page(s.fundRecipientsFile))
	m.HandleFunc("POST /fund/award", s.page(s.fundAward))
	m.HandleFunc("POST /fund/approve", s.page(s.fundApprove))
	m.HandleFunc("POST /fund/pay", s.page(s.fundPay))
}

// fundUnit is the unit of a fund page: the one named by "unit", else the
// user's own.
func (s *Server) fundUnit(r *http.Request, rq *request) (*units.Unit, error) {
	ref := queryValue(r, "unit")
	if ref == "" {
		ref = r.PostFormValue("unit")
	}
	if ref == "" {
		if root := rq.scope.Root(); root != nil {
			return root, nil
		}
		return rq.tree.Nation(), nil
	}
	return rq.unit(ref, s.today(), auth.NeedRead)
}

// fundRow is an entry in the ledger's table.
type fundRow struct {
	Number, Date, Kind, Purpose, Means, Party, Note, Amount, Balance string
	In, Reversible                                                   bool
	VoucherHref                                                      string
}

// fundData is a unit's fund page.
type fundData struct {
	Unit     *units.Unit
	Balance  string
	Year     int
	Rows     []fundRow
	CanWrite bool
	Notice   string
	Alert    string
	Form     url.Values // the receipt's or the payment's form's values after a refusal
	Key      string     // the receipt form's idempotency key
	PayKey   string     // the payment form's
	// PayOpen opens the payment form (it was refused); Overdraft offers
	// the overdraft's reason to a user who may allow one.
	PayOpen, Overdraft bool
	Today              string
	DonorKinds         []option
	Means              []option
	Purposes, PayMeans []option
	Programmes         []fundProgrammeRow
	// Awards are the awards paid under each programme in the year by the
	// unit and the units below it (fund.AwardsByProgramme).
	Awards      []fundAwardsRow
	AwardsTotal fundAwardsRow
	BookHref    string
}

// fundAwardsRow is a programme's line in the table of awards paid.
type fundAwardsRow struct {
	Name, Unit, Count, Amount string
}

// payPurposes are the purposes the plain payment form offers, a
// disbursement outside a programme first (a programme's awards are paid
// from its page).
var payPurposes = []string{"teacher_support", "books_bicycles", "scholarship", "prize", "other"}

// fundProgrammeRow is a programme in the page's list; Above names the
// unit above whose programme it is.
type fundProgrammeRow struct {
	Code, Name, Budget, Spent, Href, Above string
	Year                                   int
}

func (s *Server) fundPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	d, err := s.fundView(r, rq, u, nil)
	if err != nil {
		return err
	}
	if n := queryValue(r, "done"); n != "" {
		d.Notice = fmt.Sprintf(vi.UI["fund.done"], n)
	}
	return s.render(w, rq, http.StatusOK, "fund", vi.UI["fund.title"], "fund", d)
}

// fundView reads what the fund page shows: the year's entries, newest
// first, the balance today and the unit's programmes of the year.
func (s *Server) fundView(r *http.Request, rq *request, u *units.Unit, form url.Values) (*fundData, error) {
	ctx, by, today := r.Context(), rq.principal(), s.today()
	book, err := fund.ReadBook(ctx, s.db, rq.tree, by, u.ID, period.Period{Kind: period.Year, Year: today.Year()})
	if err != nil {
		return nil, err
	}
	d := &fundData{Unit: u, Year: today.Year(), Balance: vi.Int(book.Closing), CanWrite: by.CanWrite(u.ID), Form: form,
		Key: form.Get("key"), Today: vi.Date(today),
		BookHref: fmt.Sprintf("/fund/book.xlsx?unit=%s&period=%d", u.Ref(), today.Year())}
	if form == nil {
		d.Form = url.Values{"date": {vi.Date(today)}}
	}
	// The key is drawn at random, not from the clock: under a fixed clock
	// (the tests', or two forms drawn in the same nanosecond) every form
	// would carry the same key and each later gift would be taken for the
	// first one sent again. A refused form keeps the key it was sent with.
	if d.Key == "" {
		d.Key = "web-" + rand.Text()
	}
	d.PayKey = form.Get("pay_key")
	if d.PayKey == "" {
		d.PayKey = "web-" + rand.Text()
	}
	d.PayOpen = form.Get("pay_key") != ""
	d.Overdraft = by.CanAdmin(u.ID) || by.CanApprove(u.ID)
	if form == nil {
		d.Form.Set("pay_date", vi.Date(today))
	}
	for _, k := range payPurposes {
		d.Purposes = append(d.Purposes, option{Value: k, Label: vi.FundLabel(k, false), Selected: d.Form.Get("pay_purpose") == k})
	}
	for _, m := range []fund.Means{fund.Cash, fund.Bank} {
		d.PayMeans = append(d.PayMeans, option{Value: string(m), Label: vi.FundLabel(string(m), true), Selected: d.Form.Get("pay_means") == string(m)})
	}
	awards, err := fund.AwardsByProgramme(ctx, s.db, rq.tree, by, u.ID, period.Period{Kind: period.Year, Year: today.Year()})
	if err != nil {
		return nil, err
	}
	var count, amount int64
	for _, a := range awards {
		d.Awards = append(d.Awards, fundAwardsRow{Name: fmt.Sprintf(vi.FundProgrammeTitle, a.Name, a.Year), Unit: a.Unit, Count: vi.Int(a.Count),
			Amount: vi.Int(a.Amount)})
		count += a.Count
		amount += a.Amount
	}
	d.AwardsTotal = fundAwardsRow{Count: vi.Int(count), Amount: vi.Int(amount)}
	for i := len(book.Lines) - 1; i >= 0; i-- {
		l := book.Lines[i]
		purpose := ""
		if l.Purpose != "" {
			purpose = vi.FundLabel(l.Purpose, false)
		}
		d.Rows = append(d.Rows, fundRow{Number: l.Number, Date: vi.Date(l.Day), Kind: vi.FundLabel(string(l.Kind), false), Purpose: purpose,
			Means: vi.FundLabel(string(l.Means), true), Party: l.Party, Note: fund.LineNote(l.Entry), Amount: vi.Int(l.Amount),
			Balance: vi.Int(l.Balance), In: l.Direction > 0, Reversible: l.Kind != fund.Reversal && l.ReversedBy == 0,
			VoucherHref: "/fund/voucher.pdf?unit=" + u.Ref() + "&number=" + l.Number})
	}
	for _, k := range []string{"person", "clan", "enterprise", "organisation", "hometown"} {
		d.DonorKinds = append(d.DonorKinds, option{Value: k, Label: vi.FundLabel(k, false), Selected: d.Form.Get("donor_kind") == k})
	}
	for _, m := range []fund.Means{fund.Cash, fund.Bank, fund.InKind, fund.Works} {
		d.Means = append(d.Means, option{Value: string(m), Label: vi.FundLabel(string(m), true), Selected: d.Form.Get("means") == string(m)})
	}
	progs, err := fund.Programmes(ctx, s.db, rq.tree, by, u.ID, 0)
	if err != nil {
		return nil, err
	}
	// The programmes of the units above, which the unit pays into.
	above, err := fund.ProgrammesAbove(ctx, s.db, rq.tree, by, u.ID, today.Year())
	if err != nil {
		return nil, err
	}
	for _, p := range append(progs, above...) {
		budget := vi.UI["fund.no_budget"]
		if p.Budget > 0 {
			budget = vi.Int(p.Budget)
		}
		pu := rq.tree.Get(p.UnitID)
		row := fundProgrammeRow{Code: p.Code, Name: p.Name, Year: p.Year, Budget: budget, Spent: vi.Int(p.Spent),
			Href: fmt.Sprintf("/fund/programme?unit=%s&code=%s&year=%d", pu.Ref(), url.QueryEscape(p.Code), p.Year)}
		if pu.ID != u.ID {
			row.Above = pu.FullName()
		}
		d.Programmes = append(d.Programmes, row)
	}
	return d, nil
}

// fundDay reads a voucher's day (dd/mm/yyyy or yyyy-mm-dd, as
// registry.ParseDay reads days; blank: today).
func fundDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	return registry.ParseDay(s)
}

// fundReceipt records a receipt from the page's form (fund.Record); its
// key, drawn when the form was shown, makes a second send record nothing.
func (s *Server) fundReceipt(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	f := trimmedForm(r, "donor", "donor_kind", "amount", "means", "items", "date", "note", "key")
	n := fund.NewEntry{UnitID: u.ID, Kind: fund.Receipt, Party: f.Get("donor"), PartyKind: f.Get("donor_kind"), Means: fund.Means(f.Get("means")),
		Items: f.Get("items"), Note: f.Get("note"), Key: f.Get("key")}
	return s.fundRecord(w, r, rq, u, f, n, f.Get("amount"), f.Get("date"))
}

// fundRecord records n from a form of the fund page (f, as typed) with
// its amount and date read from the form's cells, and answers: the page
// with the new entry's number, or the page again with the refusal, the
// field named, what was typed kept.
func (s *Server) fundRecord(w http.ResponseWriter, r *http.Request, rq *request, u *units.Unit, f url.Values, n fund.NewEntry, amount, date string) error {
	var err error
	if n.Amount, err = fund.ParseAmount(amount); err != nil {
		return s.fundRefused(w, r, rq, u, f, apperr.At(vi.FundColumn(fund.ColAmount), err))
	}
	if n.Day, err = fundDay(date); err != nil {
		return s.fundRefused(w, r, rq, u, f, apperr.At(vi.FundColumn(fund.ColDate), err))
	}
	e, _, err := fund.Record(r.Context(), s.db, rq.tree, rq.principal(), n, s.now())
	if err != nil {
		return s.fundRefused(w, r, rq, u, f, err)
	}
	http.Redirect(w, r, "/fund?unit="+u.Ref()+"&done="+e.Number, http.StatusSeeOther)
	return nil
}

// fundPayment records a payment outside a programme from the page's form
// (fund.Record): teacher support, books and bicycles, a scholarship or
// prize given directly, another use. Beyond the balance it is refused
// unless a user who may allow an overdraft gives its reason (the ledger's
// rule); its key, drawn with the form, makes a second send record nothing.
func (s *Server) fundPayment(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	f := trimmedForm(r, "pay_to", "pay_purpose", "pay_amount", "pay_means", "pay_date", "pay_note", "pay_overdraft", "pay_key")
	if f.Get("pay_key") == "" {
		f.Set("pay_key", "web-"+rand.Text()) // a refused form keeps a key, which opens it again
	}
	n := fund.NewEntry{UnitID: u.ID, Kind: fund.Payment, Party: f.Get("pay_to"), Purpose: f.Get("pay_purpose"), Means: fund.Means(f.Get("pay_means")),
		Note: f.Get("pay_note"), Overdraft: f.Get("pay_overdraft"), Key: f.Get("pay_key")}
	if n.Purpose == "" {
		return s.fundRefused(w, r, rq, u, f, apperr.At(vi.FundColumn(fund.ColPurpose), apperr.New(apperr.Invalid, vi.ErrFundPurposeMissing)))
	}
	return s.fundRecord(w, r, rq, u, f, n, f.Get("pay_amount"), f.Get("pay_date"))
}

// trimmedForm is the named fields of a posted form, trimmed: what the
// fund page's forms were sent with, shown again with a refusal.
func trimmedForm(r *http.Request, keys ...string) url.Values {
	f := url.Values{}
	for _, k := range keys {
		f.Set(k, strings.TrimSpace(r.PostFormValue(k)))
	}
	return f
}

// fundRefused shows the fund page again with a refusal of the user's
// input above its form; any other error is the error page's.
func (s *Server) fundRefused(w http.ResponseWriter, r *http.Request, rq *request, u *units.Unit, form url.Values, err error) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
	default:
		return err
	}
	d, derr := s.fundView(r, rq, u, form)
	if derr != nil {
		return derr
	}
	d.Alert = err.Error()
	return s.render(w, rq, status(err), "fund", vi.UI["fund.title"], "fund", d)
}

// fundReverse reverses an entry with a reason (fund.Reverse).
func (s *Server) fundReverse(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	e, err := fund.Reverse(r.Context(), s.db, rq.tree, rq.principal(), fund.Reversing{UnitID: u.ID, Number: r.PostFormValue("number"),
		Reason: r.PostFormValue("reason")}, s.now())
	if err != nil {
		return s.fundRefused(w, r, rq, u, nil, err)
	}
	http.Redirect(w, r, "/fund?unit="+u.Ref()+"&done="+e.Number, http.StatusSeeOther)
	return nil
}

// fundProgrammeAdd adds a programme of the year (fund.AddProgramme).
func (s *Server) fundProgrammeAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	n := fund.NewProgramme{UnitID: u.ID, Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Year: s.today().Year(),
		Eligibility: r.PostFormValue("eligibility")}
	if b := strings.TrimSpace(r.PostFormValue("budget")); b != "" && b != "0" {
		if n.Budget, err = fund.ParseAmount(b); err != nil {
			return s.fundRefused(w, r, rq, u, nil, apperr.At(vi.UI["fund.prog_budget"], err))
		}
	}
	if _, err := fund.AddProgramme(r.Context(), s.db, rq.tree, rq.principal(), n, s.now()); err != nil {
		return s.fundRefused(w, r, rq, u, nil, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/fund/programme?unit=%s&code=%s&year=%d", u.Ref(), url.QueryEscape(n.Code), n.Year), http.StatusSeeOther)
	return nil
}

// fundVoucher sends the PDF voucher of an entry.
func (s *Server) fundVoucher(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	e, err := fund.EntryByNumber(r.Context(), s.db, rq.tree, rq.principal(), u.ID, queryValue(r, "number"))
	if err != nil {
		return err
	}
	if err := fund.NameRecorder(r.Context(), s.db, &e); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fund.WriteVoucherPDF(&buf, e, u); err != nil {
		return err
	}
	return download(w, e.Number+".pdf", "application/pdf", buf.Bytes())
}

// fundBook sends the fund book of a period as XLSX.
func (s *Server) fundBook(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.fundUnit(r, rq)
	if err != nil {
		return err
	}
	p, err := rq.period(queryValue(r, "period"))
	if err != nil {
		return err
	}
	b, err := fund.ReadBook(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fund.WriteBookXLSX(&buf, b); err != nil {
		return err
	}
	return download(w, "so-quy-"+p.String()+".xlsx", xlsxType, buf.Bytes())
}

// fundAwardRow is a recipient in the programme page's table.
type fundAwardRow struct {
	ID                                                int64
	Name, Born, Beneficiary, Place, Amount, Unit, Pay string
	Payable                                           bool
}

// fundProgrammeData is a programme's page.
type fundProgrammeData struct {
	Unit          *units.Unit
	Programme     fund.Programme
	Budget, Spent string
	Rows          []fundAwardRow
	Total         string
	Pending       int
	CanWrite      bool
	// Payer is the unit below the programme's that the user writes and
	// lists recipients for (a commune paying into the province's
	// programme); nil when the user writes the programme's unit.
	Payer         *units.Unit
	Notice, Alert string
	Form          url.Values
	Beneficiaries []option
	AwardKinds    []option
	Today         string
	ListHref      string
	FundHref      string
	// Query is the programme's unit, code and year in the forms' actions,
	// a template.URL so that html/template keeps its = and & (as a
	// string it escaped them, and every form posted to an address
	// without its programme).
	Query template.URL
}

// fundRef reads the programme named by the address or the form.
// A programme of a unit above the user's own is theirs to read when they
// pay into it (fund.ReadsList): a commune's officer opens the province's
// programme to see whom the commune listed and pay them.
func (s *Server) fundRef(r *http.Request, rq *request) (fund.ProgrammeRef, *units.Unit, error) {
	u, err := s.fundUnit(r, rq)
	if apperr.CodeOf(err) == apperr.NotFound {
		if ref, rerr := units.ParseRef(queryValue(r, "unit")); rerr == nil && ref.Level != units.Cluster {
			if above, aerr := rq.tree.Resolve(ref.Level, ref.Code, s.today()); aerr == nil && fund.ReadsList(rq.tree, rq.principal(), above.ID) {
				u, err = above, nil
			}
		}
	}
	if err != nil {
		return fund.ProgrammeRef{}, nil, err
	}
	year, _ := strconv.Atoi(queryValue(r, "year"))
	return fund.ProgrammeRef{UnitID: u.ID, Code: queryValue(r, "code"), Year: year}, u, nil
}

func (s *Server) fundProgrammePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, u, err := s.fundRef(r, rq)
	if err != nil {
		return err
	}
	d, err := s.fundProgrammeView(r, rq, ref, u, nil)
	if err != nil {
		return err
	}
	switch queryValue(r, "done") {
	case "":
	case "added":
		d.Notice = vi.UI["fund.award_added"]
	case "approved":
		d.Notice = vi.UI["fund.awards_approved"]
	default:
		d.Notice = fmt.Sprintf(vi.UI["fund.done"], queryValue(r, "done"))
	}
	return s.render(w, rq, http.StatusOK, "fund_programme", d.Programme.Name, "fund", d)
}

func (s *Server) fundProgrammeView(r *http.Request, rq *request, ref fund.ProgrammeRef, u *units.Unit, form url.Values) (*fundProgrammeData, error) {
	list, err := fund.ReadRecipients(r.Context(), s.db, rq.tree, rq.principal(), ref, false, s.now())
	if err != nil {
		return nil, err
	}
	q := fmt.Sprintf("unit=%s&code=%s&year=%d", url.QueryEscape(u.Ref()), url.QueryEscape(ref.Code), ref.Year)
	d := &fundProgrammeData{Unit: u, Programme: list.Programme, Spent: vi.Int(list.Programme.Spent), Budget: vi.UI["fund.no_budget"],
		CanWrite: rq.scope.CanWrite(u.ID), Form: form, Today: vi.Date(s.today()), Query: template.URL(q),
		ListHref: "/fund/recipients.xlsx?" + q, FundHref: "/fund?unit=" + u.Ref()}
	if !rq.scope.CanWrite(u.ID) {
		if root := rq.scope.Root(); root != nil && root.ID != u.ID && rq.scope.CanWrite(root.ID) && fund.ReadsList(rq.tree, rq.principal(), u.ID) {
			d.Payer = root
		}
	}
	if !rq.scope.CanRead(u.ID) {
		d.FundHref = "/fund" // a programme above the user's unit: back to their own fund
	}
	if d.Form == nil {
		d.Form = url.Values{}
	}
	if list.Programme.Budget > 0 {
		d.Budget = vi.Int(list.Programme.Budget)
	}
	var total int64
	for _, a := range list.Awards {
		place := a.Workplace
		if a.School != "" {
			place = strings.TrimSpace(a.School + " " + a.Grade)
		}
		row := fundAwardRow{ID: a.ID, Name: a.FullName, Born: a.BirthDate, Beneficiary: vi.FundBeneficiary(a.Beneficiary), Place: place,
			Amount: vi.Int(a.Amount), Unit: a.Unit}
		switch {
		case a.Paid():
			row.Pay = a.Payment
		case a.Approved():
			row.Pay, row.Payable = vi.FundAwardApproved, rq.scope.CanWrite(a.UnitID)
		default:
			row.Pay = vi.FundAwardPending
			d.Pending++
		}
		total += a.Amount
		d.Rows = append(d.Rows, row)
	}
	d.Total = vi.Int(total)
	for _, b := range fund.Beneficiaries {
		d.Beneficiaries = append(d.Beneficiaries, option{Value: b, Label: vi.FundBeneficiary(b), Selected: d.Form.Get("beneficiary") == b})
	}
	for _, k := range fund.AwardKinds {
		d.AwardKinds = append(d.AwardKinds, option{Value: k, Label: vi.FundLabel(k, false), Selected: d.Form.Get("award_kind") == k})
	}
	return d, nil
}

// fundProgrammeRefused shows the programme's page again with a refusal.
func (s *Server) fundProgrammeRefused(w http.ResponseWriter, r *http.Request, rq *request, ref fund.ProgrammeRef, u *units.Unit, form url.Values, err error) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
	default:
		return err
	}
	d, derr := s.fundProgrammeView(r, rq, ref, u, form)
	if derr != nil {
		return derr
	}
	d.Alert = err.Error()
	return s.render(w, rq, status(err), "fund_programme", d.Programme.Name, "fund", d)
}

// fundAward adds a recipient (fund.AddAward).
func (s *Server) fundAward(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, u, err := s.fundRef(r, rq)
	if err != nil {
		return err
	}
	f := trimmedForm(r, "full_name", "birth_date", "beneficiary", "award_kind", "school", "grade", "workplace", "cccd", "reason", "amount")
	var payer int64
	if pref := r.PostFormValue("payer"); pref != "" {
		pu, err := rq.unit(pref, s.today(), auth.NeedWrite)
		if err != nil {
			return err
		}
		payer = pu.ID
	}
	n := fund.NewAward{Programme: ref, UnitID: payer, Beneficiary: f.Get("beneficiary"), AwardKind: f.Get("award_kind"), FullName: f.Get("full_name"),
		BirthDate: f.Get("birth_date"), School: f.Get("school"), Grade: f.Get("grade"), Workplace: f.Get("workplace"),
		CCCD: f.Get("cccd"), Reason: f.Get("reason")}
	if n.Amount, err = fund.ParseAmount(f.Get("amount")); err != nil {
		err = apperr.At(vi.FundAwardColumn(fund.ColAmount), err)
	} else {
		_, err = fund.AddAward(r.Context(), s.db, rq.tree, rq.principal(), n, s.now())
	}
	if err != nil {
		return s.fundProgrammeRefused(w, r, rq, ref, u, f, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/fund/programme?unit=%s&code=%s&year=%d&done=added", u.Ref(), url.QueryEscape(ref.Code), ref.Year), http.StatusSeeOther)
	return nil
}

// fundApprove approves every pending recipient (fund.ApproveAwards).
func (s *Server) fundApprove(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, u, err := s.fundRef(r, rq)
	if err != nil {
		return err
	}
	if _, err := fund.ApproveAwards(r.Context(), s.db, rq.tree, rq.principal(), ref, nil, s.now()); err != nil {
		return s.fundProgrammeRefused(w, r, rq, ref, u, nil, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/fund/programme?unit=%s&code=%s&year=%d&done=approved", u.Ref(), url.QueryEscape(ref.Code), ref.Year), http.StatusSeeOther)
	return nil
}

// fundPay pays an approved award (fund.PayAward), today.
func (s *Server) fundPay(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, u, err := s.fundRef(r, rq)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PostFormValue("award"), 10, 64)
	e, err := fund.PayAward(r.Context(), s.db, rq.tree, rq.principal(), fund.Paying{AwardID: id, Key: r.PostFormValue("key")}, s.now())
	if err != nil {
		return s.fundProgrammeRefused(w, r, rq, ref, u, nil, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/fund/programme?unit=%s&code=%s&year=%d&done=%s", u.Ref(), url.QueryEscape(ref.Code), ref.Year, e.Number), http.StatusSeeOther)
	return nil
}

// fundRecipientsFile sends the recipient list as XLSX (masked; logged).
func (s *Server) fundRecipientsFile(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, _, err := s.fundRef(r, rq)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fund.ExportRecipients(r.Context(), s.db, rq.tree, rq.principal(), ref, false, &buf, s.now()); err != nil {
		return err
	}
	return download(w, fmt.Sprintf("danh-sach-%s-%d.xlsx", ref.Code, ref.Year), xlsxType, buf.Bytes())
}
