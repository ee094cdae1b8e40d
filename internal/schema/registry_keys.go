package schema

import (
	"context"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// registryForeignKeys are the foreign keys of migration 9 that migration
// 25 drops on PostgreSQL: the branch, commune and import of a member, and
// the branch of a member's span. Package registry, the one writer of both
// tables, checks each before it writes a row, for a whole file at once: a
// branch is read in the same transaction from orgs (whose rows are never
// deleted; a branch is dissolved, not removed), a commune comes from the
// loaded units tree (never deleted), an import is the row that writer
// inserted into imports in the same transaction. PostgreSQL checked the
// same keys again, a query and a row lock per key and row: on an import
// of 1,000,000 members, four checks a member took more time than writing
// the members (docs/registry.md). SQLite checks a key inside its insert at
// no cost measured (BenchmarkImportMembers with foreign_keys off ran at
// the same rate), and keeps them. The span's member (member_spans to
// members) stays on both: a large import sets it aside and checks it once
// for all its spans.
var registryForeignKeys = []struct{ table, name string }{
	{"members", "members_branch_id_fkey"},
	{"members", "members_commune_id_fkey"},
	{"members", "members_import_id_fkey"},
	{"member_spans", "member_spans_branch_id_fkey"},
}

// bytesOrderColumns are the columns of members that migration 25 gives
// the "C" collation on PostgreSQL, as migration 9 gave the folded names
// ({{bytes_order}}): codes and keys, only ever compared for equality, which
// the database's own collation (vi_VN.UTF-8 on a Vietnamese server, or
// even C.UTF-8) compares and sorts character by character through the C
// library, two to three times slower to index than bytes (a million CCCDs:
// 2.1 s against 0.7 s on the machine of the note in docs/registry.md).
// SQLite compares text by bytes already.
var bytesOrderColumns = []string{"cccd", "dup_key", "phone"}

// registryKeysPostgres is migration 25's step on PostgreSQL: the foreign
// keys go, the key columns take the "C" collation (which builds their
// indexes again).
func registryKeysPostgres(ctx context.Context, tx *store.Tx) error {
	if tx.Dialect != store.Postgres {
		return nil
	}
	for _, k := range registryForeignKeys {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+k.table+" DROP CONSTRAINT "+k.name); err != nil {
			return err
		}
	}
	for _, c := range bytesOrderColumns {
		if _, err := tx.Exec(ctx, "ALTER TABLE members ALTER COLUMN "+c+` TYPE TEXT COLLATE "C"`); err != nil {
			return err
		}
	}
	return nil
}
