package rollup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Counts from records (docs/storage.md). The registry keeps the
// association's units and members; each change of them is, for a commune, a
// dated change of one of a few stocks (record_totals). A report reads those
// stocks at the end of a period, which may lie years after the last change:
// a stock carries forward. So nothing is kept per period. Each change also
// counts in record_months (for every unit with children above or at its
// unit) and record_years (for its unit and every ancestor), so that the
// records of a unit's whole subtree at a date are the sum of a few dozen
// rows: its years before the date's year and its months (or, for a unit
// without children, its days) of that year up to the date. The month and
// year rows are kept in shards (recordShards), which readers sum.
//
// Values imported at a unit still win for their period (the precedence
// rule). The value of a unit with no import of its own for p is
//
//	value(U, p) = records(U, end) + adj(U, p)
//	adj(U, p)   = Σ over children c: imported(c, p) − records(c, end) if c has an import, else adj(c, p)
//
// (share in eval.go: for a flow, records over p instead of at its end, and
// imports inside p or, before a child began, its predecessors' imports too).
//
// adj is zero where no import lies below U for p, and is what rollup_values
// keeps for these indicators: it changes when an import changes (Refresh)
// and when records change below a unit with an import for a period ending
// on or after the change (ApplyRecords), never with the mere passing of time.

// recordedCodes are the indicators counted from records, in the order of
// their text (the order of record_totals' key): the registry's stocks, the
// learning titles' registrations and recognitions (package models), flows
// whose value over a period is the change of their records in it, and
// their titles in force (stocks: +1 on a decision's day, −1 when it expires
// or is revoked), and the fund's (package fund): fund.balance a stock,
// fund.raised and fund.spent flows, fund.raised by means (money, in kind,
// works) and by kind of donor, and the awards it paid (awards.*, flows: a
// count and an amount each of scholarships and prizes, and of the awards
// to each kind of beneficiary). A slot takes
// slotBits of a packed key (packRec): at most 512 codes, which the build
// checks.
var recordedCodes = [...]string{
	"awards.adults", "awards.adults.amount", "awards.good_pupils", "awards.good_pupils.amount", "awards.prizes",
	"awards.prizes.amount", "awards.pupils_hardship", "awards.pupils_hardship.amount", "awards.scholarships",
	"awards.scholarships.amount", "awards.students", "awards.students.amount", "awards.teachers", "awards.teachers.amount",
	"fund.balance", "fund.raised", "fund.raised.cash", "fund.raised.clan", "fund.raised.enterprise", "fund.raised.hometown",
	"fund.raised.in_kind", "fund.raised.organisation", "fund.raised.person", "fund.raised.works", "fund.spent", "members.total",
	"models.citizen.in_force", "models.citizen.officials.in_force", "models.citizen.pupils.in_force", "models.citizen.recognized",
	"models.citizen.registered", "models.citizen.residents.in_force", "models.citizen.workers.in_force", "models.clan.in_force",
	"models.clan.recognized", "models.clan.registered", "models.community.in_force", "models.community.recognized",
	"models.community.registered", "models.community_commune.in_force", "models.family.in_force", "models.family.recognized",
	"models.family.registered", "models.unit.in_force", "models.unit.recognized", "models.unit.registered", "org.boards",
	"org.branches", "org.grassroots"}

const numRecorded = len(recordedCodes)

// More recorded codes than a slot can number would not compile: the
// array's length would be negative.
var _ [1<<slotBits - numRecorded]struct{}

// Recorded reports whether the indicator code is counted from records: the
// number of grassroots associations, branches, boards and members, the
// learning titles' registrations and recognitions, and the fund's balance,
// receipts and payments.
func Recorded(code string) bool { return recordedSlot(code) >= 0 }

func recordedSlot(code string) int {
	for i, c := range recordedCodes {
		if c == code {
			return i
		}
	}
	return -1
}

// RecordDelta is one dated change of a count kept in records: from Day on,
// the indicator's value of the records of unit UnitID changes by Delta. A
// member who joined on D is +1 at D, one who left on L is −1 at L; an
// association moved from commune X to commune Y on a day is −n at X and +n
// at Y on that day. Day is a calendar date (its year, month and day as
// written, whatever its location).
type RecordDelta struct {
	UnitID    int64
	Indicator string
	Day       time.Time
	Delta     int64
}

