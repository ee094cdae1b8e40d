// Package registry is the association registry: the association's own units
// below the province (grassroots associations, branches, sub-branches,
// boards) and its members, kept as dated records from which the structure
// and member figures of every report are counted (org.grassroots,
// org.branches, org.boards, members.total).
//
// It is an area in the sense of docs/contracts.md: every exported function
// that writes takes the acting auth.Principal, checks its scope against the
// commune the record belongs to, writes the change, its history and its
// audit entry in one transaction, and keeps the counts (rollup.ApplyRecords)
// in the same transaction. Every read filters by the principal's scope in
// SQL, so that no page, API call or export can return a member outside it.
//
// Records are never deleted: a member who leaves keeps their record with
// the day and reason; an association unit is dissolved on a day; the
// admin-only erasure clears a member's personal fields (and scrubs them from
// the history) but keeps the record, so past counts do not change.
//
// Days follow docs/storage.md: ISO dates, and a span's end is its last day.
// A member counts from joined_on up to the day before left_on; an
// association unit from founded_on up to the day before dissolved_on, in
// the commune where its grassroots association sits on that day (org_places).
package registry
