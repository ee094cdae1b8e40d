// Package members holds the member registry's rules that need no database:
// the checks and normal forms of the fields a member record carries, and the
// keys the registry stores to search, sort and find duplicates.
//
// What is here (all pure functions; times come in as arguments):
//
//   - ParseCCCD checks a citizen identity number alone (12 digits, province of
//     birth registration, century and sex digit, year digits); CCCD.Check
//     checks it against a birth date and gender; MaskCCCD hides it for display.
//   - NormalizePhone turns a Vietnamese mobile or landline number into its
//     national form 0xxxxxxxxx; MaskPhone hides it for display.
//   - ParseBirthDate reads "dd/mm/yyyy", "d/m/yyyy" or a year "yyyy" and
//     refuses impossible and future dates; BirthDate.CheckAge applies the
//     minimum member age (DefaultMinAge, to be confirmed).
//   - ParseGender reads "Nam" / "Nữ".
//   - CleanName tidies a full name for storage; Fold folds it for search;
//     SortKey and GivenNameFirstKey give byte-sortable keys in Vietnamese
//     alphabetical order, family-name-first and given-name-first.
//   - DuplicateKey gives the key the import and the registry use to find the
//     same member twice (docs/contracts.md, section Members).
//
// Every refusal is an apperr.Invalid error whose message (texts in
// internal/vi/members.go) names the fault in Vietnamese; callers add the
// place (file, row, column) with apperr.At.
package members
