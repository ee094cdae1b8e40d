package members

import (
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

// now is the fixed clock of these tests: 29/11/2026 09:00 in Vietnam.
var now = time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)

func TestParseBirthDateAcceptsTheContractForms(t *testing.T) {
	cases := []struct {
		in   string
		want BirthDate
		str  string
		iso  string
	}{
		{"12/03/1987", BirthDate{1987, 3, 12}, "12/03/1987", "1987-03-12"},
		{"2/3/1987", BirthDate{1987, 3, 2}, "02/03/1987", "1987-03-02"},
		{"02/3/1987", BirthDate{1987, 3, 2}, "02/03/1987", "1987-03-02"},
		{" 1987 ", BirthDate{Year: 1987}, "1987", "1987"},
		{"29/02/2000", BirthDate{2000, 2, 29}, "29/02/2000", "2000-02-29"},
		{"29/11/2026", BirthDate{2026, 11, 29}, "29/11/2026", "2026-11-29"}, // today
		{"01/01/1900", BirthDate{1900, 1, 1}, "01/01/1900", "1900-01-01"},
		{"", BirthDate{}, "", ""},
	}
	for _, c := range cases {
		got, err := ParseBirthDate(c.in, now)
		if err != nil || got != c.want || got.String() != c.str || got.ISO() != c.iso {
			t.Errorf("ParseBirthDate(%q) = %+v (%q, %q), %v; want %+v (%q, %q)", c.in, got, got.String(), got.ISO(), err, c.want, c.str, c.iso)
		}
	}
}

func TestParseBirthDateRefusesImpossibleAndFutureDates(t *testing.T) {
	cases := []struct{ in, want string }{
		{"31/04/1987", `ngày sinh "31/04/1987" không có thật`},
		{"29/02/1987", "không có thật"},
		{"00/03/1987", "không có thật"},
		{"12/13/1987", "không có thật"},
		{"12/00/1987", "không có thật"},
		{"1987-03-12", "không đúng dạng dd/mm/yyyy hoặc năm yyyy"},
		{"12/03/87", "không đúng dạng"},
		{"12.03.1987", "không đúng dạng"},
		{"87", "không đúng dạng"},
		{"123/03/1987", "không đúng dạng"},
		{"12/03/1987/1", "không đúng dạng"},
		{"năm 1987", "không đúng dạng"},
		{"1899", "năm sinh 1899 không hợp lý (sớm nhất là 1900)"},
		{"31/12/1899", "năm sinh 1899 không hợp lý"},
		{"30/11/2026", "ngày sinh 30/11/2026 ở sau hôm nay (29/11/2026)"},
		{"2027", "ngày sinh 2027 ở sau hôm nay"},
	}
	for _, c := range cases {
		got, err := ParseBirthDate(c.in, now)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseBirthDate(%q) = %+v, %v; want Invalid containing %q", c.in, got, err, c.want)
		}
	}
}

func TestParseBirthDateTakesTodayInVietnam(t *testing.T) {
	// 17:30 UTC on 29/11 is already 30/11 in Vietnam: born on 30/11 is today there.
	late := time.Date(2026, 11, 29, 17, 30, 0, 0, time.UTC)
	if _, err := ParseBirthDate("30/11/2026", late); err != nil {
		t.Errorf("born today in Vietnam: %v", err)
	}
	if _, err := ParseBirthDate("01/12/2026", late); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("born tomorrow in Vietnam: %v", err)
	}
}

func TestCheckAgeAppliesTheMinimumAge(t *testing.T) {
	joined := time.Date(2026, 3, 12, 3, 0, 0, 0, time.UTC)
	cases := []struct {
		born BirthDate
		age  int
		want string // "" when old enough
	}{
		{BirthDate{2008, 3, 12}, 18, ""}, // eighteenth birthday on the day
		{BirthDate{2008, 3, 13}, 17, "sinh 13/03/2008 thì mới 17 tuổi vào ngày 12/03/2026, chưa đủ 18 tuổi để vào hội"},
		{BirthDate{Year: 2008}, 18, ""}, // year only: counted from 1 January
		{BirthDate{Year: 2009}, 17, "sinh 2009 thì mới 17 tuổi"},
		{BirthDate{1950, 12, 31}, 75, ""},
		{BirthDate{}, 0, ""}, // not given: nothing to check
	}
	for _, c := range cases {
		if !c.born.IsZero() {
			if got := c.born.AgeOn(joined); got != c.age {
				t.Errorf("%v AgeOn = %d; want %d", c.born, got, c.age)
			}
		}
		err := c.born.CheckAge(joined, DefaultMinAge)
		if c.want == "" {
			if err != nil {
				t.Errorf("%v: %v", c.born, err)
			}
			continue
		}
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v; want Invalid containing %q", c.born, err, c.want)
		}
	}
	if err := (BirthDate{2010, 1, 1}).CheckAge(joined, 16); err != nil {
		t.Errorf("a lower minimum passed in: %v", err)
	}
}

func TestParseGender(t *testing.T) {
	good := map[string]Gender{"Nam": Male, "Nữ": Female, "nam": Male, "NỮ": Female, "nu": Female, " Nu ": Female, "": ""}
	for in, want := range good {
		if got, err := ParseGender(in); err != nil || got != want {
			t.Errorf("ParseGender(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"M", "F", "Khác", "nữa", "0"} {
		if _, err := ParseGender(in); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "ghi Nam hoặc Nữ") {
			t.Errorf("ParseGender(%q): %v; want Invalid", in, err)
		}
	}
}
