package cluster

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestConcurrentImportsNeverLeaveAProvinceInTwoClusters runs imports that
// move the same provinces between clusters at once: afterwards no province
// has two current memberships on one day, and every import that reports a
// change recorded it.
func TestConcurrentImportsNeverLeaveAProvinceInTwoClusters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		importTestdata(t, db, "clusters-2024.csv")
		files := []string{
			"year,cluster,name,province,from\n2024,6,Cụm 6,52,\n2024,6,Cụm 6,68,01/07/2024\n",
			"year,cluster,name,province,from\n2024,7,Cụm 7,68,\n2024,7,Cụm 7,64,\n",
			"year,cluster,name,province,from\n2024,8,Cụm 8,64,01/04/2024\n2024,8,Cụm 8,66,01/04/2024\n",
			"year,cluster,name,province,from\n2024,10,Cụm 10,1,\n2024,10,Cụm 10,68,01/10/2024\n",
			"year,cluster,name,province,from\n2024,6,Cụm 6,66,\n2024,6,Cụm 6,52,01/07/2024\n",
			"year,cluster,name,province,from\n2024,9,Cụm 9,52,01/02/2024\n",
		}
		var wg sync.WaitGroup
		errs := make([]error, len(files))
		for i, f := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rows, err := Parse(strings.NewReader(f), fmt.Sprintf("f%d.csv", i))
				if err == nil {
					_, err = Import(ctx, db, tester, rows, Options{Source: fmt.Sprintf("f%d.csv", i), Now: testNow, Replace: true})
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("import %d: %v", i, err)
			}
		}
		var overlaps int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM cluster_memberships a JOIN cluster_memberships b
			ON a.year = b.year AND a.province_id = b.province_id AND a.id < b.id
			WHERE a.ended_import_id IS NULL AND b.ended_import_id IS NULL
			AND a.valid_from <= b.valid_to AND b.valid_from <= a.valid_to`).Scan(&overlaps); err != nil {
			t.Fatal(err)
		}
		if overlaps != 0 {
			t.Errorf("%d overlapping current memberships", overlaps)
		}
		if n := count(t, db, "imports"); n != 1+len(files) {
			t.Errorf("%d imports recorded, want %d", n, 1+len(files))
		}
	})
}

func TestClusterImportMovesTheFiguresCounterOnlyWhenItChangesSomething(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v0, _ := rollup.Version(ctx, db)
		importTestdata(t, db, "clusters-2024.csv")
		v1, _ := rollup.Version(ctx, db)
		importTestdata(t, db, "clusters-2024.csv")
		v2, _ := rollup.Version(ctx, db)
		if v1 == v0 || v2 != v1 {
			t.Errorf("figures counter %d → %d → %d: cached cluster reports would outlive a change, or die for nothing", v0, v1, v2)
		}
	})
}
