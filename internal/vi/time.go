package vi

import (
	"time"
	// The zone database inside the binary, so that Asia/Ho_Chi_Minh loads
	// on a machine without tzdata (a container, Windows).
	_ "time/tzdata"
)

// Location is the clock people read times by: Asia/Ho_Chi_Minh (UTC+7, no
// daylight saving time), or a fixed +07:00 should the zone fail to load.
// Times are stored in UTC (docs/storage.md); every time shown to a person
// — pages, documents, CSV and JSON meant for people, command-line tables —
// is converted here.
var Location = loadLocation()

func loadLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// Time writes an instant in Vietnam time, the Vietnamese way, to the
// minute: 2026-03-01T20:30:00Z is 02/03/2026 03:30.
func Time(t time.Time) string { return t.In(Location).Format("02/01/2006 15:04") }

// Day writes the calendar day of an instant in Vietnam time:
// 2026-03-01T20:30:00Z is 02/03/2026. For dates that are days already
// (validity bounds, period ends) use Date.
func Day(t time.Time) string { return t.In(Location).Format("02/01/2006") }

// ClockVN is a time of day as a person in Vietnam reads it ("08:35"),
// with the date in front when it is not the day of now ("03/03/2026 08:35").
func ClockVN(t, now time.Time) string {
	if Day(t) == Day(now) {
		return t.In(Location).Format("15:04")
	}
	return Time(t)
}

// TimeISO writes an instant in Vietnam time as RFC 3339 with its offset
// (2026-03-02T03:30:00+07:00), for CSV and JSON read by people and
// programs alike.
func TimeISO(t time.Time) string { return t.In(Location).Format(time.RFC3339) }

// StartOfDay is the instant a calendar day (its year, month and day as
// written) begins in Vietnam, for filters such as "from 26/11/2026".
func StartOfDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Location)
}

// Today is the calendar day it is in Vietnam at the instant now, at
// midnight UTC like the stored dates: at 2025-06-30T18:00:00Z it is
// already 1 July 2025 for the people using the program.
func Today(now time.Time) time.Time {
	y, m, d := now.In(Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
