package web_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestDashboardShowsTheTitlesAgainstTheirTargets: a commune's learning
// citizens among officials against the officials of the commune, and that
// rate against the national target of 2030 (80 %).
func TestDashboardShowsTheTitlesAgainstTheirTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		rows := []aggregate.Row{
			{Line: 2, Period: "2026H2", Level: string(w.commA.Level), Code: w.commA.Code, Indicator: "population.officials", Value: "200"},
			{Line: 3, Period: "2026H2", Level: string(w.commA.Level), Code: w.commA.Code, Indicator: "models.citizen.officials.in_force", Value: "100"},
		}
		if _, err := aggregate.Import(context.Background(), db, rows, aggregate.Options{Source: "cdht.csv", Actor: "test", Now: pageNow}); err != nil {
			t.Fatal(err)
		}
		body := w.page("dl", "/?unit="+w.commA.Ref()+"&period=2026H2", 200)
		card := regexp.MustCompile(`(?s)<section class="card" id="targets">.*?</section>`).FindString(body)
		if card == "" {
			t.Fatal("the dashboard has no card of targets")
		}
		mustContain(t, "targets card", card, "Tiến độ chỉ tiêu xây dựng xã hội học tập",
			"Tỉ lệ cán bộ, công chức, viên chức đạt Công dân học tập", "50,00%", "80%", "đến năm 2030", "62,50%")
	})
}
