package vi

import (
	"math"
	"testing"
	"time"
)

func TestIntGroupsThousandsWithDots(t *testing.T) {
	cases := map[int64]string{
		0:             "0",
		7:             "7",
		999:           "999",
		1000:          "1.000",
		1234567:       "1.234.567",
		-1:            "-1",
		-12345:        "-12.345",
		-1234567:      "-1.234.567",
		math.MaxInt64: "9.223.372.036.854.775.807",
		math.MinInt64: "-9.223.372.036.854.775.808",
	}
	for n, want := range cases {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNumberUsesCommaForDecimals(t *testing.T) {
	cases := []struct {
		x    float64
		dec  int
		want string
	}{
		{0, 0, "0"},
		{0, 2, "0,00"},
		{1234.5, 1, "1.234,5"},
		{1234567.891, 2, "1.234.567,89"},
		{18.534, 2, "18,53"},
		{18.5, 2, "18,50"},
		{-0.25, 2, "-0,25"},
		{-0.001, 2, "0,00"},
		{-1234.5, 1, "-1.234,5"},
		{-999.996, 2, "-1.000,00"},
		{65000, 0, "65.000"},
		{2.5, -1, "3"},
		{math.NaN(), 2, NoData},
		{math.Inf(1), 2, NoData},
	}
	for _, c := range cases {
		if got := Number(c.x, c.dec); got != c.want {
			t.Errorf("Number(%v, %d) = %q, want %q", c.x, c.dec, got, c.want)
		}
	}
}

func TestPercentHasTwoDecimalsAndSign(t *testing.T) {
	cases := map[float64]string{18.534: "18,53%", 0: "0,00%", -3.256: "-3,26%", 100: "100,00%"}
	for x, want := range cases {
		if got := Percent(x); got != want {
			t.Errorf("Percent(%v) = %q, want %q", x, got, want)
		}
	}
	if got := Percent(math.NaN()); got != NoData {
		t.Errorf("Percent(NaN) = %q", got)
	}
}

func TestMoneyRoundsToDong(t *testing.T) {
	cases := map[float64]string{65000: "65.000 đồng", 0: "0 đồng", 1234567.6: "1.234.568 đồng", -50000: "-50.000 đồng"}
	for x, want := range cases {
		if got := Money(x); got != want {
			t.Errorf("Money(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestDateIsDayMonthYear(t *testing.T) {
	if got := Date(time.Date(2024, 7, 5, 0, 0, 0, 0, time.UTC)); got != "05/07/2024" {
		t.Errorf("Date = %q", got)
	}
	if got := Date(time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)); got != "31/12/2025" {
		t.Errorf("Date = %q", got)
	}
}

func TestMoneyWordsRoundsAsReportsWrite(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{191_020_000_000, "hơn 191 tỷ đồng"},
		{190_970_000_000, "gần 191 tỷ đồng"},
		{191_000_000_000, "191 tỷ đồng"},
		{473_655_237_000, "473,7 tỷ đồng"},
		{2_600_000_000, "2,6 tỷ đồng"},
		{2_580_000_000, "2,6 tỷ đồng"},
		{850_300_000, "hơn 850 triệu đồng"},
		{850_000_000, "850 triệu đồng"},
		{650_000, "650.000 đồng"},
		{0, "0 đồng"},
	} {
		if got := MoneyWords(c.x); got != c.want {
			t.Errorf("MoneyWords(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
