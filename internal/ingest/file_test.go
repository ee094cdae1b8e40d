package ingest

import (
	"crypto/sha256"
	"encoding/hex"
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
	data := []byte("a\n1\n")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	got, err := ImportFile(path, "", func(r_ io.Reader, name string) ([]tabular.Record, error) {
		return tabular.Read(r_, name, []string{"a"})
	}, func(rows []tabular.Record, source, sha string) (string, error) {
		return source + " " + sha + " " + rows[0].Fields[0], nil
	})
	if want := "so-lieu.csv " + hex.EncodeToString(sum[:]) + " 1"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	if _, err := ImportFile(filepath.Join(t.TempDir(), "khong-co.csv"), "", func(r io.Reader, name string) ([]tabular.Record, error) {
		return nil, nil
	}, func([]tabular.Record, string, string) (int, error) { return 0, nil }); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "khong-co.csv") {
		t.Errorf("missing file: %v", err)
	}
}
