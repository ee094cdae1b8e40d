package demo

import (
	"slices"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
)

// The demo's texts are what an officer could save: known keys, texts the
// area accepts as they are, a letterhead it accepts, periods a document
// is written for.
func TestTheDemoTextsAreWhatAnOfficerCouldSave(t *testing.T) {
	sets := ReportTexts()
	if len(sets) == 0 {
		t.Fatal("no texts")
	}
	keys := report.TextKeys()
	for _, ts := range sets {
		if err := reporttext.CheckPeriod(ts.Period); err != nil {
			t.Errorf("%s %s: %v", ts.Ref, ts.Period, err)
		}
		for k, text := range ts.Sections {
			if !slices.Contains(keys, k) {
				t.Errorf("%s %s: unknown key %q", ts.Ref, ts.Period, k)
			}
			clean, err := reporttext.CleanText(k, text)
			if err != nil || clean != text {
				t.Errorf("%s %s %s: cleaned to %q, %v", ts.Ref, ts.Period, k, clean, err)
			}
		}
		if _, err := reporttext.CleanLetterhead(ts.Letterhead); err != nil {
			t.Errorf("%s %s letterhead: %v", ts.Ref, ts.Period, err)
		}
	}
}
