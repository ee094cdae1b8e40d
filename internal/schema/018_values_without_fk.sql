-- aggregate_values without its foreign keys (unit_id to units, import_id
-- to imports). Both are checked by the one writer of the table before a
-- row is written, for a whole file at once: every unit comes from the
-- loaded units tree (aggregate.Check resolves each code), the import is
-- the row that writer inserted into imports in the same transaction, and
-- neither units nor imports are ever deleted. The database checked the
-- same keys again row by row (PostgreSQL 15 runs a query per key and row,
-- with a row lock on the referenced row): on the national file of 1.6
-- million values, 11 s of a 15 s insert on PostgreSQL (issue 13). Rebuilt
-- as step 12 did, since SQLite cannot drop a constraint.
CREATE TABLE aggregate_values_new (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT 'total' CHECK (basis IN ('total', 'own')),
	value {{real}} NOT NULL,
	import_id BIGINT,
	PRIMARY KEY (unit_id, period, indicator, basis)
){{without_rowid}};
INSERT INTO aggregate_values_new (unit_id, period, indicator, basis, value, import_id)
	SELECT unit_id, period, indicator, basis, value, import_id FROM aggregate_values;
DROP TABLE aggregate_values;
ALTER TABLE aggregate_values_new RENAME TO aggregate_values;
