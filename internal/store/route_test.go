package store

import "testing"

func TestIsReadTellsReadsFromWrites(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                                  true,
		"\n\t\tselect id, updated_at FROM users":    true,
		"SELECT COUNT(*) FROM deleted_things":       true,
		"WITH x AS (SELECT 1) SELECT * FROM x":      true,
		"INSERT INTO t (a) VALUES (?) RETURNING id": false,
		"WITH x AS (SELECT 1) DELETE FROM t":        false,
		"SELECT value FROM counters FOR UPDATE":     false,
		"UPDATE t SET a = 1":                        false,
		"PRAGMA wal_checkpoint(TRUNCATE)":           false,
		"CREATE TABLE IF NOT EXISTS t (a INTEGER)":  false,
	} {
		if got := isRead(q); got != want {
			t.Errorf("isRead(%q) = %v, want %v", q, got, want)
		}
	}
}
