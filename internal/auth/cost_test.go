package auth

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestPasswordsAreHashedAtTheConfiguredCost checks that a stored hash
// carries bcryptCost, that a test binary hashes at bcrypt's minimum and that
// the program hashes at cost 10.
func TestPasswordsAreHashedAtTheConfiguredCost(t *testing.T) {
	h, err := hashPassword("mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	got, err := bcrypt.Cost([]byte(h))
	if err != nil || got != bcrypt.MinCost {
		t.Fatalf("a test binary's hash cost %d (%v), want %d", got, err, bcrypt.MinCost)
	}
	if c := costIn(false); c != 10 {
		t.Fatalf("the program hashes at cost %d, want 10", c)
	}
}
