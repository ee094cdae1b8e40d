package tabular

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// File is a file read for an import: its bytes, the name it is recorded
// under (the file name without its folder, unless the caller names it) and
// the digest of its bytes, kept with the import.
type File struct {
	Data   []byte
	Source string
	SHA256 string
}

// ReadFile reads the file at path for an import; source, when not empty,
// overrides the recorded name. An unreadable file is a user error naming it.
func ReadFile(path, source string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, apperr.At(fmt.Sprintf(vi.WhereFile, path), apperr.New(apperr.Invalid, vi.ErrFileRead, err))
	}
	if source == "" {
		source = filepath.Base(path)
	}
	sum := sha256.Sum256(data)
	return File{Data: data, Source: source, SHA256: hex.EncodeToString(sum[:])}, nil
}

// ImportFile reads the file at path, parses it with parse and hands the rows
// to run with the name and digest the import records: the one way every
// importer reads its file.
func ImportFile[R, Res any](path, source string, parse func(io.Reader, string) ([]R, error),
	run func(rows []R, source, sha256 string) (Res, error)) (Res, error) {
	var zero Res
	f, err := ReadFile(path, source)
	if err != nil {
		return zero, err
	}
	rows, err := parse(bytes.NewReader(f.Data), f.Source)
	if err != nil {
		return zero, err
	}
	return run(rows, f.Source, f.SHA256)
}
