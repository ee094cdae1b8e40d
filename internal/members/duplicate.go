package members

import (
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// DuplicateKey is the key under which two member records are the same
// person (docs/contracts.md, section Members): with a CCCD, the CCCD
// ("cccd:066185012345"); without one, the folded name, the birth date and
// the commune code ("name:nguyen van an|1987-03-12|00004"), so names that
// differ only by diacritics, case or spacing meet. The commune code is
// padded as units.PadCode does, so "4" and "00004" meet too. Callers keep
// the key in a map (within a file) and in an indexed column (against the
// registry); cccd must be ParseCCCD's Number and born ParseBirthDate's
// result.
//
// Consequences to know: a year-only birth date and a full one never meet
// (1987 and 12/03/1987 are different keys), and two members without CCCD
// nor birth date with the same name in the same commune do meet; the import
// then asks the person to skip or update, which is what makes re-importing
// the same file change nothing.
func DuplicateKey(cccd, fullName string, born BirthDate, commune string) string {
	return DuplicateKeyFolded(cccd, Fold(fullName), born, commune)
}

// DuplicateKeyFolded is DuplicateKey for a caller that has folded the name
// already (an import folds it once for the search key too).
func DuplicateKeyFolded(cccd, folded string, born BirthDate, commune string) string {
	if cccd != "" {
		return "cccd:" + cccd
	}
	return "name:" + folded + "|" + born.ISO() + "|" + units.PadCode(units.Commune, commune)
}
