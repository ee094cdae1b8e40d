package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Digest returns the hex SHA-256 of everything r holds, read in small
// pieces so that a large file is never held in memory, and rewinds r to its
// start for the parser.
func Digest(r io.ReadSeeker) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ImportFile opens the file at path, digests it, parses it with parse and
// hands the rows to run with the name and digest the import records: the
// one way every importer reads its file (ReadFile, for an importer that
// checks the rows as they are read instead of holding them). source, when
// not empty, overrides the recorded name (else the file name without its
// folder). The file is streamed, never read whole into memory: parse gets
// the open file, which the tabular reader reads in place. An unreadable
// file is a user error naming it.
func ImportFile[R, Res any](path, source string, parse func(io.Reader, string) ([]R, error),
	run func(rows []R, source, sha256 string) (Res, error)) (Res, error) {
	return ReadFile(path, source, func(f io.Reader, source, sum string) (Res, error) {
		var zero Res
		rows, err := parse(f, source)
		if err != nil {
			return zero, err
		}
		return run(rows, source, sum)
	})
}

// ReadFile opens the file at path, digests it and hands run the open file,
// rewound, with the name and digest the import records, as ImportFile does:
// run reads the file itself, keeping what it needs of each row.
func ReadFile[Res any](path, source string, run func(f io.Reader, source, sha256 string) (Res, error)) (Res, error) {
	var zero Res
	unreadable := func(err error) error {
		return apperr.At(fmt.Sprintf(vi.WhereFile, path), apperr.New(apperr.Invalid, vi.ErrFileRead, err))
	}
	f, err := os.Open(path)
	if err != nil {
		return zero, unreadable(err)
	}
	defer f.Close()
	if source == "" {
		source = filepath.Base(path)
	}
	sum, err := Digest(f)
	if err != nil {
		return zero, unreadable(err)
	}
	return run(f, source, sum)
}
