package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The fund's commands (docs/contracts.md, section Fund): receipts,
// payments, transfers and reversals, the fund book, closing a period and
// the import of a fund file.

func init() {
	register(command{Name: "fund receipt", Summary: vi.SummaryFundReceipt, Run: runFundReceipt})
	register(command{Name: "fund payment", Summary: vi.SummaryFundPayment, Run: runFundPayment})
	register(command{Name: "fund transfer", Summary: vi.SummaryFundTransfer, Run: runFundTransfer})
	register(command{Name: "fund reverse", Summary: vi.SummaryFundReverse, Run: runFundReverse})
	register(command{Name: "fund programme", Summary: vi.SummaryFundProgramme, Run: runFundProgramme})
	register(command{Name: "fund voucher", Summary: vi.SummaryFundVoucher, Run: runFundVoucher})
	register(command{Name: "fund book", Summary: vi.SummaryFundBook, Run: runFundBook})
	register(command{Name: "fund close", Summary: vi.SummaryFundClose, Run: runFundClose})
	register(command{Name: "fund reopen", Summary: vi.SummaryFundReopen, Run: runFundReopen})
	register(command{Name: "import fund", Summary: vi.SummaryImportFund, Run: runImportFund})
}

// entryJSON is an entry as the fund commands print it with --format json.
type entryJSON struct {
	Number   string `json:"number"`
	ID       int64  `json:"id"`
	Date     string `json:"date"`
	Kind     string `json:"kind"`
	Means    string `json:"means"`
	Party    string `json:"party"`
	Amount   int64  `json:"amount"`
	Existing bool   `json:"existing,omitempty"`
}

func entryOut(e fund.Entry, existing bool) entryJSON {
	return entryJSON{Number: e.Number, ID: e.ID, Date: e.Day.Format(time.DateOnly), Kind: string(e.Kind), Means: string(e.Means),
		Party: e.Party, Amount: e.Amount, Existing: existing}
}

// printEntry prints a recorded entry: its number and amount for people,
// the entryJSON object for machines.
func printEntry(app *App, format string, e fund.Entry, existing bool) error {
	if format == "json" {
		return writeJSON(app.Stdout, entryOut(e, existing))
	}
	msg := vi.FundRecorded
	if existing {
		msg = vi.FundExisting
	}
	fmt.Fprintf(app.Stdout, msg+"\n", e.Number, vi.Int(e.Amount), vi.Date(e.Day))
	return nil
}

// fundFlags are the flags of a receipt or a payment.
type fundFlags struct {
	unit, amount, date, key, means, items, note, actor *string
}

func newFundFlags(fs *flag.FlagSet) fundFlags {
	return fundFlags{
		unit:   fs.String("unit", "", vi.FlagFundUnit),
		amount: fs.String("amount", "", vi.FlagFundAmount),
		date:   fs.String("date", "", vi.FlagFundDate),
		key:    fs.String("key", "", vi.FlagFundKey),
		means:  fs.String("kind", "cash", vi.FlagFundKind),
		items:  fs.String("items", "", vi.FlagFundItems),
		note:   fs.String("note", "", vi.FlagFundNote),
		actor:  fs.String("actor", "", vi.FlagActor),
	}
}

// entry reads the common flags into a new entry of kind, with the unit as
// it was on the entry's day.
func (ff fundFlags) entry(app *App, tree *units.Tree, kind fund.Kind) (fund.NewEntry, error) {
	n := fund.NewEntry{Kind: kind, Key: *ff.key, Items: *ff.items, Note: *ff.note, Means: fund.Means(*ff.means)}
	var err error
	if n.Amount, err = fund.ParseAmount(*ff.amount); err != nil {
		return n, apperr.At("--amount", err)
	}
	if n.Day, err = dayFlag(app, "--date", *ff.date); err != nil {
		return n, err
	}
	u, err := unitsResolve(tree, *ff.unit, n.Day)
	if err != nil {
		return n, apperr.At("--unit", err)
	}
	n.UnitID = u.ID
	return n, nil
}

