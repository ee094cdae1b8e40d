package cli

import (
	"os"
	"strings"
	"testing"
)

// Every setting of serve is in docs/deploy.md's list, by flag and by
// environment variable, so that the documented list is the real one.
func TestServeSettingsAreDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range append(serveSettings(), &setting{flag: "db", env: "KHUYENHOC_DB"}, &setting{flag: "busy-timeout", env: "KHUYENHOC_BUSY_TIMEOUT"}) {
		if !strings.Contains(doc, "`--"+s.flag+"`") || !strings.Contains(doc, "`"+s.env+"`") {
			t.Errorf("docs/deploy.md does not list --%s (%s)", s.flag, s.env)
		}
	}
}
