package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Counters are version numbers of data that processes cache (the units
// tree, computed reports). A writer bumps its counter in the same
// transaction as its change; a reader compares the counter with the one its
// cache was built at. Reading a counter is one primary-key lookup.

// Counter reads the counter name (0 before its first bump).
func Counter(ctx context.Context, q Querier, name string) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, "SELECT value FROM counters WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

// BumpCounter moves the counter name on by one.
func BumpCounter(ctx context.Context, q Querier, name string) error {
	_, err := q.Exec(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1`, name)
	if err != nil {
		return fmt.Errorf("counter %s: %w", name, err)
	}
	return nil
}
