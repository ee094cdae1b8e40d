package checks

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

// figures is a small commune's form for 2026H2 with its stored figures of
// 2026H1 (previous) and 2025H2 (same period last year), which no check
// finds wrong.
func figures() Figures {
	return Figures{
		Unit:           "Xã Ea Kao",
		Period:         period.MustParse("2026H2"),
		Values:         map[string]float64{"population.total": 12100, "members.total": 2650, "org.branches": 11, "fund.raised": 160e6},
		PreviousPeriod: period.MustParse("2026H1"),
		Previous:       map[string]float64{"population.total": 12000, "members.total": 2540, "org.branches": 10, "fund.raised": 154e6, "fund.balance": 20e6},
		ComparePeriod:  period.MustParse("2025H2"),
		Compare:        map[string]float64{"population.total": 12000, "members.total": 2500, "org.branches": 10, "fund.raised": 150e6},
	}
}

// only runs the default checks on f and wants exactly one warning, with
// key and the texts of want in its message.
func only(t *testing.T, f Figures, key string, want ...string) Warning {
	t.Helper()
	ws := Default.Evaluate(f)
	if len(ws) != 1 || ws[0].Key != key {
		t.Fatalf("warnings = %+v, want only %s", ws, key)
	}
	for _, w := range want {
		if !strings.Contains(ws[0].Message, w) {
			t.Errorf("warning %q lacks %q", ws[0].Message, w)
		}
	}
	return ws[0]
}

func TestPlausibleFormHasNoWarning(t *testing.T) {
	if ws := Default.Evaluate(figures()); len(ws) != 0 {
		t.Errorf("a plausible form gets warnings: %+v", ws)
	}
}

func TestMembersMoreThanPopulationWarnsWithFiguresAndRatio(t *testing.T) {
	f := figures()
	f.Values["members.total"] = 13000
	f.Previous["members.total"], f.Compare["members.total"] = 12000, 12000 // no change to speak of
	w := only(t, f, "above:members.total",
		"Xã Ea Kao, 6 tháng cuối năm 2026: Số hội viên (13.000) nhiều hơn Dân số (12.100), bằng 107,44% dân số.")
	if len(w.Indicators) != 2 || w.Indicators[0] != "members.total" || w.Indicators[1] != "population.total" {
		t.Errorf("indicators = %v", w.Indicators)
	}
	// Without a population in the form, the previous period's is used and
	// named.
	delete(f.Values, "population.total")
	only(t, f, "above:members.total", "Dân số (12.000, số của 6 tháng đầu năm 2026)")
}

func TestRecognisedMoreThanRegisteredWarns(t *testing.T) {
	f := figures()
	f.Values["models.family.registered"] = 10
	f.Values["models.family.recognized"] = 99999
	only(t, f, "above:models.family.recognized",
		"Số gia đình được công nhận Gia đình học tập (99.999) nhiều hơn Số gia đình đăng ký Gia đình học tập (10)")
	// Recognised without any registration entered is not compared.
	delete(f.Values, "models.family.registered")
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("warnings without a registration: %+v", ws)
	}
}

// TestRecognisedComparedWithRegisteredOverTheYearToDate: families
// registered in the first half-year and recognised in the second are no
// warning on the second half-year's form; more recognised than registered
// over the year is, saying the figures are the year's.
func TestRecognisedComparedWithRegisteredOverTheYearToDate(t *testing.T) {
	f := figures()
	f.YearBefore = map[string]float64{"models.family.registered": 120, "models.family.recognized": 10, "fund.raised": 154e6}
	f.Values["models.family.registered"] = 0
	f.Values["models.family.recognized"] = 100
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("recognitions of the first half-year's registrations warn: %+v", ws)
	}
	// Without a registration on the form, the year's are still compared.
	delete(f.Values, "models.family.registered")
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("recognitions of the first half-year's registrations warn: %+v", ws)
	}
	f.Values["models.family.recognized"] = 115
	only(t, f, "above:models.family.recognized",
		"Số gia đình được công nhận Gia đình học tập (125, cộng dồn từ đầu năm 2026) nhiều hơn Số gia đình đăng ký Gia đình học tập (120, cộng dồn từ đầu năm 2026).")
	// Nothing recognised on the form: the first half-year's figures were
	// checked on their own form.
	f.YearBefore["models.family.recognized"] = 500
	f.Values["models.family.recognized"] = 0
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("the first half-year's recognitions warn: %+v", ws)
	}
}

