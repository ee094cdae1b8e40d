package demo

import (
	"bytes"
	"context"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func TestFromTreeGivesValidCodesForEveryPeriod(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u := FromTree(tree)
	// 522 communes in the five new provinces, formed from the 1,458 old
	// communes of eleven old provinces and the island district of Lý Sơn.
	if len(u.New) < 500 || len(u.New) > 540 || len(u.Old) < 1400 || len(u.Old) > 1500 {
		t.Errorf("%d new and %d old communes", len(u.New), len(u.Old))
	}
	sums := map[string]float64{}
	for _, l := range u.Links {
		if l.Share <= 0 || l.Share > 1 {
			t.Errorf("link %v: share out of range", l)
		}
		sums[l.Old] += l.Share
	}
	for _, c := range u.Old {
		if s := sums[c.Code]; s < 0.99 || s > 1.01 {
			t.Errorf("old commune %s: shares add up to %v", c.Code, s)
		}
	}
	var b bytes.Buffer
	if err := WriteAggregates(1, u, &b); err != nil {
		t.Fatal(err)
	}
	rows, err := aggregate.Parse(&b, "demo.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := aggregate.CheckRows(rows, "demo.csv", tree, indicator.Default, aggregate.CheckOptions{}); err != nil {
		t.Fatalf("generated rows do not validate: %v", err)
	}
}
