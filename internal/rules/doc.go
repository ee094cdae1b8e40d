// Package rules holds no code: its tests check that every exported write
// operation of the areas (entry, aggregate, figures, auth, cluster,
// lineage, and the shared pieces under them: ingest, units, audit, rollup,
// report) is accounted for — an operation that takes the acting principal
// and is tested to refuse one outside its scope and to audit what it
// allows, or a building block that the web and the command line may not
// call, or a read — and that a new one cannot be added without saying
// which.
package rules
