package vi

import (
	"testing"
	"time"
)

func TestTimesAreWrittenInVietnamTime(t *testing.T) {
	at := time.Date(2026, 3, 1, 20, 30, 0, 0, time.UTC)
	if got := Time(at); got != "02/03/2026 03:30" {
		t.Errorf("Time = %q", got)
	}
	if got := Day(at); got != "02/03/2026" {
		t.Errorf("Day = %q", got)
	}
	if got := TimeISO(at); got != "2026-03-02T03:30:00+07:00" {
		t.Errorf("TimeISO = %q", got)
	}
	if got := Today(time.Date(2025, 6, 30, 18, 0, 0, 0, time.UTC)); !got.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Today = %v", got)
	}
	if got := StartOfDay(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)).UTC(); !got.Equal(time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("StartOfDay = %v", got)
	}
}

func TestFixedOffsetStandsInForTheZone(t *testing.T) {
	// The zone is embedded (time/tzdata); the fallback gives the same
	// clock, Vietnam having had no daylight saving time since 1975.
	fixed := time.FixedZone("ICT", 7*3600)
	at := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	if at.In(Location).Format(time.RFC3339) != at.In(fixed).Format(time.RFC3339) {
		t.Errorf("zone %v differs from +07:00", Location)
	}
}
