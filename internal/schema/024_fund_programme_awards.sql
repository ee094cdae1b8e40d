-- The awards paid under each programme in a period (fund.ProgrammeAwardsIn,
-- read by every report of a unit, a cluster or the nation): a partial index
-- of the entries that name a programme, by programme and day, holding what
-- the sums read, so that the nation's report reads the period's programme
-- payments alone instead of the whole ledger.
CREATE INDEX fund_entries_programme_day ON fund_entries (programme_id, day, unit_id, kind, reversed_kind, direction, amount)
	WHERE programme_id IS NOT NULL;
