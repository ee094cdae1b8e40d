package indicator

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestCatalogueHasTheSpecIndicatorsAndRatioFormulas(t *testing.T) {
	if got := len(Default.List); got != 78 {
		t.Errorf("catalogue has %d indicators, want the 30 of spec/indicators.csv, the 29 of the learning titles (issue 11) and the fund's 19 breakdowns (issue 12)", got)
	}
	m, ok := Default.Get("members.ratio")
	if !ok || m.Kind != Ratio || m.Numerator != "members.total" || m.Denominator != "population.total" || m.Scale != 100 || m.Decimals != 2 {
		t.Errorf("members.ratio = %+v", m)
	}
	f, _ := Default.Get("fund.per_capita")
	if f.Decimals != 0 || f.Scale != 1 || !f.IsMoney() {
		t.Errorf("fund.per_capita = %+v", f)
	}
	b, _ := Default.Get("org.boards")
	if !strings.Contains(b.Definition, "agencies, schools, enterprises") {
		t.Errorf("a definition with commas was cut: %q", b.Definition)
	}
	for _, ind := range Default.Base() {
		if ind.Kind == Ratio {
			t.Errorf("Base lists the ratio %s", ind.Code)
		}
	}
	if _, err := Default.Lookup("members.totl"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("unknown indicator: %v", err)
	}
}

func TestParseRejectsBrokenCatalogues(t *testing.T) {
	head := "code,kind,unit,name_vi,name_en,definition,numerator,denominator,scale,decimals\n"
	for name, body := range map[string]string{
		"bad kind":          "a,level,count,A,A,x,,,,\n",
		"repeated code":     "a,stock,count,A,A,x,,,,\na,flow,count,A,A,x,,,,\n",
		"ratio of nothing":  "r,ratio,percent,R,R,x,a,b,100,2\n",
		"ratio of a ratio":  "a,stock,count,A,A,x,,,,\nr,ratio,percent,R,R,x,a,a,100,2\ns,ratio,percent,S,S,x,r,a,100,2\n",
		"ratio bad decimal": "a,stock,count,A,A,x,,,,\nr,ratio,percent,R,R,x,a,a,100,two\n",
	} {
		if _, err := Parse(head + body); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
