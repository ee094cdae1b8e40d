package web

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func TestImportProgressIsTheUsersOwnAndEndsWithTheImport(t *testing.T) {
	var p importProgress
	report, stop := p.track(7, "abc")
	if got := p.state(7, "abc"); got != vi.UI["mimport.processing"] {
		t.Errorf("a started import: %q", got)
	}
	report(vi.ProgressWritten, 5000, 12000)
	if got := p.state(7, "abc"); !strings.Contains(got, "5.000/12.000") || !strings.Contains(got, vi.ProgressWritten) {
		t.Errorf("after a stage: %q", got)
	}
	if got := p.state(8, "abc"); got != "" {
		t.Errorf("another user reads the import: %q", got)
	}
	stop()
	if got := p.state(7, "abc"); got != "" {
		t.Errorf("a finished import: %q", got)
	}
	report(vi.ProgressWritten, 12000, 12000) // a late report is dropped
	if got := p.state(7, "abc"); got != "" {
		t.Errorf("a report after the end: %q", got)
	}
	if r, _ := p.track(7, ""); r != nil {
		t.Error("an import without an id is tracked")
	}
}