// lastYear is the last year of a period (period.Parse refuses later ones).
const lastYear = 2200

// ApplyRecords adds the changes ds to the counts from records, inside the
// caller's transaction, and keeps what reports read of them up to date: the
// monthly and yearly sums of each unit's subtree, and the adjustments of
// the units above any unit with an imported value (rollup_values) for the
// periods the changes reach. It bumps the counters of the changed units'
// regions and the figures counter.
//
// Each change's unit must exist on its Day, or have ended the day before
// (the −n that closes an old unit's records as they move to its successor;
// without it the ancestors that outlive the old unit, the nation, would
// count them twice). A change dated before its unit began counts from the
// unit's first day: a member of a new commune who joined in 2015 counts
// there from 1 July 2025, and before it only in the old commune's records,
// if it holds them, so that the nation before the reform stays the sum of
// the old provinces. Indicator must be one of Recorded's. Changes of one
// unit, indicator and day are summed; a change of 0 still starts the unit's
// records, which then count (as 0) where nothing was imported.
//
// It takes the figures locks (LockSpace) of every year from that of the
// earliest change to the last a period may have: a change counts in every
// later period, and a writer of figures of any of those years reads the
// records to refresh its roll-ups. It takes them shared: the changes are
// additions to rows, which other writers of records may make at the same
// time under their row locks. Only if the changes reach a value imported
// (the adjustments above it count these records and must be recomputed,
// reading records no other writer may change meanwhile) does it give them
// back and take them exclusively (store.SharedLocks.Upgrade), before it
// writes anything. Call it once per transaction, after the caller's other
// writes of figures if any, since its counter bump must be the
// transaction's last lock (docs/concurrency.md).
func ApplyRecords(ctx context.Context, tx *store.Tx, tree *units.Tree, ds []RecordDelta) error {
	if len(ds) == 0 {
		return nil
	}
	es, err := recordEntries(tree, ds)
	if err != nil {
		return err
	}
	first := es[0].day()
	for _, e := range es {
		first = min(first, e.day())
	}
	keys := make([]int64, 0, lastYear-first/10000+1)
	for y := first / 10000; y <= lastYear; y++ {
		keys = append(keys, int64(y))
	}
	locks, err := tx.LockKeysShared(ctx, LockSpace, keys)
	if err != nil {
		return fmt.Errorf("apply records: %w", err)
	}
	reach := reachDays(tree, es)
	// Imports are written under the exclusive lock of their year, so none
	// of the years held comes or goes while this reads them.
	touched, err := importsReached(ctx, tx, reach)
	if err != nil {
		return fmt.Errorf("apply records: %w", err)
	}
	if len(touched) > 0 {
		if err := locks.Upgrade(ctx); err != nil {
			return fmt.Errorf("apply records: %w", err)
		}
		// Another writer may have imported or replaced values between.
		if touched, err = importsReached(ctx, tx, reach); err != nil {
			return fmt.Errorf("apply records: %w", err)
		}
	}
	if err := writeRecords(ctx, tx, tree, es); err != nil {
		return fmt.Errorf("apply records: %w", err)
	}
	if len(touched) > 0 {
		ev := NewEvaluator(tx, tree, indicator.Default)
		var inds []indicator.Indicator
		for _, c := range recordedCodes {
			if ind, ok := indicator.Default.Get(c); ok {
				inds = append(inds, ind)
			}
		}
		if err := refresh(ctx, tx, ev, touched, inds); err != nil {
			return fmt.Errorf("apply records: %w", err)
		}
	}
	ids := make([]int64, 0, len(ds)+len(touched))
	for _, d := range ds {
		ids = append(ids, d.UnitID)
	}
	for _, t := range touched {
		ids = append(ids, t.UnitID)
	}
	if err := bumpSpread(ctx, tx, tree, ids); err != nil {
		return fmt.Errorf("apply records: %w", err)
	}
	return nil
}

