package cluster

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// reformYear is a database holding a clusters file of 2025 in which every
// province of the nation is in one of ten clusters: the 63 old provinces
// from 01/01, the 34 new ones from 01/07; and the rows of that file.
func reformYear(b *testing.B) (*store.DB, []Row) {
	db := storetest.SQLite(b)
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("year,cluster,name,province,from\n")
	for _, side := range []struct {
		at   time.Time
		from string
	}{{day(2025, 6, 30), "01/01/2025"}, {day(2025, 12, 31), "01/07/2025"}} {
		for i, p := range tree.Children(tree.Nation().ID, side.at) {
			fmt.Fprintf(&sb, "2025,%d,Cụm %d,%s,%s\n", i%10+1, i%10+1, p.Code, side.from)
		}
	}
	rows, err := Parse(strings.NewReader(sb.String()), "cum.csv")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Import(context.Background(), db, tester, rows, Options{Source: "cum.csv", Now: testNow}); err != nil {
		b.Fatal(err)
	}
	return db, rows
}

// BenchmarkClusterImportReform imports a whole reform year (97 rows) into
// a database that holds it already, with one cluster changed: the cost of
// the history and removal check on a realistic file.
func BenchmarkClusterImportReform(b *testing.B) {
	db, rows := reformYear(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate two names of cluster 1 so that every run writes.
		r := append([]Row(nil), rows...)
		for j := range r {
			if r[j].Cluster == "1" {
				r[j].Name = fmt.Sprintf("Cụm 1 (%d)", i%2)
			}
		}
		if _, err := Import(ctx, db, tester, r, Options{Source: "cum.csv", Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClusterGetAt is the lookup a cluster report makes.
func BenchmarkClusterGetAt(b *testing.B) {
	db, _ := reformYear(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := GetAt(ctx, db, "1", day(2025, 6, 30)); err != nil {
			b.Fatal(err)
		}
	}
}