// TestRateCountsRecognitionsOverTheYearToDate: the learning-family rate is
// a year's recognitions per household, so a second half-year's form
// counts the first half-year's too.
func TestRateCountsRecognitionsOverTheYearToDate(t *testing.T) {
	f := figures()
	f.Values["population.households"] = 3000
	f.Values["models.family.recognized"] = 2000
	f.Values["models.family.registered"] = 200
	f.YearBefore = map[string]float64{"models.family.registered": 3500, "models.family.recognized": 900}
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("a rate of 96,67%% warns: %+v", ws)
	}
	f.YearBefore["models.family.recognized"] = 1300
	only(t, f, "ratio:models.family.rate", "Tỉ lệ Gia đình học tập là 110,00%, vượt quá 100,00%")
}

func TestRatioOverHundredPercentWarns(t *testing.T) {
	f := figures()
	f.Values["population.households"] = 3000
	f.Values["models.family.recognized"] = 3300
	f.Values["models.family.registered"] = 3400
	only(t, f, "ratio:models.family.rate", "Tỉ lệ Gia đình học tập là 110,00%, vượt quá 100,00%")
}

func TestChangeBeyondThresholdWarnsAgainstBothPeriods(t *testing.T) {
	f := figures()
	delete(f.Values, "population.total") // and no population stored: members are compared with nothing
	delete(f.Previous, "population.total")
	delete(f.Compare, "population.total")
	f.Values["members.total"] = 200000
	w := only(t, f, "change:members.total")
	for _, want := range []string{
		"Số hội viên tăng 7.774,02% so với 6 tháng đầu năm 2026 (2.540 → 200.000)",
		"tăng 7.900,00% so với 6 tháng cuối năm 2025 (2.500 → 200.000)",
		"ngưỡng cảnh báo là ±30%",
	} {
		if !strings.Contains(w.Message, want) {
			t.Errorf("change warning %q lacks %q", w.Message, want)
		}
	}
	// Population has its own threshold of 10 %: 12.500 after 12.000 is
	// within it, 14.000 beyond.
	f.Previous["population.total"], f.Compare["population.total"] = 12000, 12000
	f.Values["population.total"] = 12500
	f.Values["members.total"] = 2000 // -21 %, within ±30 %
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("changes within their thresholds warn: %+v", ws)
	}
	f.Values["population.total"] = 14000
	only(t, f, "change:population.total", "Dân số tăng 16,67% so với 6 tháng đầu năm 2026", "±10%")
}

func TestChangeOfSmallCountsNeedsMinimumDifference(t *testing.T) {
	f := figures()
	f.Previous["org.branches"], f.Compare["org.branches"] = 2, 2
	f.Values["org.branches"] = 4 // +100 %, but only 2 more
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("2 → 4 branches warns: %+v", ws)
	}
	f.Values["org.branches"] = 6
	only(t, f, "change:org.branches", "tăng 200,00% so với 6 tháng đầu năm 2026 (2 → 6)", "±50%")
}

func TestFlowComparedWithSamePeriodLastYearOnly(t *testing.T) {
	f := figures()
	// Half of last half-year's fund but the same as a year before: the
	// fund is seasonal and compared with the same period only.
	f.Previous["fund.raised"] = 400e6
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("a seasonal flow warns: %+v", ws)
	}
	f.Values["fund.raised"] = 999_999_999_999
	only(t, f, "change:fund.raised", "so với 6 tháng cuối năm 2025 (150.000.000 đồng → 999.999.999.999 đồng)")
}

