package browser

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenshotsLeaveTheCommittedSetsAlone: a run of the browser tests
// writes the screenshots of the committed sets (screenshots/models, fund,
// pages) into the ignored screenshots/run/ (or $KHUYENHOC_SCREENSHOTS),
// and into the committed folders only when asked with
// KHUYENHOC_UPDATE_SCREENSHOTS=1.
func TestScreenshotsLeaveTheCommittedSetsAlone(t *testing.T) {
	repo, err := filepath.Abs(repoScreenshots())
	if err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	t.Setenv(UpdateScreenshotsEnv, "")
	t.Setenv("KHUYENHOC_SCREENSHOTS", "")
	for _, set := range committedSets {
		got := abs(shotFile(t, filepath.Join(set, "x-360.png")))
		if want := filepath.Join(repo, "run", set, "x-360.png"); got != want {
			t.Errorf("a run writes %s, want %s", got, want)
		}
	}
	if got := abs(shotFile(t, "walk-admin-audit-360.png")); got != filepath.Join(repo, "walk-admin-audit-360.png") {
		t.Errorf("a walk's screenshot goes to %s", got)
	}

	elsewhere := t.TempDir()
	t.Setenv("KHUYENHOC_SCREENSHOTS", elsewhere)
	if got := shotFile(t, "models/x-360.png"); !strings.HasPrefix(got, elsewhere) {
		t.Errorf("with $KHUYENHOC_SCREENSHOTS a set goes to %s", got)
	}

	t.Setenv(UpdateScreenshotsEnv, "1")
	if got := abs(shotFile(t, "fund/x-360.png")); got != filepath.Join(repo, "fund", "x-360.png") {
		t.Errorf("asked to update, the fund's set goes to %s", got)
	}
}
