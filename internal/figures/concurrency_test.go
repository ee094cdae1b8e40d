package figures

import (
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// figKey names one stored figure.
type figKey struct {
	unit int64
	per  string
	ind  string
}

// concWrite is what one writer of the concurrency test wrote: the value it
// gave each key, and what the writer reported.
type concWrite struct {
	name     string
	values   map[figKey]float64
	inserted int
	updated  int
	err      error
}

// concIndicators are the figures the writers write: two stocks and a flow,
// so that roll-ups of stocks (at the period's end) and flows (summed over
// sub-periods: 2025H2 feeds the year 2025) are both refreshed.
var concIndicators = []string{"members.total", "org.branches", "models.family.registered"}

// TestConcurrentWritersKeepHistoryAndRollups runs 24 writers at once —
// imports over the same existing keys (in two years, rows in different
// orders), imports of the same new keys, API writes of the nation's
// administrator over both (all through Write, as the command line and the
// API call it), and form approvals (entry.SaveDraft, Submit, Approve) — and then
// checks the invariants of docs/concurrency.md: every write is in the
// history and every history row's old value is the new value of the row
// before it for the same figure; the stored value is the last write's; each
// new figure was counted as inserted exactly once; and the materialized
// roll-ups equal a recomputation from scratch.
func TestConcurrentWritersKeepHistoryAndRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		h2 := period.MustParse("2025H2")
		day := h1.End()
		var communes []*units.Unit
		for _, c := range f.tree.Children(f.hanoi.ID, day) {
			if c.Level == units.Commune && c.ValidAt(h2.Start()) && len(communes) < 16 {
				communes = append(communes, c)
			}
		}
		// Two communes of another province, so that two provinces' roll-ups
		// and the nation's are refreshed by the same writers.
		other, err := f.tree.Resolve(units.Province, "79", day)
		must(t, err)
		for _, c := range f.tree.Children(other.ID, day) {
			if c.Level == units.Commune && c.ValidAt(h2.Start()) && len(communes) < 18 {
				communes = append(communes, c)
			}
		}
		if len(communes) < 18 {
			t.Fatalf("%d communes, want 18", len(communes))
		}
		existing := append(communes[0:5:5], communes[16]) // imported before the writers start
		fresh := append(communes[5:8:8], communes[17])    // written first by the writers
		forms := communes[8:14]                           // one form each, approved
		seeded := forms[:3]                               // forms whose unit has imported figures

		rowsFor := func(us []*units.Unit, ps []period.Period, val func(i int) float64) ([]aggregate.Row, map[figKey]float64) {
			var rows []aggregate.Row
			vals := map[figKey]float64{}
			for _, p := range ps {
				for _, u := range us {
					for _, code := range concIndicators {
						v := val(len(rows))
						rows = append(rows, aggregate.Row{Line: len(rows) + 2, Period: p.String(), Level: "commune",
							Code: u.Code, Indicator: code, Value: strconv.FormatFloat(v, 'f', -1, 64)})
						vals[figKey{u.ID, p.String(), code}] = v
					}
				}
			}
			return rows, vals
		}

		// The state before the writers: figures of the existing keys and of
		// the seeded forms' units, in both years.
		seedRows, _ := rowsFor(append(existing[:len(existing):len(existing)], seeded...), []period.Period{h2, h1},
			func(i int) float64 { return float64(10 + i) })
		_, err = Write(ctx, db, f.tree, f.local, seedRows, Options{Source: "seed.csv", Now: t0})
		must(t, err)

		writes := make([]*concWrite, 24)
		var wg sync.WaitGroup
		start := make(chan struct{})
		run := func(i int, fn func(w *concWrite)) {
			writes[i] = &concWrite{name: fmt.Sprintf("writer %d", i), values: map[figKey]float64{}}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				fn(writes[i])
			}()
		}
		// Every writer writes values no other writer writes (1000·(i+1) +
		// row), so that each write is a change and can be found in the
		// history.
		valueOf := func(i int) func(int) float64 {
			return func(row int) float64 { return float64(1000*(i+1) + row) }
		}
		for i := 0; i < 8; i++ { // imports over existing keys, both years
			ps := []period.Period{h2, h1}
			if i%2 == 1 {
				ps = []period.Period{h1, h2} // a file may list the later year first
			}
			rows, vals := rowsFor(existing, ps, valueOf(i))
			run(i, func(w *concWrite) {
				w.values = vals
				res, err := Write(ctx, db, f.tree, f.local, rows, Options{Source: fmt.Sprintf("existing-%d.csv", i), Now: t0})
				w.inserted, w.updated, w.err = res.Inserted, res.Updated, err
			})
		}
		for i := 8; i < 12; i++ { // imports of the same new keys
			rows, vals := rowsFor(fresh, []period.Period{h1}, valueOf(i))
			run(i, func(w *concWrite) {
				w.values = vals
				res, err := Write(ctx, db, f.tree, f.local, rows, Options{Source: fmt.Sprintf("fresh-%d.csv", i), Now: t0})
				w.inserted, w.updated, w.err = res.Inserted, res.Updated, err
			})
		}
		// The API writes of the nation's administrator are official at once.
		api := auth.ForUser(f.tree, auth.User{ID: 3, Email: "api@tw.vn", Role: auth.Admin, ScopeUnitID: f.tree.Nation().ID}, audit.ViaAPI)
		for i := 12; i < 18; i++ { // API writes over some existing and some new keys
			us := append(existing[i%3:i%3+2:i%3+2], fresh[i%2:i%2+2]...)
			rows, vals := rowsFor(us, []period.Period{h1}, valueOf(i))
			run(i, func(w *concWrite) {
				w.values = vals
				res, err := Write(ctx, db, f.tree, api, rows, Options{Source: "api", Now: t0})
				w.inserted, w.updated, w.err = res.Inserted, res.Updated, err
			})
		}
		for i := 18; i < 24; i++ { // a form each: save, submit, approve
			u := forms[i-18]
			_, vals := rowsFor([]*units.Unit{u}, []period.Period{h1}, valueOf(i))
			run(i, func(w *concWrite) {
				w.values = vals
				typed := map[string]string{}
				for k, v := range vals {
					typed[k.ind] = strconv.FormatFloat(v, 'f', -1, 64)
				}
				xa := auth.ForUser(f.tree, auth.User{ID: int64(100 + i), Email: fmt.Sprintf("xa%d@hanoi.vn", i), Role: auth.Officer, ScopeUnitID: u.ID}, audit.ViaPage)
				if w.err = entry.SaveDraft(ctx, db, f.tree, xa, u.ID, h1, typed, t0); w.err != nil {
					return
				}
				if w.err = explainAll(ctx, db, f.tree, xa, u.ID, h1, t0); w.err != nil {
					return
				}
				if w.err = entry.Submit(ctx, db, f.tree, xa, u.ID, h1, t0); w.err != nil {
					return
				}
				w.err = entry.Approve(ctx, db, f.tree, f.tinh, u.ID, h1, t0)
			})
		}
		close(start)
		wg.Wait()
		for _, w := range writes {
			if w.err != nil {
				t.Errorf("%s: %v", w.name, w.err)
			}
		}
		if t.Failed() {
			return
		}

		// Each import and API write changed every figure it wrote (its
		// values are its own), and each new figure was new to one writer.
		insertedBy := 0
		for _, w := range writes[:18] {
			if w.inserted+w.updated != len(w.values) {
				t.Errorf("%s: %d inserted + %d updated, want %d changes", w.name, w.inserted, w.updated, len(w.values))
			}
			insertedBy += w.inserted
		}
		if want := len(fresh) * len(concIndicators); insertedBy != want {
			t.Errorf("the writers counted %d figures as new, want %d (each new figure once)", insertedBy, want)
		}

		// The history keeps replacements; each figure's writes are its first
		// write (the old side of its first history row, with the import that
		// wrote it, or the stored value when it was never replaced) and then
		// its history rows.
		history := readHistory(t, db)
		stored := readStored(t, db)
		chains := map[figKey][]historyRow{}
		for k, hs := range history {
			first := hs[0]
			if !first.old.Valid || !first.oldImportID.Valid {
				t.Errorf("%v: first history row (%d) has old value %v of import %v, want the first write's value and import", k, first.id, first.old, first.oldImportID)
				continue
			}
			chain := []historyRow{{new: first.old.Float64, importID: first.oldImportID.Int64}}
			for i, h := range hs {
				if i > 0 && (!h.old.Valid || h.old.Float64 != hs[i-1].new || h.oldImportID.Int64 != hs[i-1].importID) {
					t.Errorf("%v: history row %d has old value %v of import %v, but the row before it wrote %v by import %d",
						k, h.id, h.old, h.oldImportID, hs[i-1].new, hs[i-1].importID)
				}
				chain = append(chain, h)
			}
			chains[k] = chain
			s, ok := stored[k]
			if !ok {
				t.Errorf("%v: in the history but not stored", k)
				continue
			}
			if last := hs[len(hs)-1]; s.value != last.new || s.importID != last.importID {
				t.Errorf("%v: stored %v (import %d), but the last write was %v (import %d)", k, s.value, s.importID, last.new, last.importID)
			}
		}
		for k, s := range stored {
			if _, ok := history[k]; !ok {
				chains[k] = []historyRow{{new: s.value, importID: s.importID}}
			}
		}
		// Every write is in its figure's chain, with the import that wrote
		// it: an update lost to a concurrent writer (a first write
		// overwritten as if it were new, say) would be missing.
		sources := readImportSources(t, db)
		for _, w := range writes {
			for k, v := range w.values {
				found := false
				for _, h := range chains[k] {
					found = found || (h.new == v && sources[h.importID] != "")
				}
				if !found {
					t.Errorf("%s: its write %v = %v is not in the history (lost)", w.name, k, v)
				}
			}
		}
		// One write each (the seed's, the writers') over the seed: the
		// writers' values are their own, so each write is a change, and
		// the writes of a figure sum to its chain.
		writesOf := map[figKey]int{}
		for k := range stored {
			if _, ok := chains[k]; !ok {
				t.Errorf("%v: stored without a first write", k)
			}
		}
		for _, u := range append(existing[:len(existing):len(existing)], seeded...) {
			for _, p := range []period.Period{h2, h1} {
				for _, code := range concIndicators {
					writesOf[figKey{u.ID, p.String(), code}]++
				}
			}
		}
		for _, w := range writes {
			for k := range w.values {
				writesOf[k]++
			}
		}
		for k, n := range writesOf {
			if got := len(chains[k]); got != n {
				t.Errorf("%v: %d writes in its history, want %d", k, got, n)
			}
		}

		checkRollupsFresh(t, db, f.tree)
	})
}

