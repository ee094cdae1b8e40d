//go:build !race

// Package racedetect tells whether the program was built with the race
// detector. Only test builds are: tests that would take minutes under it
// (loading the whole demo) say so and skip there.
package racedetect

// Enabled reports whether the program was built with the race detector
// (-race), which only test builds are.
const Enabled = false
