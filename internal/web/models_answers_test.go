package web

import (
	"strings"
	"testing"
)

// TestSelfAssessmentReadsPointsAsPeopleWriteThem: the self-assessment
// page reads its points through number.Parse, the one reader of
// Vietnamese numbers: 8, 8,5 and 8.5 are points; what is not a number
// (NaN and Inf, which strconv.ParseFloat took, English grouping, a word)
// is refused naming the indicator.
func TestSelfAssessmentReadsPointsAsPeopleWriteThem(t *testing.T) {
	read := func(v string) (float64, error) {
		d := &selfData{Items: []selfItem{{Code: "1.1", Value: v}}}
		as, err := d.answers()
		if err != nil || len(as) == 0 {
			return 0, err
		}
		return as[0].Value, nil
	}
	for v, want := range map[string]float64{"8": 8, " 8,5 ": 8.5, "8.5": 8.5, "10": 10, "": 0} {
		if got, err := read(v); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"NaN", "Inf", "+Inf", "tám", "8,5,1", "1,000.5"} {
		if _, err := read(v); err == nil || !strings.Contains(err.Error(), "chỉ số 1.1: cần một số") {
			t.Errorf("%q: %v, want refused naming the indicator", v, err)
		}
	}
}
