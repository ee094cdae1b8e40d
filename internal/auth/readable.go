package auth

import "github.com/khuyenhoc/khuyenhoc/internal/store"

// Read queries of the areas filter by the caller's scope in SQL, so that no
// caller can forget the filter and no row outside the scope leaves the
// database. The units have no path column; a scope is a few subtrees of
// the units tree (Scope.Roots: at most 15 for any province or commune of
// the published units), which a recursive query walks down parent_id.

// RootsPerQuery bounds how many root ids one query carries: far below the
// parameter limit of either dialect (store.Dialect.MaxParams), with room
// for the query's own parameters. A scope with more roots is read in
// batches, which the subtrees being disjoint makes exact. It is a variable
// only so that the areas' tests can read in batches of one; nothing else
// sets it.
var RootsPerQuery = 500

// ReadsAll reports whether p reads every unit (the local administrator, a
// nationwide user): a query for them needs no scope condition, which would
// only make the database walk every unit.
func (p Principal) ReadsAll() bool { return p.local || (p.scope != nil && p.scope.all) }

// ReadableSQL calls fn with the head of a read query that defines the
// table readable(id) as the units p reads, and its arguments, which come
// before the query's own: "WITH RECURSIVE readable(id) AS (…) ". The query
// keeps its rows with "… IN (SELECT id FROM readable)". fn is called once
// for the local administrator and a nationwide user (every unit), not at
// all for a principal who reads nothing, and once per batch of roots
// otherwise; the batches name disjoint sets of units, so a caller that
// needs one order merges and sorts what the calls returned.
func (p Principal) ReadableSQL(fn func(with string, args []any) error) error {
	if p.ReadsAll() {
		return fn("WITH readable(id) AS (SELECT id FROM units) ", nil)
	}
	if p.scope == nil {
		return nil
	}
	roots := p.scope.Roots()
	for start := 0; start < len(roots); start += RootsPerQuery {
		batch := roots[start:min(start+RootsPerQuery, len(roots))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		with := "WITH RECURSIVE readable(id) AS (SELECT id FROM units WHERE id IN (" +
			store.Placeholders(len(batch)) +
			") UNION ALL SELECT u.id FROM units u JOIN readable r ON u.parent_id = r.id) "
		if err := fn(with, args); err != nil {
			return err
		}
	}
	return nil
}

// Approves reports whether p may approve anything at all: the local
// administrator, or an officer or admin who is not disabled. Which forms
// they approve is Principal.CanApprove's (the unit's parent is readable).
func (p Principal) Approves() bool {
	return p.local || (p.scope != nil && p.scope.writer())
}
