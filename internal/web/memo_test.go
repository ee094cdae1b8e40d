package web_test

import (
	"context"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// Reports are kept between requests; a write of figures must show at once.
func TestReportsFollowNewFiguresAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		target := "/report?scope=province:66&period=2026H2"
		mustContain(t, "before", w.page("dl", target, 200), "3.234")
		mustContain(t, "dashboard before", w.page("dl", "/?period=2026H2", 200), "3.234")
		row := aggregate.Row{Line: 2, Period: "2026H2", Level: "commune", Code: w.commB.Code, Indicator: "members.total", Value: "2100"}
		if _, err := aggregate.Import(context.Background(), db, []aggregate.Row{row}, aggregate.Options{Source: "fix.csv", Actor: "test", Now: pageNow}); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "after", w.page("dl", target, 200), "3.334")
		mustContain(t, "dashboard after", w.page("dl", "/?period=2026H2", 200), "3.334")
	})
}
