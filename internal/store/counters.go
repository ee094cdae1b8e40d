package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Counters are version numbers of data that processes cache (the units
// tree, computed reports). A writer bumps its counter in the same
// transaction as its change; a reader compares the counter with the one its
// cache was built at. A counter's value is the sum of its rows: the row of
// its name, and for a counter bumped by BumpSpread, the rows name#1 to
// name#15 (CounterShards); each bump adds one to one row, so the sum moves
// with every commit that bumps it and never comes back to a value it had.

// CounterShards is how many rows BumpSpread spreads a counter over.
const CounterShards = 16

// counterRows are the names of the rows of counter name: name itself, then
// name#1 to name#(CounterShards−1).
func counterRows(name string) []any {
	rows := make([]any, CounterShards)
	rows[0] = name
	for k := 1; k < CounterShards; k++ {
		rows[k] = name + "#" + strconv.Itoa(k)
	}
	return rows
}

// CounterOf names the counter that a row of the counters table belongs to:
// the row's name without its "#k" (BumpSpread).
func CounterOf(row string) string {
	if i := strings.LastIndexByte(row, '#'); i >= 0 {
		if _, err := strconv.Atoi(row[i+1:]); err == nil {
			return row[:i]
		}
	}
	return row
}

// Counter reads the counter name (0 before its first bump, when the sum
// of no rows is NULL), in one query over its rows.
func Counter(ctx context.Context, q Querier, name string) (int64, error) {
	var v sql.NullInt64
	err := q.QueryRow(ctx, "SELECT SUM(value) FROM counters WHERE name IN ("+Placeholders(CounterShards)+")", counterRows(name)...).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v.Int64, nil
}

// BumpCounter moves the counter name on by one, in the row of its name.
func BumpCounter(ctx context.Context, q Querier, name string) error {
	return bump(ctx, q, []string{name}, 0)
}

// BumpCounters moves each of the counters names on by one, in the row of
// its name, in one statement, in the order given (the order the caller
// locks them in).
func BumpCounters(ctx context.Context, q Querier, names []string) error {
	return bump(ctx, q, names, 0)
}

// BumpSpread moves each of the counters names on by one, in one
// statement, in the order given (the order the caller locks them in), each
// in the same one of its CounterShards rows, chosen at random. A counter
// that every writer of a kind bumps, and whose row stays locked until the
// writer's commit has reached the disk (the figures counter, which every
// fund receipt and every joining member moves), would make those writers
// commit one at a time; spread over rows, two wait for each other only
// when they pick the same one.
func BumpSpread(ctx context.Context, q Querier, names []string) error {
	return bump(ctx, q, names, rand.IntN(CounterShards))
}

// bump adds one to row k of each of the counters names (counterRows), in
// one statement, in the order given. The names must differ.
func bump(ctx context.Context, q Querier, names []string, k int) error {
	if len(names) == 0 {
		return nil
	}
	args := make([]any, len(names))
	for i, n := range names {
		if k > 0 {
			n += "#" + strconv.Itoa(k)
		}
		args[i] = n
	}
	_, err := q.Exec(ctx, "INSERT INTO counters (name, value) VALUES "+strings.TrimSuffix(strings.Repeat("(?, 1), ", len(names)), ", ")+
		" ON CONFLICT (name) DO UPDATE SET value = counters.value + 1", args...)
	if err != nil {
		return fmt.Errorf("counter %s: %w", strings.Join(names, ", "), err)
	}
	return nil
}