func runFundReceipt(ctx context.Context, app *App, args []string) error {
	return runFundEntry(ctx, app, args, "fund receipt", fund.Receipt)
}

func runFundPayment(ctx context.Context, app *App, args []string) error {
	return runFundEntry(ctx, app, args, "fund payment", fund.Payment)
}

// runFundEntry runs fund receipt and fund payment.
func runFundEntry(ctx context.Context, app *App, args []string, name string, kind fund.Kind) error {
	var c common
	fs := app.flags(name, &c, "table", "json")
	ff := newFundFlags(fs)
	var party, partyKind, purpose, programme, overdraft *string
	if kind == fund.Receipt {
		party = fs.String("donor", "", vi.FlagFundDonor)
		partyKind = fs.String("donor-kind", "", vi.FlagFundDonorKind)
	} else {
		party = fs.String("to", "", vi.FlagFundTo)
		purpose = fs.String("purpose", "", vi.FlagFundPurpose)
		programme = fs.String("programme", "", vi.FlagFundProgramme)
		overdraft = fs.String("overdraft", "", vi.FlagFundOverdraft)
	}
	if err := app.parse(fs, args, &c, "table", "json"); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *ff.unit == "" || *ff.amount == "" {
		return apperr.New(apperr.Usage, vi.ErrFundArgs)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	n, err := ff.entry(app, tree, kind)
	if err != nil {
		return err
	}
	n.Party = *party
	if kind == fund.Receipt {
		n.PartyKind = *partyKind
	} else {
		n.Purpose, n.Programme, n.Overdraft = *purpose, *programme, *overdraft
	}
	e, existing, err := fund.Record(ctx, db, tree, localAdmin(app, *ff.actor), n, app.Now())
	if err != nil {
		return err
	}
	return printEntry(app, c.format, e, existing)
}

func runFundTransfer(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund transfer", &c, "table", "json")
	ff := newFundFlags(fs)
	to := fs.String("to", "", vi.FlagFundTransferTo)
	overdraft := fs.String("overdraft", "", vi.FlagFundOverdraft)
	if err := app.parse(fs, args, &c, "table", "json"); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *ff.unit == "" || *ff.amount == "" || *to == "" {
		return apperr.New(apperr.Usage, vi.ErrFundTransferArgs)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	n, err := ff.entry(app, tree, fund.Payment)
	if err != nil {
		return err
	}
	dest, err := unitsResolve(tree, *to, n.Day)
	if err != nil {
		return apperr.At("--to", err)
	}
	out, in, err := fund.Transfer(ctx, db, tree, localAdmin(app, *ff.actor), fund.NewTransfer{FromID: n.UnitID, ToID: dest.ID,
		Amount: n.Amount, Day: n.Day, Means: n.Means, Note: n.Note, Key: n.Key, Overdraft: *overdraft}, app.Now())
	if err != nil {
		return err
	}
	if c.format == "json" {
		return writeJSON(app.Stdout, []entryJSON{entryOut(out, false), entryOut(in, false)})
	}
	fmt.Fprintf(app.Stdout, vi.FundTransferred+"\n", out.Number, in.Number, vi.Int(out.Amount), vi.Date(out.Day))
	return nil
}

func runFundReverse(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund reverse", &c, "table", "json")
	unit := fs.String("unit", "", vi.FlagFundUnit)
	num := fs.String("number", "", vi.FlagFundNumber)
	reason := fs.String("reason", "", vi.FlagFundReason)
	date := fs.String("date", "", vi.FlagFundDate)
	overdraft := fs.String("overdraft", "", vi.FlagFundOverdraft)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c, "table", "json"); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *num == "" || *reason == "" {
		return apperr.New(apperr.Usage, vi.ErrFundReverseArgs)
	}
	day, err := dayFlag(app, "--date", *date)
	if err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := fundUnit(tree, *unit, *num, day)
	if err != nil {
		return err
	}
	rev, err := fund.Reverse(ctx, db, tree, localAdmin(app, *actor), fund.Reversing{UnitID: u.ID, Number: *num, Reason: *reason,
		Day: day, Overdraft: *overdraft}, app.Now())
	if err != nil {
		return err
	}
	if c.format == "json" {
		return writeJSON(app.Stdout, entryOut(rev, false))
	}
	fmt.Fprintf(app.Stdout, vi.FundReversed+"\n", rev.Number, *num)
	return nil
}

// fundUnit resolves the unit of a ledger named on the command line: as it
// was in the year of the voucher number when there is one, else on day.
func fundUnit(tree *units.Tree, ref, num string, day time.Time) (*units.Unit, error) {
	at := day
	if _, year, _, err := fund.ParseNumber(num); err == nil && year < day.Year() {
		at = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	u, err := unitsResolve(tree, ref, at)
	if err != nil {
		return nil, apperr.At("--unit", err)
	}
	return u, nil
}

// periodUnitFlags reads --unit and --period, the unit as it was at the
// period's end.
func periodUnitFlags(tree *units.Tree, unit, per string) (*units.Unit, period.Period, error) {
	p, err := period.Parse(per)
	if err != nil {
		return nil, period.Period{}, apperr.At("--period", err)
	}
	u, err := unitsResolve(tree, unit, p.End())
	if err != nil {
		return nil, period.Period{}, apperr.At("--unit", err)
	}
	return u, p, nil
}

func runFundBook(ctx context.Context, app *App, args []string) error {
	formats := []string{"table", "csv", "json", "xlsx"}
	var c common
	c.readOnly = true
	fs := app.flags("fund book", &c, formats...)
	unit := fs.String("unit", "", vi.FlagFundUnit)
	per := fs.String("period", "", vi.FlagFundPeriod)
	out := fs.String("o", "", vi.FlagFundOutput)
	if err := app.parse(fs, args, &c, formats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *per == "" {
		return apperr.New(apperr.Usage, vi.ErrFundBookArgs)
	}
	if c.format == "xlsx" && *out == "" {
		return apperr.New(apperr.Usage, vi.ErrFundXLSXOut)
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	u, p, err := periodUnitFlags(tree, *unit, *per)
	if err != nil {
		return err
	}
	b, err := fund.ReadBook(ctx, db, tree, localAdmin(app, ""), u.ID, p)
	if err != nil {
		return err
	}
	return writeBook(app, c.format, *out, b)
}

// bookJSON is the fund book in the machine format.
type bookJSON struct {
	Unit    string      `json:"unit"`
	Period  string      `json:"period"`
	Opening int64       `json:"opening"`
	In      int64       `json:"in"`
	Out     int64       `json:"out"`
	Closing int64       `json:"closing"`
	Entries []lineJSON  `json:"entries"`
	Counts  []countJSON `json:"counts"`
}

// countJSON is a counted balance in the book's machine format.
type countJSON struct {
	Date       string `json:"date"`
	Means      string `json:"means"`
	Counted    int64  `json:"counted"`
	Ledger     int64  `json:"ledger"`
	Difference int64  `json:"difference"`
}

type lineJSON struct {
	Number    string `json:"number"`
	Date      string `json:"date"`
	Kind      string `json:"kind"`
	Means     string `json:"means"`
	Party     string `json:"party"`
	Direction string `json:"direction"` // "in" or "out"
	Amount    int64  `json:"amount"`
	Balance   int64  `json:"balance"`
	Reverses  string `json:"reverses,omitempty"`
	Note      string `json:"note,omitempty"`
}

// writeBook writes the fund book in format.
func writeBook(app *App, format, out string, b fund.Book) error {
	switch format {
	case "xlsx":
		var buf bytes.Buffer
		if err := fund.WriteBookXLSX(&buf, b); err != nil {
			return err
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return apperr.New(apperr.Invalid, vi.ErrWriteFile, out, err)
		}
		fmt.Fprintf(app.Stdout, vi.FundBookWritten+"\n", out)
		return nil
	case "json", "csv":
		j := bookJSON{Unit: b.Unit.Ref(), Period: b.Period.String(), Opening: b.Opening, In: b.In, Out: b.Out, Closing: b.Closing,
			Entries: []lineJSON{}, Counts: []countJSON{}}
		for _, c := range b.Counts {
			j.Counts = append(j.Counts, countJSON{c.Day.Format(time.DateOnly), c.Means, c.Counted, c.Ledger, c.Difference()})
		}
		numbers := map[int64]string{}
		for _, l := range b.Lines {
			numbers[l.ID] = l.Number
		}
		for _, l := range b.Lines {
			dir := "in"
			if l.Direction < 0 {
				dir = "out"
			}
			lj := lineJSON{Number: l.Number, Date: l.Day.Format(time.DateOnly), Kind: string(l.Kind), Means: string(l.Means),
				Party: l.Party, Direction: dir, Amount: l.Amount, Balance: l.Balance, Note: fund.LineNote(l.Entry)}
			if l.ReversesID != 0 {
				lj.Reverses = numbers[l.ReversesID]
				if lj.Reverses == "" {
					lj.Reverses = strconv.FormatInt(l.ReversesID, 10)
				}
			}
			j.Entries = append(j.Entries, lj)
		}
		if format == "json" {
			return writeJSON(app.Stdout, j)
		}
		return writeCSV(app.Stdout, []string{"number", "date", "kind", "means", "party", "direction", "amount", "balance", "note"}, func(emit func([]string)) {
			for _, l := range j.Entries {
				emit([]string{l.Number, l.Date, l.Kind, l.Means, l.Party, l.Direction, strconv.FormatInt(l.Amount, 10),
					strconv.FormatInt(l.Balance, 10), l.Note})
			}
		})
	}
	fmt.Fprintln(app.Stdout, vi.FundBookHeading(b.Unit.FullName(), b.Period.NameVI()))
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', tabwriter.AlignRight)
	for i, h := range vi.FundBookHeader {
		if i > 0 {
			fmt.Fprint(tw, "\t")
		}
		fmt.Fprint(tw, h)
	}
	fmt.Fprintf(tw, "\t\n\t\t\t\t%s\t\t\t\t%s\t\n", vi.FundBookOpening, vi.Int(b.Opening))
	for _, l := range b.Lines {
		in, outS := "", ""
		if l.Direction > 0 {
			in = vi.Int(l.Amount)
		} else {
			outS = vi.Int(l.Amount)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", l.Number, vi.Date(l.Day), vi.FundLabel(string(l.Kind), false),
			vi.FundLabel(string(l.Means), true), l.Party, fund.LineNote(l.Entry), in, outS, vi.Int(l.Balance))
	}
	fmt.Fprintf(tw, "\t\t\t\t%s\t\t%s\t%s\t%s\t\n", vi.FundBookClosing, vi.Int(b.In), vi.Int(b.Out), vi.Int(b.Closing))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range b.Counts {
		fmt.Fprintln(app.Stdout, fund.CountLine(c))
	}
	return nil
}

func runFundClose(ctx context.Context, app *App, args []string) error {
	return runFundPeriod(ctx, app, args, "fund close")
}

func runFundReopen(ctx context.Context, app *App, args []string) error {
	return runFundPeriod(ctx, app, args, "fund reopen")
}

// runFundPeriod runs fund close and fund reopen.
func runFundPeriod(ctx context.Context, app *App, args []string, name string) error {
	var c common
	fs := app.flags(name, &c)
	unit := fs.String("unit", "", vi.FlagFundUnit)
	per := fs.String("period", "", vi.FlagFundPeriod)
	reason := fs.String("reason", "", vi.FlagFundReason)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *per == "" {
		return apperr.New(apperr.Usage, vi.ErrFundBookArgs)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, p, err := periodUnitFlags(tree, *unit, *per)
	if err != nil {
		return err
	}
	by := localAdmin(app, *actor)
	if name == "fund close" {
		if err := fund.ClosePeriod(ctx, db, tree, by, u.ID, p, app.Now()); err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, vi.FundClosedMsg+"\n", u.FullName(), p.NameVI())
		return nil
	}
	if err := fund.ReopenPeriod(ctx, db, tree, by, u.ID, p, *reason, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.FundReopenedMsg+"\n", u.FullName(), p.NameVI())
	return nil
}

func runImportFund(ctx context.Context, app *App, args []string) error {
	return importFile(ctx, app, "import fund", args, nil, func(db *store.DB, path, actor string) (string, error) {
		tree, err := units.Cached(ctx, db)
		if err != nil {
			return "", err
		}
		res, err := fund.ImportFile(ctx, db, tree, localAdmin(app, actor), path, app.Now())
		if err != nil {
			return "", err
		}
		return fmt.Sprintf(vi.FundImported, res.Source, vi.Int(int64(res.Rows)), vi.Int(int64(res.Recorded)), vi.Int(int64(res.Existing))), nil
	})
}

func runFundVoucher(ctx context.Context, app *App, args []string) error {
	var c common
	c.readOnly = true
	fs := app.flags("fund voucher", &c)
	unit := fs.String("unit", "", vi.FlagFundUnit)
	num := fs.String("number", "", vi.FlagFundNumber)
	out := fs.String("o", "", vi.FlagFundVoucher)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *num == "" || *out == "" {
		return apperr.New(apperr.Usage, vi.ErrFundVoucherArgs)
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := fundUnit(tree, *unit, *num, units.Day(app.Now()))
	if err != nil {
		return err
	}
	e, err := fund.EntryByNumber(ctx, db, tree, localAdmin(app, ""), u.ID, *num)
	if err != nil {
		return err
	}
	if err := fund.NameRecorder(ctx, db, &e); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fund.WriteVoucherPDF(&buf, e, u); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, *out, err)
	}
	fmt.Fprintf(app.Stdout, vi.FundVoucherWritten+"\n", e.Number, *out)
	return nil
}

func runFundProgramme(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund programme", &c)
	unit := fs.String("unit", "", vi.FlagFundUnit)
	code := fs.String("code", "", vi.FlagFundProgCode)
	name := fs.String("name", "", vi.FlagFundProgName)
	year := fs.Int("year", 0, vi.FlagFundProgYear)
	budget := fs.String("budget", "0", vi.FlagFundProgBudget)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *code == "" || *name == "" || *year == 0 {
		return apperr.New(apperr.Usage, vi.ErrFundProgrammeArgs)
	}
	var b int64
	if *budget != "0" {
		var err error
		if b, err = fund.ParseAmount(*budget); err != nil {
			return apperr.At("--budget", err)
		}
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *unit, time.Date(*year, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return apperr.At("--unit", err)
	}
	if _, err := fund.AddProgramme(ctx, db, tree, localAdmin(app, *actor), fund.NewProgramme{UnitID: u.ID, Code: *code, Name: *name,
		Year: *year, Budget: b}, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.FundProgrammeAdded+"\n", *code, *year)
	return nil
}

func init() {
	register(command{Name: "fund award", Summary: vi.SummaryFundAward, Run: runFundAward})
	register(command{Name: "fund approve", Summary: vi.SummaryFundApprove, Run: runFundApprove})
	register(command{Name: "fund pay", Summary: vi.SummaryFundPay, Run: runFundPay})
	register(command{Name: "fund recipients", Summary: vi.SummaryFundRecipients, Run: runFundRecipients})
}

// programmeFlags are the flags that name a programme: its unit, code and year.
type programmeFlags struct{ unit, code *string }

func newProgrammeFlags(fs *flag.FlagSet) (programmeFlags, *int) {
	return programmeFlags{unit: fs.String("unit", "", vi.FlagFundProgUnit), code: fs.String("programme", "", vi.FlagFundProgCode)},
		fs.Int("year", 0, vi.FlagFundProgYear)
}

// ref resolves the programme's unit as it was at the end of the year.
func (pf programmeFlags) ref(tree *units.Tree, year int) (fund.ProgrammeRef, error) {
	if *pf.unit == "" || *pf.code == "" || year == 0 {
		return fund.ProgrammeRef{}, apperr.New(apperr.Usage, vi.ErrFundAwardArgs)
	}
	u, err := unitsResolve(tree, *pf.unit, time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return fund.ProgrammeRef{}, apperr.At("--unit", err)
	}
	return fund.ProgrammeRef{UnitID: u.ID, Code: *pf.code, Year: year}, nil
}

func runFundAward(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund award", &c, "table", "json")
	pf, year := newProgrammeFlags(fs)
	payer := fs.String("payer", "", vi.FlagFundAwardPayer)
	var n fund.NewAward
	for _, f := range []struct {
		p          *string
		name, help string
	}{
		{&n.FullName, "name", vi.FlagFundAwardName}, {&n.BirthDate, "born", vi.FlagFundAwardBorn},
		{&n.Beneficiary, "beneficiary", vi.FlagFundAwardBeneficiary}, {&n.AwardKind, "award", vi.FlagFundPurpose},
		{&n.School, "school", vi.FlagFundAwardSchool}, {&n.Grade, "grade", vi.FlagFundAwardGrade},
		{&n.Workplace, "workplace", vi.FlagFundAwardWorkplace}, {&n.CCCD, "cccd", vi.FlagFundAwardCCCD},
		{&n.Reason, "reason", vi.FlagFundReason}, {&n.Override, "override", vi.FlagFundAwardOverride},
	} {
		fs.StringVar(f.p, f.name, "", f.help)
	}
	amount := fs.String("amount", "", vi.FlagFundAmount)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c, "table", "json"); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	if n.Programme, err = pf.ref(tree, *year); err != nil {
		return err
	}
	if n.Amount, err = fund.ParseAmount(*amount); err != nil {
		return apperr.At("--amount", err)
	}
	if *payer != "" {
		u, err := unitsResolve(tree, *payer, time.Date(*year, 12, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return apperr.At("--payer", err)
		}
		n.UnitID = u.ID
	}
	a, err := fund.AddAward(ctx, db, tree, localAdmin(app, *actor), n, app.Now())
	if err != nil {
		return err
	}
	if c.format == "json" {
		return writeJSON(app.Stdout, map[string]any{"id": a.ID, "name": a.FullName, "amount": a.Amount})
	}
	fmt.Fprintf(app.Stdout, vi.FundAwardAdded+"\n", a.ID, a.FullName, vi.Int(a.Amount))
	return nil
}

func runFundApprove(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund approve", &c)
	pf, year := newProgrammeFlags(fs)
	ids := fs.String("id", "", vi.FlagFundAwardIDs)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	var list []int64
	for _, s := range strings.FieldsFunc(*ids, func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return apperr.At("--id", apperr.New(apperr.Usage, vi.ErrFundAwardID, s))
		}
		list = append(list, id)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	ref, err := pf.ref(tree, *year)
	if err != nil {
		return err
	}
	k, err := fund.ApproveAwards(ctx, db, tree, localAdmin(app, *actor), ref, list, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.FundAwardsApproved+"\n", k, ref.Code, ref.Year)
	return nil
}

func runFundPay(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund pay", &c, "table", "json")
	id := fs.Int64("award", 0, vi.FlagFundAwardID)
	date := fs.String("date", "", vi.FlagFundDate)
	means := fs.String("kind", "cash", vi.FlagFundKind)
	key := fs.String("key", "", vi.FlagFundKey)
	overdraft := fs.String("overdraft", "", vi.FlagFundOverdraft)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c, "table", "json"); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *id == 0 {
		return apperr.New(apperr.Usage, vi.ErrFundPayArgs)
	}
	day, err := dayFlag(app, "--date", *date)
	if err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	e, err := fund.PayAward(ctx, db, tree, localAdmin(app, *actor), fund.Paying{AwardID: *id, Day: day, Means: fund.Means(*means),
		Key: *key, Overdraft: *overdraft}, app.Now())
	if err != nil {
		return err
	}
	return printEntry(app, c.format, e, false)
}

func runFundRecipients(ctx context.Context, app *App, args []string) error {
	formats := []string{"table", "json", "xlsx"}
	var c common
	fs := app.flags("fund recipients", &c, formats...)
	pf, year := newProgrammeFlags(fs)
	full := fs.Bool("full", false, vi.FlagFundAwardFull)
	out := fs.String("o", "", vi.FlagFundOutput)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c, formats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if c.format == "xlsx" && *out == "" {
		return apperr.New(apperr.Usage, vi.ErrFundXLSXOut)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	ref, err := pf.ref(tree, *year)
	if err != nil {
		return err
	}
	by := localAdmin(app, *actor)
	if c.format == "xlsx" {
		var buf bytes.Buffer
		if err := fund.ExportRecipients(ctx, db, tree, by, ref, *full, &buf, app.Now()); err != nil {
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return apperr.New(apperr.Invalid, vi.ErrWriteFile, *out, err)
		}
		fmt.Fprintf(app.Stdout, vi.FundRecipientsWritten+"\n", *out)
		return nil
	}
	r, err := fund.ReadRecipients(ctx, db, tree, by, ref, *full, app.Now())
	if err != nil {
		return err
	}
	if c.format == "json" {
		type awardJSON struct {
			ID          int64  `json:"id"`
			Name        string `json:"name"`
			Born        string `json:"born"`
			Beneficiary string `json:"beneficiary"`
			Award       string `json:"award"`
			Amount      int64  `json:"amount"`
			Unit        string `json:"unit"`
			Approved    bool   `json:"approved"`
			Payment     string `json:"payment,omitempty"`
		}
		list := []awardJSON{}
		for _, a := range r.Awards {
			list = append(list, awardJSON{a.ID, a.FullName, a.BirthDate, a.Beneficiary, a.AwardKind, a.Amount, a.Unit, a.Approved(), a.Payment})
		}
		return writeJSON(app.Stdout, map[string]any{"programme": r.Programme.Code, "year": r.Programme.Year, "budget": r.Programme.Budget,
			"spent": r.Programme.Spent, "recipients": list})
	}
	fmt.Fprintf(app.Stdout, vi.FundRecipientsHeading+"\n", strings.ToUpper(r.Programme.Name), r.Programme.Year, r.Unit.FullName())
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	for _, a := range r.Awards {
		state := vi.FundAwardPending
		switch {
		case a.Paid():
			state = a.Payment
		case a.Approved():
			state = vi.FundAwardApproved
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t\n", a.ID, a.FullName, a.BirthDate, vi.FundBeneficiary(a.Beneficiary), vi.Int(a.Amount), state)
	}
	return tw.Flush()
}

func init() {
	register(command{Name: "fund count", Summary: vi.SummaryFundCount, Run: runFundCount})
}

func runFundCount(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("fund count", &c)
	unit := fs.String("unit", "", vi.FlagFundUnit)
	date := fs.String("date", "", vi.FlagFundDate)
	means := fs.String("means", "cash", vi.FlagFundCountMeans)
	counted := fs.String("counted", "", vi.FlagFundCounted)
	note := fs.String("note", "", vi.FlagFundNote)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *unit == "" || *counted == "" {
		return apperr.New(apperr.Usage, vi.ErrFundCountArgs)
	}
	n := fund.NewCount{Means: *means, Note: *note}
	var err error
	if n.Counted, err = fund.ParseCounted(*counted); err != nil {
		return apperr.At("--counted", err)
	}
	if n.Day, err = dayFlag(app, "--date", *date); err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	day := n.Day
	if day.IsZero() {
		day = units.Day(app.Now())
	}
	u, err := unitsResolve(tree, *unit, day)
	if err != nil {
		return apperr.At("--unit", err)
	}
	n.UnitID = u.ID
	k, err := fund.RecordCount(ctx, db, tree, localAdmin(app, *actor), n, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.FundCounted+"\n", vi.Date(k.Day), vi.Int(k.Counted), vi.Int(k.Ledger), vi.SignedInt(k.Difference()))
	return nil
}
