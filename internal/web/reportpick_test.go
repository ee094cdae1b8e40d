package web

import (
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestReportOpensOnTheLastFinishedHalfYearOrYear(t *testing.T) {
	for _, c := range []struct {
		today    time.Time
		from, to time.Time
		want     string
	}{
		{day(2026, 11, 29), units.Beginning, units.Forever, "2026H1"},
		{day(2026, 7, 1), units.Beginning, units.Forever, "2026H1"},
		{day(2026, 6, 30), units.Beginning, units.Forever, "2025"},
		{day(2027, 2, 1), units.Beginning, units.Forever, "2026"},
		// A unit merged on 1 July 2025: its last period.
		{day(2026, 11, 29), units.Beginning, day(2025, 6, 30), "2025H1"},
		// A unit formed on 1 July 2025, early in 2026: the year 2025 ends
		// while it exists.
		{day(2026, 3, 1), units.ReformDate, units.Forever, "2025"},
	} {
		if got := defaultReportPeriod(c.today, c.from, c.to).String(); got != c.want {
			t.Errorf("on %s for a unit %s–%s: %s, want %s", c.today.Format("2006-01-02"), c.from.Format("2006-01-02"), c.to.Format("2006-01-02"), got, c.want)
		}
	}
}

func TestReportFileNamesAreVietnameseWithoutDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"Tỉnh Đắk Lắk":                  "tinh-dak-lak",
		"6 tháng đầu năm 2026":          "6-thang-dau-nam-2026",
		"Cụm thi đua số 1 – Tây Nguyên": "cum-thi-dua-so-1-tay-nguyen",
		"Phường Thủ Dầu Một":            "phuong-thu-dau-mot",
		"  ":                            "",
	} {
		if got := fileSlug(in); got != want {
			t.Errorf("fileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}
