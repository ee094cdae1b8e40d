package web

import (
	"fmt"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
)

// The children's bar chart ranks them largest first; with more than
// twenty it shows the top and the bottom ten, the rest left to the table,
// and counts those without data apart.
func TestChildBarsRankTopAndBottomTen(t *testing.T) {
	members, _ := indicator.Default.Get("members.total")
	rep := &report.Report{}
	for i := range 25 {
		x := float64(100 + i*10)
		rep.Children = append(rep.Children, report.Node{Scope: report.Scope{Name: fmt.Sprintf("Xã %02d", i)},
			Indicators: map[string]report.Value{"members.total": {Value: &x}}})
	}
	rep.Children = append(rep.Children, report.Node{Scope: report.Scope{Name: "Xã chưa báo cáo"}, Indicators: map[string]report.Value{}})
	c := childBars(rep, members)
	if len(c.Top) != 10 || len(c.Bottom) != 10 || c.Between != 5 || c.Missing != 1 {
		t.Fatalf("top %d, bottom %d, between %d, missing %d", len(c.Top), len(c.Bottom), c.Between, c.Missing)
	}
	if c.Top[0] != (bar{Rank: 1, Name: "Xã 24", Text: "340", Pct: "100"}) {
		t.Errorf("first bar %+v", c.Top[0])
	}
	if last := c.Bottom[9]; last.Rank != 25 || last.Name != "Xã 00" || last.Pct != "29.4" {
		t.Errorf("last bar %+v", last)
	}
	if c.Bottom[0].Rank != 16 {
		t.Errorf("the bottom ten start at rank %d", c.Bottom[0].Rank)
	}

	few := &report.Report{Children: rep.Children[:3]}
	if c := childBars(few, members); len(c.Top) != 3 || c.Bottom != nil || c.Between != 0 || c.Top[0].Name != "Xã 02" {
		t.Errorf("three children: %+v", c)
	}
}

// An estimate of a count across a reorganisation is a share by
// population: the trend shows it whole and marked, never half a member.
func TestTrendShowsEstimatedCountsWhole(t *testing.T) {
	members, _ := indicator.Default.Get("members.total")
	ratio, _ := indicator.Default.Get("members.ratio")
	x, est := trendValue(rollup.Result{Value: 19833.5, Has: true, Approximate: true}, members)
	if x == nil || *x != 19834 || !est {
		t.Errorf("estimated members: %v, %v", x, est)
	}
	if got := figureCell(x, members).Text; got != "19.834" {
		t.Errorf("shown as %q", got)
	}
	if x, _ := trendValue(rollup.Result{Value: 19.25, Has: true}, ratio); *x != 19.25 {
		t.Errorf("a ratio rounded: %v", *x)
	}
	if x, est := trendValue(rollup.Result{}, members); x != nil || est {
		t.Errorf("no data: %v, %v", x, est)
	}
	half := 19833.5
	if got := report.HumanValue(&half, members); got != "19.834" {
		t.Errorf("a report writes %q for an estimate of 19.833,5 members", got)
	}
}
