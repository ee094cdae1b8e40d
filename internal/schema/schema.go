// Package schema lists the migrations of khuyenhoc in order: the SQL files
// beside it and the Go steps that load embedded reference data.
package schema

import (
	"context"
	_ "embed"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/models/inforce"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

//go:embed 001_core.sql
var coreSQL string

//go:embed 002_auth.sql
var authSQL string

//go:embed 003_entry.sql
var entrySQL string

//go:embed 005_lineage_shares.sql
var lineageSharesSQL string

//go:embed 006_cluster_history.sql
var clusterHistorySQL string

//go:embed 007_login_throttle.sql
var loginThrottleSQL string

//go:embed 008_history_first_write.sql
var historyFirstWriteSQL string

//go:embed 009_registry.sql
var registrySQL string

//go:embed 010_record_sums.sql
var recordSumsSQL string

//go:embed 011_report_texts.sql
var reportTextsSQL string

//go:embed 012_basis.sql
var basisSQL string

//go:embed 013_fund.sql
var fundSQL string

//go:embed 014_models.sql
var modelsSQL string

//go:embed 015_explanations.sql
var explanationsSQL string

//go:embed 016_fund_awards.sql
var fundAwardsSQL string

//go:embed 017_model_targets.sql
var modelTargetsSQL string

//go:embed 018_values_without_fk.sql
var valuesWithoutFKSQL string

//go:embed 020_submissions_waiting.sql
var submissionsWaitingSQL string

//go:embed 021_record_shards.sql
var recordShardsSQL string

//go:embed 024_fund_programme_awards.sql
var fundProgrammeAwardsSQL string

//go:embed 025_registry_keys.sql
var registryKeysSQL string

// Steps is the ordered list of migrations. Append; never edit a step that
// has shipped.
func Steps() []store.Step {
	return []store.Step{
		{Version: 1, Name: "core tables", SQL: coreSQL},
		{Version: 2, Name: "administrative units 2025", Run: units.Seed},
		{Version: 3, Name: "users and sessions", SQL: authSQL},
		{Version: 4, Name: "audit log and data entry", SQL: entrySQL},
		{Version: 5, Name: "history of lineage shares", SQL: lineageSharesSQL},
		{Version: 6, Name: "cluster membership with validity and history; auth times to the second", SQL: clusterHistorySQL},
		{Version: 7, Name: "sign-in throttling per e-mail and address", SQL: loginThrottleSQL},
		{Version: 8, Name: "history keeps replacements, each with the import of the value it replaced", SQL: historyFirstWriteSQL},
		{Version: 9, Name: "association registry: units below the province, members, counts from records", SQL: registrySQL},
		{Version: 10, Name: "monthly and yearly sums of the counts from records", SQL: recordSumsSQL},
		{Version: 11, Name: "the texts officers write in reports, with their history; letterheads", SQL: reportTextsSQL},
		{Version: 12, Name: "own figures beside totals: the basis of stored values, drafts and history", SQL: basisSQL},
		{Version: 13, Name: "the study-promotion fund: ledger, numbering, programmes and awards, closed periods, counted balances", SQL: fundSQL},
		{Version: 14, Name: "learning titles: criteria sets, registrations, evaluations, recognitions", SQL: modelsSQL},
		{Version: 15, Name: "explanations of the warnings of a data-entry form; the number of warnings of a submission", SQL: explanationsSQL},
		{Version: 16, Name: "the fund's programme recipients: the folded name key beside the CCCD; indexes for the double-award rule", SQL: fundAwardsSQL},
		{Version: 17, Name: "targets of the learning titles; titles in force counted from the recognitions already stored", SQL: modelTargetsSQL, Run: inforce.Count},
		{Version: 18, Name: "stored values without foreign keys, checked by their writer for a whole file at once", SQL: valuesWithoutFKSQL},
		{Version: 20, Name: "a partial index of the forms waiting for approval", SQL: submissionsWaitingSQL},
		{Version: 21, Name: "the monthly and yearly sums of the counts from records in shards, which writers add to side by side", SQL: recordShardsSQL},
		{Version: 24, Name: "a partial index of the fund's entries naming a programme, by programme and day", SQL: fundProgrammeAwardsSQL},
		{Version: 25, Name: "members: partial indexes of CCCD, duplicate key and phone; on PostgreSQL these in bytes order, and without the foreign keys their writer checks",
			SQL: registryKeysSQL, Run: registryKeysPostgres},
	}
}

// Migrate brings db up to date.
func Migrate(ctx context.Context, db *store.DB, now time.Time) error {
	return db.Migrate(ctx, Steps(), now)
}
