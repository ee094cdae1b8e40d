-- Every change of records (a fund receipt, a self-assessment, a member
-- joining) adds to the month and year rows of its unit's ancestors
-- (record_months, record_years): the province's and the nation's rows,
-- which every writer of the province or of the nation adds to. A row added
-- to stays locked until the writer's commit has reached the disk, so on
-- PostgreSQL those writers committed one after the other however they
-- locked the figures (docs/concurrency.md). The sums are now kept in
-- shards: a writer adds to the rows of one shard, chosen at random
-- (rollup.ApplyRecords; always 0 on SQLite, whose writers take turns
-- anyway), and readers sum a unit's shards. The rows written before are
-- shard 0.
CREATE TABLE record_months_sharded (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	month TEXT NOT NULL,
	indicator TEXT NOT NULL,
	shard INTEGER NOT NULL,
	delta BIGINT NOT NULL,
	PRIMARY KEY (unit_id, month, indicator, shard)
){{without_rowid}};
INSERT INTO record_months_sharded (unit_id, month, indicator, shard, delta)
	SELECT unit_id, month, indicator, 0, delta FROM record_months;
DROP TABLE record_months;
ALTER TABLE record_months_sharded RENAME TO record_months;

CREATE TABLE record_years_sharded (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	indicator TEXT NOT NULL,
	shard INTEGER NOT NULL,
	delta BIGINT NOT NULL,
	PRIMARY KEY (unit_id, year, indicator, shard)
){{without_rowid}};
INSERT INTO record_years_sharded (unit_id, year, indicator, shard, delta)
	SELECT unit_id, year, indicator, 0, delta FROM record_years;
DROP TABLE record_years;
ALTER TABLE record_years_sharded RENAME TO record_years;
