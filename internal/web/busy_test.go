package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

// A write refused because another writer held the database is worth
// retrying: 503, not a 500 that reads as a bug.
func TestBusyDatabaseAnswers503(t *testing.T) {
	err := fmt.Errorf("upload: %w", apperr.New(apperr.Busy, "bận"))
	if got := status(err); got != http.StatusServiceUnavailable {
		t.Errorf("status of a Busy error = %d, want 503", got)
	}
}
