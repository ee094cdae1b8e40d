-- What reports read of the counts from records (record_totals), kept by
-- rollup.ApplyRecords in the same transaction as record_totals, so that a
-- stock counted from records is one short range sum per unit at any date,
-- however long ago the last write was (docs/storage.md, Counts from
-- records). Derived data: both tables can be rebuilt from record_totals and
-- the units tree.

-- The change, in a month (YYYY-MM), of the records of a unit with children
-- and of everything below it: each delta of record_totals counts at its
-- unit (when it has children) and at every ancestor of its unit. Stocks are
-- taken at the end of a period, always the last day of a month, so a
-- month's sum is all a report needs of the days in it.
CREATE TABLE record_months (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	month TEXT NOT NULL,
	indicator TEXT NOT NULL,
	delta BIGINT NOT NULL,
	PRIMARY KEY (unit_id, month, indicator)
){{without_rowid}};

-- The change, in a calendar year, of the records of a unit (any unit) and
-- of everything below it: the value at a date is the sum of the years
-- before it and of the months (record_months) or, for a unit without
-- children, the days (record_totals) of its own year up to it.
CREATE TABLE record_years (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	indicator TEXT NOT NULL,
	delta BIGINT NOT NULL,
	PRIMARY KEY (unit_id, year, indicator)
){{without_rowid}};

-- rollup_values keeps, for the indicators counted from records
-- (org.grassroots, org.branches, org.boards, members.total), not a unit's
-- value but what the values imported below it add to its records: the sum,
-- over the first units with an imported value on each path down, of that
-- value minus their records. It has a row only where some unit below has
-- an imported value for the period. Before this migration there were no
-- records, and that sum was the whole value: the rows stay as they are.
