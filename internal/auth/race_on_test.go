//go:build race

package auth

// raceDetector is true when the tests run under the race detector (-race).
const raceDetector = true