// historyRow is one row of aggregate_history.
type historyRow struct {
	id          int64
	old         sql.NullFloat64
	oldImportID sql.NullInt64
	new         float64
	importID    int64
}

// readImportSources reads the source of every import run, by id.
func readImportSources(t *testing.T, db *store.DB) map[int64]string {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT id, source FROM imports`)
	must(t, err)
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var src string
		must(t, rows.Scan(&id, &src))
		out[id] = src
	}
	must(t, rows.Err())
	return out
}

// readHistory reads the history of every figure, oldest first.
func readHistory(t *testing.T, db *store.DB) map[figKey][]historyRow {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT id, unit_id, period, indicator, old_value, old_import_id, new_value, import_id FROM aggregate_history ORDER BY id`)
	must(t, err)
	defer rows.Close()
	out := map[figKey][]historyRow{}
	for rows.Next() {
		var k figKey
		var h historyRow
		must(t, rows.Scan(&h.id, &k.unit, &k.per, &k.ind, &h.old, &h.oldImportID, &h.new, &h.importID))
		out[k] = append(out[k], h)
	}
	must(t, rows.Err())
	return out
}

type storedValue struct {
	value    float64
	importID int64
}

// readStored reads every stored figure.
func readStored(t *testing.T, db *store.DB) map[figKey]storedValue {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT unit_id, period, indicator, value, import_id FROM aggregate_values`)
	must(t, err)
	defer rows.Close()
	out := map[figKey]storedValue{}
	for rows.Next() {
		var k figKey
		var s storedValue
		must(t, rows.Scan(&k.unit, &k.per, &k.ind, &s.value, &s.importID))
		out[k] = s
	}
	must(t, rows.Err())
	return out
}

// readRollups reads every materialized roll-up.
func readRollups(t *testing.T, q store.Querier) map[figKey]float64 {
	t.Helper()
	rows, err := q.Query(ctx, `SELECT unit_id, period, indicator, value FROM rollup_values`)
	must(t, err)
	defer rows.Close()
	out := map[figKey]float64{}
	for rows.Next() {
		var k figKey
		var v float64
		must(t, rows.Scan(&k.unit, &k.per, &k.ind, &v))
		out[k] = v
	}
	must(t, rows.Err())
	return out
}

// checkRollupsFresh compares the materialized roll-ups with the ones a
// refresh computes from nothing (every roll-up deleted, every stored
// figure's unit and period refreshed), in a transaction rolled back after.
func checkRollupsFresh(t *testing.T, db *store.DB, tree *units.Tree) {
	t.Helper()
	got := readRollups(t, db)
	stored := readStored(t, db)
	tx, err := db.Begin(ctx)
	must(t, err)
	defer tx.Rollback()
	_, err = tx.Exec(ctx, `DELETE FROM rollup_values`)
	must(t, err)
	seen := map[rollup.Touch]bool{}
	var touched []rollup.Touch
	for k := range stored {
		tc := rollup.Touch{UnitID: k.unit, Period: period.MustParse(k.per)}
		if !seen[tc] {
			seen[tc] = true
			touched = append(touched, tc)
		}
	}
	must(t, rollup.Refresh(ctx, tx, tree, touched))
	want := readRollups(t, tx)
	var keys []figKey
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	bad := 0
	for _, k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		if gok != wok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			if bad++; bad <= 10 {
				t.Errorf("roll-up %v: materialized %v (%v), recomputed %v (%v)", k, g, gok, w, wok)
			}
		}
	}
	if bad > 10 {
		t.Errorf("… %d roll-ups differ in all", bad)
	}
	if len(want) == 0 {
		t.Error("the recomputation made no roll-ups")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
