package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "history", Summary: vi.HistorySummary, Run: runHistory})
}

// historyJSON is one change in the json format: English keys, times in
// RFC 3339 with Vietnam's offset, old_value null for a first value.
type historyJSON struct {
	At        string   `json:"at"`
	Unit      string   `json:"unit"`
	Period    string   `json:"period"`
	Indicator string   `json:"indicator"`
	Actor     string   `json:"actor"`
	Old       *float64 `json:"old_value"`
	New       float64  `json:"new_value"`
	ImportID  int64    `json:"import_id,omitempty"`
	Kind      string   `json:"kind"`
	Source    string   `json:"source"`
	Basis     string   `json:"basis"` // total, or own: the association's own figure at that level
}

func runHistory(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("history", &c, listFormats...)
	scope := fs.String("scope", "", vi.FlagScope)
	per := fs.String("period", "", vi.FlagPeriod)
	code := fs.String("indicator", "", vi.FlagIndicator)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *scope == "" || *per == "" || *code == "" {
		return apperr.New(apperr.Usage, vi.ErrHistoryArgs)
	}
	ref, err := units.ParseRef(*scope)
	if err != nil {
		return apperr.At("--scope", err)
	}
	if ref.Level == units.Cluster {
		return apperr.At("--scope", apperr.New(apperr.Invalid, vi.ErrBadUnitRef, *scope))
	}
	p, err := period.Parse(*per)
	if err != nil {
		return apperr.At("--period", err)
	}
	if _, err := indicator.Default.Lookup(*code); err != nil {
		return apperr.At("--indicator", err)
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := tree.Resolve(ref.Level, ref.Code, p.End())
	if err != nil {
		return apperr.At("--scope", err)
	}
	h, err := aggregate.HistoryOf(ctx, db, tree, localAdmin(app, ""), u.ID, p, *code)
	if err != nil {
		return err
	}
	refOf := func(id int64) string {
		if x := tree.Get(id); x != nil {
			return x.Ref()
		}
		return strconv.FormatInt(id, 10)
	}
	all := append(h.Changes[:len(h.Changes):len(h.Changes)], h.Below...)
	switch c.format {
	case "json":
		out := make([]historyJSON, 0, len(all))
		for _, ch := range all {
			out = append(out, historyJSON{At: vi.TimeISO(ch.At), Unit: refOf(ch.UnitID),
				Period: ch.Period.String(), Indicator: ch.Indicator, Actor: ch.Actor, Old: ch.Old, New: ch.New,
				ImportID: ch.ImportID, Kind: ch.Kind, Source: ch.Source, Basis: ch.Basis.String()})
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"at", "unit", "period", "indicator", "actor", "old_value", "new_value", "import_id", "kind", "source", "basis"},
			func(emit func([]string)) {
				for _, ch := range all {
					old := ""
					if ch.Old != nil {
						old = strconv.FormatFloat(*ch.Old, 'f', -1, 64)
					}
					emit([]string{vi.TimeISO(ch.At), refOf(ch.UnitID), ch.Period.String(), ch.Indicator, ch.Actor,
						old, strconv.FormatFloat(ch.New, 'f', -1, 64), strconv.FormatInt(ch.ImportID, 10), ch.Kind, ch.Source, ch.Basis.String()})
				}
			})
	}
	fmt.Fprintf(app.Stdout, vi.HistoryHeading+"\n\n", h.Indicator.NameVI, u.FullName(), p.NameVI())
	if len(all) == 0 {
		fmt.Fprintln(app.Stdout, vi.HistoryNone)
		return nil
	}
	table := func(cs []aggregate.Change) {
		tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", vi.HistoryColAt, vi.HistoryColUnit, vi.HistoryColActor, vi.HistoryColOld, vi.HistoryColNew, vi.HistoryColThrough)
		for _, ch := range cs {
			old := vi.HistoryFirstValue
			if ch.Old != nil {
				old = report.HumanValue(ch.Old, h.Indicator)
			}
			name := refOf(ch.UnitID)
			if x := tree.Get(ch.UnitID); x != nil {
				name = x.FullName()
			}
			if ch.Basis == rollup.Own {
				name += " (" + vi.BasisOwnShort + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", vi.Time(ch.At), name, ch.Actor, old,
				report.HumanValue(&ch.New, h.Indicator), vi.HistoryThrough(ch.Kind, ch.Source))
		}
		tw.Flush()
	}
	if len(h.Changes) > 0 {
		table(h.Changes)
	} else {
		fmt.Fprintln(app.Stdout, vi.HistoryNone)
	}
	if len(h.Below) > 0 {
		fmt.Fprintf(app.Stdout, "\n"+vi.HistoryBelowHdr+"\n", len(h.Below), h.BelowTotal)
		table(h.Below)
	}
	return nil
}
