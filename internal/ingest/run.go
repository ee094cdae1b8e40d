// Package ingest holds what every importer shares around reading its file:
// ImportFile opens and digests the file and hands it to a parser, RowsDigest
// stands in for the digest of rows that came from no file, and Run records
// an import in the imports table. Reading the file itself is the pure
// package tabular's.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// RowsDigest stands in for a file's digest when rows come from elsewhere
// than a file (a form, the API, the demo): the SHA-256 of the rows written
// one a line, their fields (as fields gives them) joined by commas.
func RowsDigest[R any](rows []R, fields func(R) []string) string {
	h := sha256.New()
	var b []byte
	for _, r := range rows {
		b = b[:0]
		for i, f := range fields(r) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, f...)
		}
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Run is one import as the imports table keeps it.
type Run struct {
	Kind    string // imports.kind: what was imported
	Source  string // the file name
	SHA256  string // the file's digest (or RowsDigest of its rows)
	Actor   string // who imported
	Rows    int    // data rows read
	Changed int    // what the run changed (values, clusters, shares)
	At      time.Time
}

// Record writes the run into imports, in the transaction of the changes it
// made, and returns its id, to which the history of those changes refers.
func (r Run) Record(ctx context.Context, q store.Querier) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO imports (kind, source, sha256, actor, rows_total, rows_changed, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Kind, r.Source, r.SHA256, r.Actor, r.Rows, r.Changed, r.At.UTC().Format(time.RFC3339)).Scan(&id)
	return id, err
}

// Finish writes the run's counts into its row id, which Record wrote
// before they were known: an importer that writes its rows as it reads
// them needs the run's id first.
func (r Run) Finish(ctx context.Context, q store.Querier, id int64) error {
	_, err := q.Exec(ctx, "UPDATE imports SET rows_total = ?, rows_changed = ? WHERE id = ?", r.Rows, r.Changed, id)
	return err
}

// CountImportsBesides counts the imports recorded from sources other than
// the ones named: the demo refuses a database that holds other imports.
func CountImportsBesides(ctx context.Context, q store.Querier, sources ...string) (int, error) {
	query, args := "SELECT COUNT(*) FROM imports", []any{}
	if len(sources) > 0 {
		query += " WHERE source NOT IN (" + store.Placeholders(len(sources)) + ")"
		for _, s := range sources {
			args = append(args, s)
		}
	}
	var n int
	if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count imports: %w", err)
	}
	return n, nil
}
