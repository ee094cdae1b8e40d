//go:build race

package auth

import "golang.org/x/crypto/bcrypt"

// bcryptCost under the race detector is bcrypt's minimum. The detector makes
// each hash of cost 10 take about a second, and the tests of concurrency
// hash hundreds of passwords; a binary built with -race is a test build and
// never a release (the release's cost is in cost.go).
const bcryptCost = bcrypt.MinCost
