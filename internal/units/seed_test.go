package units_test

import (
	"context"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestSeedCountsUnitsBeforeAndAfterReform(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := "SELECT COUNT(*) FROM units WHERE level = ? AND valid_from <= ? AND valid_to >= ?"
		for _, c := range []struct {
			level, day string
			want       int
		}{
			{"nation", "2024-01-01", 1}, {"province", "2024-01-01", 63}, {"district", "2024-01-01", 696}, {"commune", "2024-01-01", 10047},
			{"nation", "2026-01-01", 1}, {"province", "2026-01-01", 34}, {"district", "2026-01-01", 0}, {"commune", "2026-01-01", 3321},
			{"province", "2025-06-30", 63}, {"province", "2025-07-01", 34},
		} {
			if got := count(t, db, q, c.level, c.day, c.day); got != c.want {
				t.Errorf("%s at %s: %d units, want %d", c.level, c.day, got, c.want)
			}
		}
	})
}

func TestSeedLinksOldUnitsToNew(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if got := count(t, db, "SELECT COUNT(*) FROM unit_lineage l JOIN units u ON u.id = l.new_id WHERE u.level = 'commune' AND l.kind = 'partial'"); got != 1012 {
			t.Errorf("partial commune links: %d, want 1012", got)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM unit_lineage l JOIN units u ON u.id = l.new_id WHERE u.level = 'commune'"); got != 10604 {
			t.Errorf("commune links: %d, want 10604", got)
		}
		if got := count(t, db, "SELECT COUNT(*) FROM unit_lineage l JOIN units u ON u.id = l.new_id WHERE u.level = 'province' AND l.kind = 'full'"); got != 63 {
			t.Errorf("full province links: %d, want 63", got)
		}
		// Island districts without communes became special zones.
		if got := count(t, db, "SELECT COUNT(*) FROM unit_lineage l JOIN units o ON o.id = l.old_id JOIN units n ON n.id = l.new_id WHERE o.level = 'district' AND n.type = 'Đặc khu'"); got != 5 {
			t.Errorf("district → special zone links: %d, want 5", got)
		}
	})
}

// BenchmarkSeedOnSQLite migrates a fresh in-memory SQLite database,
// seeding the 25,000 administrative units and their lineage: the cost every
// new database (and every store test) pays once.
func BenchmarkSeedOnSQLite(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		db, err := store.Open(ctx, "sqlite::memory:")
		if err != nil {
			b.Fatal(err)
		}
		if err := schema.Migrate(ctx, db, time.Now()); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
