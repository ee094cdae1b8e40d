package schema_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// TestMigration6CarriesClustersOverAndCutsAuthTimesToTheSecond migrates a
// database written before step 6: its year-long cluster members become
// whole-year memberships, and the auth tables' microsecond times become
// the one stored encoding.
func TestMigration6CarriesClustersOverAndCutsAuthTimesToTheSecond(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var before []store.Step
	for _, s := range schema.Steps() {
		if s.Version < 6 {
			before = append(before, s)
		}
	}
	if err := db.Migrate(ctx, before, now); err != nil {
		t.Fatal(err)
	}
	var id52, id68 int64
	for code, id := range map[string]*int64{"52": &id52, "68": &id68} {
		if err := db.QueryRow(ctx, "SELECT id FROM units WHERE level = 'province' AND code = ? AND valid_from <= '2024-12-31' AND valid_to >= '2024-12-31'", code).Scan(id); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO clusters (year, code, name) VALUES (2024, '6', 'Cụm 6')", nil},
		{"INSERT INTO cluster_members (year, cluster_code, province_id) VALUES (2024, '6', ?), (2024, '6', ?)", []any{id52, id68}},
		{`INSERT INTO users (email, name, password_hash, role, scope_unit_id, disabled, created_at, updated_at)
			VALUES ('a@b.vn', 'A', 'x', 'viewer', 1, 0, '2026-01-02T03:04:05.678901Z', '2026-01-02T03:04:06.000000Z')`, nil},
	} {
		if _, err := db.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if err := schema.Migrate(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	c, err := cluster.GetAt(ctx, db, "6", time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Provinces) != 2 || len(c.Terms) != 1 || !c.Terms[0].WholeYear() {
		t.Errorf("cluster 6 after the migration: %+v", c)
	}
	var created, updated string
	if err := db.QueryRow(ctx, "SELECT created_at, updated_at FROM users WHERE email = 'a@b.vn'").Scan(&created, &updated); err != nil {
		t.Fatal(err)
	}
	if created != "2026-01-02T03:04:05Z" || updated != "2026-01-02T03:04:06Z" {
		t.Errorf("user times %q %q", created, updated)
	}
}
