package registry

import (
	"slices"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestMemberLookupsTakeThePartialIndexes explains every lookup of a member
// by CCCD, duplicate key or phone on both databases: each names the
// condition of its partial index (migration 25), so each takes it. A
// lookup without the condition falls to a scan of every member (on
// PostgreSQL, asked to avoid scans, it still scans).
func TestMemberLookupsTakeThePartialIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		setup(t, db)
		phone := textParts("0912 345 678", false, "m.sort_key", false)
		cccd := textParts("001060000001", false, "m.sort_key", false)
		for _, c := range []struct {
			index, sql string
			args       []any
		}{
			{"members_cccd", memberByCCCD, []any{"001060000001", 0}},
			{"members_dup", memberByDupKey, []any{"name:an|1960|00004", 0}},
			{"members_cccd", matchSQL("cccd", 2), []any{"001060000001", "001060000002"}},
			{"members_dup", matchSQL("dup_key", 2), []any{"name:a", "name:b"}},
			{"members_phone", "SELECT m.id FROM members m WHERE 1 = 1" + phone[0].cond, phone[0].args},
			{"members_cccd", "SELECT m.id FROM members m WHERE 1 = 1" + cccd[0].cond, cccd[0].args},
		} {
			if plan := explain(t, db, c.sql, c.args); !strings.Contains(plan, c.index) {
				t.Errorf("%s\ndoes not take %s:\n%s", c.sql, c.index, plan)
			}
		}
	})
}

// explain is the plan of q on db, its lines joined (with SQLite's
// numbers before each line's text).
func explain(t *testing.T, db *store.DB, q string, args []any) string {
	t.Helper()
	var lines []string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		prefix := "EXPLAIN QUERY PLAN "
		if tx.Dialect == store.Postgres {
			// The tables are tiny: a scan would be cheaper than any index.
			if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
			prefix = "EXPLAIN "
		}
		rs, err := tx.Query(ctx, prefix+q, args...)
		if err != nil {
			return err
		}
		lines, err = rowTexts(rs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// TestThePostgresRegistryLeavesItsKeysToItsWriter checks the foreign keys
// of members and member_spans as the migrations leave them: on PostgreSQL
// only a span's member (migration 25 drops the others, which package
// registry checks before it writes); on SQLite all of migration 9's.
func TestThePostgresRegistryLeavesItsKeysToItsWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var got []string
		q := `SELECT m.name || '.' || p."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) p
			WHERE m.type = 'table' AND m.name IN ('members', 'member_spans')`
		want := []string{"member_spans.branch_id", "member_spans.member_id", "members.branch_id", "members.commune_id", "members.import_id"}
		if db.Dialect == store.Postgres {
			q = `SELECT c.conrelid::regclass::text || '.' || a.attname FROM pg_constraint c
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
				WHERE c.contype = 'f' AND c.conrelid IN ('members'::regclass, 'member_spans'::regclass)`
			want = []string{"member_spans.member_id"}
		}
		rs, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var s string
			if err := rs.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("foreign keys: %v, want %v", got, want)
		}
	})
}

// TestTheKeysOfMembersAreComparedByBytes checks the collation of the
// columns of members that are searched on PostgreSQL: the folded names
// (migration 9) and the codes and keys (migration 25) in bytes order.
func TestTheKeysOfMembersAreComparedByBytes(t *testing.T) {
	storetest.NeedPostgres(t)
	db := storetest.Postgres(t)
	rs, err := db.Query(ctx, `SELECT column_name, COALESCE(collation_name, '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'members' AND data_type = 'text'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	got := map[string]string{}
	for rs.Next() {
		var col, coll string
		if err := rs.Scan(&col, &coll); err != nil {
			t.Fatal(err)
		}
		got[col] = coll
	}
	for _, col := range []string{"search_name", "search_given", "sort_key", "given_key", "cccd", "dup_key", "phone"} {
		if got[col] != "C" {
			t.Errorf("members.%s: collation %q, want C", col, got[col])
		}
	}
}
