package period

import (
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestParseWrittenForms(t *testing.T) {
	cases := []struct {
		in, out, vi, start, end, cmp string
	}{
		{"2024", "2024", "năm 2024", "2024-01-01", "2024-12-31", "2023"},
		{"2024H1", "2024H1", "6 tháng đầu năm 2024", "2024-01-01", "2024-06-30", "2023H1"},
		{"2024h2", "2024H2", "6 tháng cuối năm 2024", "2024-07-01", "2024-12-31", "2023H2"},
		{"2024Q3", "2024Q3", "quý III năm 2024", "2024-07-01", "2024-09-30", "2023Q3"},
		{"2024-07", "2024-07", "tháng 7 năm 2024", "2024-07-01", "2024-07-31", "2023-07"},
		{"2024-02", "2024-02", "tháng 2 năm 2024", "2024-02-01", "2024-02-29", "2023-02"},
	}
	for _, c := range cases {
		p, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if p.String() != c.out || p.NameVI() != c.vi || Date(p.Start()) != c.start || Date(p.End()) != c.end || p.Compare().String() != c.cmp {
			t.Errorf("%q: got %s / %s / %s–%s / %s", c.in, p, p.NameVI(), Date(p.Start()), Date(p.End()), p.Compare())
		}
	}
}

func TestParseRejectsMalformedPeriods(t *testing.T) {
	for _, in := range []string{"", "24", "2024H3", "2024Q0", "2024Q5", "2024-13", "2024-00", "2024-7x", "abcd", "2024S1", "2024 H1"} {
		_, err := Parse(in)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("Parse(%q) = %v, want an invalid-input error", in, err)
		}
	}
}

func TestContainmentAndDecomposition(t *testing.T) {
	y := MustParse("2024")
	if !y.Contains(MustParse("2024Q2")) || !y.Contains(y) || y.Contains(MustParse("2025H1")) {
		t.Error("year containment wrong")
	}
	if MustParse("2024H1").Contains(MustParse("2024-07")) {
		t.Error("H1 contains July")
	}
	if got := len(y.Descendants()); got != 1+2+4+12 {
		t.Errorf("a year has %d descendants, want 19", got)
	}
	subs := MustParse("2024H2").Sub()
	if len(subs) != 2 || subs[0].String() != "2024Q3" || subs[1].String() != "2024Q4" {
		t.Errorf("H2 splits into %v", subs)
	}
	if got := MustParse("2024Q4").Sub(); len(got) != 3 || got[2].String() != "2024-12" {
		t.Errorf("Q4 splits into %v", got)
	}
	anc := MustParse("2024-08").Ancestors()
	if len(anc) != 3 || anc[0].String() != "2024Q3" || anc[1].String() != "2024H2" || anc[2].String() != "2024" {
		t.Errorf("ancestors of August: %v", anc)
	}
	same := MustParse("2024H2").SameEnd()
	var names []string
	for _, p := range same {
		names = append(names, p.String())
	}
	if len(same) != 4 || names[0] != "2024" || names[3] != "2024-12" {
		t.Errorf("periods ending with H2: %v", names)
	}
}

func TestSameEndMatchesEndDates(t *testing.T) {
	for _, p := range MustParse("2024").Descendants() {
		var got []string
		for _, q := range p.SameEnd() {
			if !q.End().Equal(p.End()) {
				t.Errorf("%s: %s ends %s", p, q, Date(q.End()))
			}
			got = append(got, q.String())
		}
		// Every period ending that day is listed: count them the slow way.
		want := 0
		for _, q := range MustParse("2024").Descendants() {
			if q.End().Equal(p.End()) {
				want++
			}
		}
		month := Period{Kind: Month, Year: 2024, N: int(p.End().Month())}
		if len(got) != want || got[len(got)-1] != month.String() {
			t.Errorf("%s: same end %v, want %d periods ending with the month", p, got, want)
		}
	}
}

func TestParseDayReadsTheFormsPeopleAndSpreadsheetsWrite(t *testing.T) {
	want := time.Date(2024, 7, 5, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"05/07/2024", "5/7/2024", " 2024-07-05 ", "45478"} {
		if got, ok := ParseDay(s); !ok || !got.Equal(want) {
			t.Errorf("ParseDay(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "31/02/2024", "2024/07/05", "123", "7-5-2024"} {
		if _, ok := ParseDay(s); ok {
			t.Errorf("ParseDay(%q) accepted", s)
		}
	}
}

func TestYearBeforeCoversTheYearUpToThePeriod(t *testing.T) {
	for _, tc := range []struct{ p, want string }{
		{"2026", ""}, {"2026H1", ""}, {"2026Q1", ""}, {"2026-01", ""},
		{"2026H2", "2026H1"}, {"2026Q2", "2026Q1"}, {"2026Q3", "2026H1"}, {"2026Q4", "2026H1 2026Q3"},
		{"2026-05", "2026Q1 2026-04"}, {"2026-12", "2026H1 2026Q3 2026-10 2026-11"},
	} {
		var got []string
		for _, q := range MustParse(tc.p).YearBefore() {
			got = append(got, q.String())
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("%s: year before %q, want %q", tc.p, s, tc.want)
		}
	}
	// Each period's year before ends the day before it starts.
	for _, p := range MustParse("2026").Descendants() {
		if qs := p.YearBefore(); len(qs) > 0 && !qs[len(qs)-1].End().AddDate(0, 0, 1).Equal(p.Start()) {
			t.Errorf("%s: year before ends %s", p, Date(qs[len(qs)-1].End()))
		}
	}
}