// recEntry is one change: its unit, indicator slot and day packed in a key
// that sorts as record_totals' primary key, and its delta.
type recEntry struct {
	key   uint64
	delta int64
}

// A packed key holds, from the top, the unit, the slot and the day: a day
// (YYYYMMDD, at most 99991231) takes 27 bits, a slot 9 (it took 5, and the
// fund's and titles' figures had filled 31 of its 32), a unit's id the 28
// left (ids below 268,435,456; a country has some 14,000 units).
const (
	dayBits  = 27
	slotBits = 9
	unitBits = 64 - slotBits - dayBits
)

func packRec(unit int64, slot int, day int32) uint64 {
	return uint64(unit)<<(slotBits+dayBits) | uint64(slot)<<dayBits | uint64(day)
}

func (e recEntry) unit() int64 { return int64(e.key >> (slotBits + dayBits)) }
func (e recEntry) slot() int   { return int(e.key>>dayBits) & (1<<slotBits - 1) }
func (e recEntry) day() int32  { return int32(e.key & (1<<dayBits - 1)) }

// packDay writes a date as the number YYYYMMDD.
func packDay(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(y*10000 + int(m)*100 + d)
}

// recordEntries checks the changes and sums those of one unit, indicator
// and day, sorted by unit, indicator and day.
func recordEntries(tree *units.Tree, ds []RecordDelta) ([]recEntry, error) {
	type span struct{ from, after int32 }
	spans := map[int64]span{}
	es := make([]recEntry, 0, len(ds))
	lastUnit, lastSpan := int64(-1), span{}
	lastInd, lastSlot := "", -1
	for i, d := range ds {
		if d.UnitID != lastUnit {
			sp, ok := spans[d.UnitID]
			if !ok {
				u := tree.Get(d.UnitID)
				if u == nil || d.UnitID <= 0 || d.UnitID >= 1<<unitBits {
					return nil, fmt.Errorf("apply records: change %d: no unit %d", i+1, d.UnitID)
				}
				sp = span{from: packDay(u.ValidFrom), after: packDay(u.ValidTo.AddDate(0, 0, 1))}
				spans[d.UnitID] = sp
			}
			lastUnit, lastSpan = d.UnitID, sp
		}
		if d.Indicator != lastInd {
			lastInd, lastSlot = d.Indicator, recordedSlot(d.Indicator)
		}
		if lastSlot < 0 {
			return nil, fmt.Errorf("apply records: change %d: %q is not counted from records", i+1, d.Indicator)
		}
		day := packDay(d.Day)
		if day > lastSpan.after || d.Day.Year() < 1 || d.Day.Year() > 9999 {
			return nil, fmt.Errorf("apply records: change %d: unit %d had ended before %s", i+1, d.UnitID, d.Day.Format(time.DateOnly))
		}
		day = max(day, lastSpan.from)
		es = append(es, recEntry{key: packRec(d.UnitID, lastSlot, day), delta: d.Delta})
	}
	cmp := func(a, b recEntry) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(es, cmp) {
		slices.SortFunc(es, cmp)
	}
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 && out[n-1].key == e.key {
			out[n-1].delta += e.delta
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// spanKey is a unit's indicator over a year (YYYY) or a month (YYYYMM).
type spanKey struct {
	unit int64
	slot int
	span int32
}

// recordShards is how many shards the month and year rows are kept in on
// PostgreSQL (writeRecords). Readers sum a unit's shards in SQL, so more
// shards cost them rows read, never rows sent.
const recordShards = 8

// recordBatch is how many rows go to the database at a time, so that the
// statements' arguments are built for one batch (store.Tx.BulkInsert's
// largest statement).
const recordBatch = 1000

// writeRecords adds the changes to record_totals, record_months and
// record_years, in one pass over them. Each table's rows go in the order
// of its key, and the tables in this order, in every writer: writers of
// records add to the same rows side by side, and taking them in one order
// keeps any two from each waiting for a row the other holds.
//
// The month and year rows are those of one shard (recordShards), drawn at
// random on PostgreSQL: the rows of a province and of the nation are added
// to by every writer below them, and each holds the rows it added to until
// its commit has reached the disk, so writers of one shard take turns and
// writers of different shards do not. SQLite's writers take turns anyway:
// they keep shard 0, and a unit's sums one row.
func writeRecords(ctx context.Context, tx *store.Tx, tree *units.Tree, es []recEntry) error {
	var shard int64
	if tx.Dialect == store.Postgres {
		shard = rand.Int64N(recordShards)
	}
	years := map[spanKey]int64{}
	months := map[spanKey]int64{}
	chainOf := chains(tree)
	dayText := map[int32]any{}
	codes := make([]any, numRecorded)
	for i, c := range recordedCodes {
		codes[i] = c
	}

	// record_totals, in its key's order; the sums of each run of one
	// unit, indicator and month feed the maps of the larger spans.
	const cols = 5
	arena := make([]any, recordBatch*cols)
	rows := make([][]any, 0, recordBatch)
	flush := func(table string, cols []string) error {
		err := tx.BulkInsert(ctx, table, cols, rows,
			"ON CONFLICT ("+strings.Join(cols[:len(cols)-1], ", ")+") DO UPDATE SET delta = "+table+".delta + excluded.delta")
		rows = rows[:0]
		return err
	}
	totalsCols := []string{"unit_id", "indicator", "day", "delta"}
	var unitArg any
	lastUnit := int64(-1)
	var run spanKey
	var runSum int64
	endRun := func() {
		if run.unit == 0 {
			return
		}
		years[spanKey{run.unit, run.slot, run.span / 100}] += runSum
		for _, a := range chainOf(run.unit) {
			months[spanKey{a, run.slot, run.span}] += runSum
			if a != run.unit {
				years[spanKey{a, run.slot, run.span / 100}] += runSum
			}
		}
	}
	for _, e := range es {
		u, slot, day := e.unit(), e.slot(), e.day()
		if u != lastUnit {
			lastUnit, unitArg = u, u
		}
		if k := (spanKey{u, slot, day / 100}); k != run {
			endRun()
			run, runSum = k, 0
		}
		runSum += e.delta
		dt, ok := dayText[day]
		if !ok {
			dt = fmt.Sprintf("%04d-%02d-%02d", day/10000, day/100%100, day%100)
			dayText[day] = dt
		}
		n := len(rows)
		row := arena[n*cols : n*cols+4 : n*cols+4]
		row[0], row[1], row[2], row[3] = unitArg, codes[slot], dt, e.delta
		rows = append(rows, row)
		if len(rows) == recordBatch {
			if err := flush("record_totals", totalsCols); err != nil {
				return err
			}
		}
	}
	endRun()
	if err := flush("record_totals", totalsCols); err != nil {
		return err
	}

	for _, t := range []struct {
		table string
		cols  []string
		sums  map[spanKey]int64
		text  func(int32) any
	}{
		{"record_months", []string{"unit_id", "month", "indicator", "shard", "delta"}, months,
			func(m int32) any { return fmt.Sprintf("%04d-%02d", m/100, m%100) }},
		{"record_years", []string{"unit_id", "year", "indicator", "shard", "delta"}, years,
			func(y int32) any { return int64(y) }},
	} {
		keys := make([]spanKey, 0, len(t.sums))
		for k := range t.sums {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b spanKey) int {
			if a.unit != b.unit {
				return compareInt(a.unit, b.unit)
			}
			if a.span != b.span {
				return compareInt(a.span, b.span)
			}
			return a.slot - b.slot
		})
		for _, k := range keys {
			n := len(rows)
			row := arena[n*cols : (n+1)*cols : (n+1)*cols]
			row[0], row[1], row[2], row[3], row[4] = k.unit, t.text(k.span), codes[k.slot], shard, t.sums[k]
			rows = append(rows, row)
			if len(rows) == recordBatch {
				if err := flush(t.table, t.cols); err != nil {
					return err
				}
			}
		}
		if err := flush(t.table, t.cols); err != nil {
			return err
		}
	}
	return nil
}

// chains returns what gives, for a unit, the units whose monthly and
// yearly sums its changes count in besides its own year: the unit itself
// when it has children, then its ancestors; each unit's found once.
func chains(tree *units.Tree) func(int64) []int64 {
	known := map[int64][]int64{}
	return func(id int64) []int64 {
		c, ok := known[id]
		if !ok {
			if tree.HasChildren(id) {
				c = append(c, id)
			}
			for _, a := range tree.Ancestors(id) {
				c = append(c, a.ID)
			}
			known[id] = c
		}
		return c
	}
}

// reachDays returns the earliest day of a change at or below each unit
// that has one: the changed units and their ancestors.
func reachDays(tree *units.Tree, es []recEntry) map[int64]int32 {
	own := map[int64]int32{}
	for _, e := range es {
		if d, ok := own[e.unit()]; !ok || e.day() < d {
			own[e.unit()] = e.day()
		}
	}
	chainOf := chains(tree)
	minDay := make(map[int64]int32, len(own)*4)
	for u, day := range own {
		for _, id := range append([]int64{u}, chainOf(u)...) {
			if d, ok := minDay[id]; !ok || day < d {
				minDay[id] = day
			}
		}
	}
	return minDay
}

func compareInt[T int32 | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// importsReached finds the values imported, for a period ending on or after
// the earliest change at or below their unit, at the units that changes
// reach (minDay): the adjustments of those units' ancestors for the
// period, and the periods ending the same day, count the records below
// them and must be refreshed.
func importsReached(ctx context.Context, tx *store.Tx, minDay map[int64]int32) ([]Touch, error) {
	ids := make([]int64, 0, len(minDay))
	first := int32(lastYear * 10000)
	for id, d := range minDay {
		ids = append(ids, id)
		first = min(first, d)
	}
	slices.Sort(ids)
	codes := make([]any, 0, numRecorded+1)
	codes = append(codes, strconv.Itoa(int(first/10000)))
	for _, c := range recordedCodes {
		codes = append(codes, c)
	}
	seen := map[Touch]bool{}
	var out []Touch
	parsed := map[string]period.Period{}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		rows, err := tx.Query(ctx, "SELECT DISTINCT unit_id, period FROM aggregate_values WHERE unit_id IN ("+
			store.IDList(ids[start:min(start+chunk, len(ids))])+") AND period >= ? AND indicator IN ("+
			store.Placeholders(numRecorded)+")", codes...)
		if err != nil {
			return nil, fmt.Errorf("imports below records: %w", err)
		}
		for rows.Next() {
			var id int64
			var ps string
			if err := rows.Scan(&id, &ps); err != nil {
				rows.Close()
				return nil, fmt.Errorf("imports below records: %w", err)
			}
			p, ok := parsed[ps]
			if !ok {
				if p, err = period.Parse(ps); err != nil {
					rows.Close()
					return nil, fmt.Errorf("imports below records: unit %d: %w", id, err)
				}
				parsed[ps] = p
			}
			if packDay(p.End()) < minDay[id] {
				continue
			}
			t := Touch{UnitID: id, Period: p}
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("imports below records: %w", err)
		}
	}
	return out, nil
}

// recYear is what the evaluator knows of a unit's records in one calendar
// year: for each indicator counted from records, the value of the records
// of its subtree at the end of each month, and whether there were any rows
// up to then (a unit that keeps records counts, even at 0).
type recYear struct {
	sum [numRecorded][12]int64
	has [numRecorded][12]bool
}

// loadRecords reads the records of units ids for the calendar year y:
// the sums of the years before, then the months (units with children) or
// days (the others) of y.
func (e *Evaluator) loadRecords(ctx context.Context, ids []int64, y int) error {
	const chunk = 500
	got := map[int64]*recYear{}
	get := func(id int64) *recYear {
		r := got[id]
		if r == nil {
			r = &recYear{}
			got[id] = r
		}
		return r
	}
	// month deltas, before the running sums are taken
	type add struct {
		id    int64
		slot  int
		month int
		delta int64
	}
	var adds []add
	from, to := fmt.Sprintf("%04d-01", y), fmt.Sprintf("%04d-12", y)
	dayArgs := []any{fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", y)}
	for _, c := range recordedCodes {
		dayArgs = append(dayArgs, c)
	}
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		in := store.IDList(part)
		rows, err := e.q.Query(ctx, "SELECT unit_id, indicator, SUM(delta), COUNT(*) FROM record_years WHERE unit_id IN ("+
			in+") AND year < ? GROUP BY unit_id, indicator", y)
		if err != nil {
			return fmt.Errorf("load records: %w", err)
		}
		for rows.Next() {
			var id, sum, n int64
			var code string
			if err := rows.Scan(&id, &code, &sum, &n); err != nil {
				rows.Close()
				return fmt.Errorf("load records: %w", err)
			}
			if s := recordedSlot(code); s >= 0 && n > 0 {
				r := get(id)
				for m := range 12 {
					r.sum[s][m], r.has[s][m] = sum, true
				}
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("load records: %w", err)
		}
		var inner, leaves []int64
		for _, id := range part {
			if e.tree.HasChildren(id) {
				inner = append(inner, id)
			} else {
				leaves = append(leaves, id)
			}
		}
		type query struct {
			sql  string
			args []any
		}
		var qs []query
		if len(inner) > 0 {
			qs = append(qs, query{"SELECT unit_id, indicator, month, SUM(delta) FROM record_months WHERE unit_id IN (" +
				store.IDList(inner) + ") AND month >= ? AND month <= ? GROUP BY unit_id, indicator, month", []any{from, to}})
		}
		if len(leaves) > 0 {
			qs = append(qs, query{"SELECT unit_id, indicator, day, delta FROM record_totals WHERE unit_id IN (" +
				store.IDList(leaves) + ") AND day >= ? AND day <= ? AND indicator IN (" + store.Placeholders(numRecorded) + ")", dayArgs})
		}
		for _, q := range qs {
			rows, err := e.q.Query(ctx, q.sql, q.args...)
			if err != nil {
				return fmt.Errorf("load records: %w", err)
			}
			for rows.Next() {
				var id, delta int64
				var code, when string
				if err := rows.Scan(&id, &code, &when, &delta); err != nil {
					rows.Close()
					return fmt.Errorf("load records: %w", err)
				}
				s := recordedSlot(code)
				if s < 0 || len(when) < 7 {
					continue
				}
				m, err := strconv.Atoi(when[5:7])
				if err != nil || m < 1 || m > 12 {
					rows.Close()
					return fmt.Errorf("load records: unit %d: bad date %q", id, when)
				}
				adds = append(adds, add{id, s, m - 1, delta})
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return fmt.Errorf("load records: %w", err)
			}
		}
	}
	// Each month's change counts at its end and every later month's.
	for _, a := range adds {
		r := get(a.id)
		for m := a.month; m < 12; m++ {
			r.sum[a.slot][m] += a.delta
			r.has[a.slot][m] = true
		}
	}
	for _, id := range ids {
		e.unit(id).recYears[y] = got[id] // nil: no records up to the end of y
	}
	return nil
}

// records is the value of the records of id's subtree at end (the last
// day of a month), as loaded for end's year, and whether it keeps any.
func (e *Evaluator) records(ctx context.Context, id int64, slot int, end time.Time) (int64, bool, error) {
	d := e.unit(id)
	r, ok := d.recYears[end.Year()]
	if !ok {
		if err := e.Prefetch(ctx, []int64{id}, []int{end.Year()}); err != nil {
			return 0, false, err
		}
		r = d.recYears[end.Year()]
	}
	if r == nil {
		return 0, false, nil
	}
	m := int(end.Month()) - 1
	return r.sum[slot][m], r.has[slot][m], nil
}

// recordsIn is what the records of id's subtree give for the period: a
// stock's value at its end, a flow's change over it (the records at its end
// less those of the day before it starts); and whether the unit keeps
// records up to its end.
func (e *Evaluator) recordsIn(ctx context.Context, id int64, slot int, pi *periodInfo, ind indicator.Indicator) (int64, bool, error) {
	n, has, err := e.records(ctx, id, slot, pi.end)
	if err != nil || ind.Kind != indicator.Flow || !has {
		return n, has, err
	}
	before, _, err := e.records(ctx, id, slot, pi.start.AddDate(0, 0, -1))
	return n - before, has, err
}
