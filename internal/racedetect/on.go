//go:build race

package racedetect

// Enabled reports whether the program was built with the race detector
// (-race), which only test builds are.
const Enabled = true
