package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// PoolStats are the statistics of the connection pools of db, by role:
// "write" and "read" on an SQLite file (one writer connection, the read
// pool beside it), "main" where one pool serves both (PostgreSQL,
// in-memory or read-only SQLite), and "replica1", "replica2"… for the
// read replicas, in the order of Options.ReadURLs. For the operator's
// metrics.
func (db *DB) PoolStats() map[string]sql.DBStats {
	out := map[string]sql.DBStats{}
	if db.read == db.sql {
		out["main"] = db.sql.Stats()
	} else {
		out["write"], out["read"] = db.sql.Stats(), db.read.Stats()
	}
	if db.replicas != nil {
		for i, r := range db.replicas.list {
			out["replica"+strconv.Itoa(i+1)] = r.sql.Stats()
		}
	}
	return out
}

// Ping checks that the database answers, for a readiness check.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// Backup writes a consistent copy of an SQLite database to the new file
// path while other connections and processes go on reading and writing:
// SQLite's VACUUM INTO reads one snapshot (a read transaction, which in WAL
// mode neither waits for writers nor holds them up) and writes it compacted.
// The copy is written beside path under a temporary name and renamed into
// place once complete, so that path never holds half a backup. A file
// already at path is refused, as are PostgreSQL (pg_dump does that) and an
// in-memory database.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return apperr.New(apperr.Usage, vi.ErrBackupPostgres)
	}
	if db.URL == "sqlite::memory:" || db.URL == "sqlite://:memory:" {
		return apperr.New(apperr.Usage, vi.ErrBackupMemory)
	}
	if _, err := os.Lstat(path); err == nil {
		return apperr.New(apperr.Conflict, vi.ErrBackupExists, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := path + ".tmp"
	os.Remove(tmp) // left by a backup that was cut off
	// VACUUM INTO only reads this database, but the read pool's connections
	// are fenced by query_only, which refuses it: it runs on the writer,
	// whose write turn it holds in this process only.
	if _, err := db.Exec(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
