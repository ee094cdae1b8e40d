package ingest

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
)

func TestImportFileHandsRowsSourceAndDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "so-lieu.csv")
	if err := os.WriteFile(path, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ImportFile(path, "", func(r_ io.Reader, name string) ([]tabular.Record, error) {
		return tabular.Read(r_, name, []string{"a"})
	}, func(rows []tabular.Record, source, sha string) (string, error) {
		return source + " " + sha[:8] + " " + rows[0].Fields[0], nil
	})
	if err != nil || !strings.HasPrefix(got, "so-lieu.csv ") || !strings.HasSuffix(got, " 1") {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := ImportFile(filepath.Join(t.TempDir(), "khong-co.csv"), "", func(r io.Reader, name string) ([]tabular.Record, error) {
		return nil, nil
	}, func([]tabular.Record, string, string) (int, error) { return 0, nil }); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "khong-co.csv") {
		t.Errorf("missing file: %v", err)
	}
}
