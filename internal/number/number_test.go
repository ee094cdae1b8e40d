package number

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestParseReadsWhatPeopleType(t *testing.T) {
	for _, c := range []struct {
		in    string
		whole bool
		want  float64
	}{
		{"1.234.567", true, 1234567},
		{"1234567", true, 1234567},
		{"1 234 567", true, 1234567},
		{"1\u00a0234\u00a0567", true, 1234567},
		{" 2.602.733.000 ", true, 2602733000},
		{"20,74", false, 20.74},
		{"1.234,5", false, 1234.5},
		{"1 234,5", false, 1234.5},
		{"0,5", false, 0.5},
		{"1.234", true, 1234}, // thousands, for a whole number
		{"18.53", false, 18.53},
		{"0.500", false, 0.5}, // a leading 0 is no group of thousands
		{"1234.567", false, 1234.567},
		{"30.000000000000004", true, 30.000000000000004},
		{"1e3", true, 1000},
		{"1.5E+6", false, 1.5e6},
		{"-12", true, -12},
		{"+7", true, 7},
		{"0", true, 0},
	} {
		got, err := Parse(c.in, c.whole)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q, %v) = %v, %v; want %v", c.in, c.whole, got, err, c.want)
		}
	}
}

func TestParseExplainsWhatItRefuses(t *testing.T) {
	for _, c := range []struct {
		in    string
		whole bool
		say   string
	}{
		{"1,234.5", false, "kiểu tiếng Anh"},
		{"1,234.5", false, "1.234,5"},
		{"1,234,567", true, "cách viết Việt Nam là 1.234.567"},
		{"1.234", false, "chưa rõ"},
		{"1.23.4", true, "nhóm nghìn"},
		{"12.34.567", true, "nhóm nghìn"},
		{"1 23", true, "nhóm nghìn"},
		{"1 234.567", true, "nhóm nghìn"},
		{"0.123.456", true, "nhóm nghìn"},
		{"12a", true, "không phải là số"},
		{"1,2,3", true, "không phải là số"},
		{"5,", false, "không phải là số"},
		{",5", false, "không phải là số"},
		{"1.", true, "không phải là số"},
		{"NaN", false, "không phải là số"},
		{"Inf", false, "không phải là số"},
		{"0x10", true, "không phải là số"},
		{"1_000", true, "không phải là số"},
		{"1e999", false, "quá lớn"},
		{"", true, "ô trống"},
		{strings.Repeat("1", 65), true, "64 ký tự"},
	} {
		_, err := Parse(c.in, c.whole)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.say) {
			t.Errorf("Parse(%q, %v): %v; want a message with %q", c.in, c.whole, err, c.say)
		}
	}
}

func TestFormatWritesWhatParseReadsBack(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 7: "7", 1234: "1.234", 1234567: "1.234.567", 2602733000: "2.602.733.000", 20.74: "20,74", 1234.5: "1.234,5", 0.125: "0,125", -1234567: "-1.234.567", -20.74: "-20,74"} {
		whole := v == float64(int64(v))
		got := Format(v, whole)
		if got != want {
			t.Errorf("Format(%v) = %q; want %q", v, got, want)
		}
		if back, err := Parse(got, whole); err != nil || back != v {
			t.Errorf("Parse(Format(%v)) = %v, %v", v, back, err)
		}
		if back, err := Parse(Format(v, false), false); err != nil || back != v {
			t.Errorf("Parse(Format(%v, false), false) = %v, %v", v, back, err)
		}
	}
}