func TestStockFellToZeroWarnsOnceNotAlsoAsChange(t *testing.T) {
	f := figures()
	f.Values["org.branches"] = 0
	only(t, f, "fell_to_zero:org.branches", "Số chi hội khuyến học giảm từ 10 (6 tháng đầu năm 2026) xuống 0.")
	// Zero after zero is no news.
	f.Previous["org.branches"], f.Compare["org.branches"] = 0, 0
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("zero after zero warns: %+v", ws)
	}
}

func TestSpendingBeyondRaisedPlusBalanceWarns(t *testing.T) {
	f := figures()
	f.Values["fund.spent"] = 180e6 // 160 raised + 20 balance: no warning
	if ws := Default.Evaluate(f); len(ws) != 0 {
		t.Errorf("spending within the means warns: %+v", ws)
	}
	f.Values["fund.spent"] = 180e6 + 1
	only(t, f, "spending:fund.spent",
		"Chi quỹ khuyến học (180.000.001 đồng) vượt quá quỹ khuyến học huy động trong kỳ (160.000.000 đồng) cộng số dư quỹ khuyến học cuối 6 tháng đầu năm 2026 (20.000.000 đồng).")
}

func TestWarningsComeInCatalogueOrder(t *testing.T) {
	f := figures()
	f.Values["fund.raised"] = 999e9
	f.Values["org.branches"] = 0
	f.Values["members.total"] = 20000
	var keys []string
	for _, w := range Default.Evaluate(f) {
		keys = append(keys, w.Key)
	}
	want := "fell_to_zero:org.branches above:members.total change:members.total change:fund.raised"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestParseRefusesBadLinesNamingThem(t *testing.T) {
	head := "rule,indicator,other,threshold,min_diff,message\n"
	for _, tc := range []struct{ line, want string }{
		{"bigger,members.total,,,,x", `line 2: rule "bigger"`},
		{"above,members.ttl,population.total,,,x", `indicator "members.ttl"`},
		{"above,members.total,,,,x", "above needs"},
		{"ratio,members.total,,100,,x", "ratio needs a ratio"},
		{"change,members.total,,,,x", "needs a threshold"},
		{"change,members.total,last,30,,x", `not "last"`},
		{"change,members.total,,abc,,x", `threshold "abc"`},
		{"fell_to_zero,fund.raised,,,,x", "for stocks"},
		{"change,members.total,,30,,{unit} {members}", "unknown placeholder {members}"},
		{"change,members.total,,30,,", "no message"},
		{"change,*stock,,30,,x\nchange,*stock,,40,,y", "line 3: a second change check of *stock (first on line 2)"},
	} {
		_, err := Parse(head+tc.line, indicator.Default)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.line, err, tc.want)
		}
	}
}

// TestCheckedFileCoversTheCatalogue keeps checks.csv and the catalogue in
// step: every stored indicator has a change check, every stock a fall to
// zero.
func TestCheckedFileCoversTheCatalogue(t *testing.T) {
	for _, ind := range indicator.Default.Base() {
		if _, ok := Default.ruleFor(Change, ind); !ok {
			t.Errorf("%s has no change check", ind.Code)
		}
		if _, ok := Default.ruleFor(FellToZero, ind); ind.Kind == indicator.Stock && !ok {
			t.Errorf("stock %s has no fall-to-zero check", ind.Code)
		}
	}
}

// BenchmarkEvaluate checks a form with every stored indicator filled and
// a few warnings, as a submission does once per form.
func BenchmarkEvaluate(b *testing.B) {
	f := figures()
	for i, ind := range indicator.Default.Base() {
		f.Values[ind.Code] = float64(100 + i)
		f.Previous[ind.Code] = float64(50 + i)
		f.Compare[ind.Code] = float64(100 + i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(Default.Evaluate(f)) == 0 {
			b.Fatal("no warning")
		}
	}
}
