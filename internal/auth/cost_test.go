package auth

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
)

// TestPasswordsAreHashedAtTheConfiguredCost checks that a stored hash
// carries bcryptCost, and that outside the race detector's test builds the
// cost is 10.
func TestPasswordsAreHashedAtTheConfiguredCost(t *testing.T) {
	h, err := hashPassword("mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	got, err := bcrypt.Cost([]byte(h))
	if err != nil || got != bcryptCost() {
		t.Fatalf("hash cost %d (%v), want %d", got, err, bcryptCost())
	}
	if !racedetect.Enabled && bcryptCost() != 10 {
		t.Fatalf("a release hashes at cost %d, want 10", bcryptCost())
	}
}
