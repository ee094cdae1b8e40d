//go:build !race

package auth

// bcryptCost makes one hash take some 80 ms on a small server: slow enough
// to make guessing a stolen hash costly, fast enough for a sign-in page.
const bcryptCost = 10
