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

// dropRegistryForeignKeys is migration 25's step on PostgreSQL.
func dropRegistryForeignKeys(ctx context.Context, tx *store.Tx) error {
	if tx.Dialect != store.Postgres {
		return nil
	}
	for _, k := range registryForeignKeys {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+k.table+" DROP CONSTRAINT "+k.name); err != nil {
			return err
		}
	}
	return nil
}
