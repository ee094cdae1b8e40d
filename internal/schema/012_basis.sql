-- Own figures and all levels (docs/contracts.md): a stored figure is either
-- the total of a unit and everything below it ('total', as every figure
-- was before this step) or the association's own at that level ('own': the
-- province association's own fund, own partners), which a report adds to
-- the sum of the children. A unit may hold both for the same indicator and
-- period, so the basis joins the key of the stored values and of the
-- drafts of the data-entry form, and the history says which one changed.
-- The tables are rebuilt to change their primary key (SQLite cannot alter
-- one); every existing row is a total.
CREATE TABLE aggregate_values_basis (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT 'total' CHECK (basis IN ('total', 'own')),
	value {{real}} NOT NULL,
	import_id BIGINT REFERENCES imports(id),
	PRIMARY KEY (unit_id, period, indicator, basis)
){{without_rowid}};
INSERT INTO aggregate_values_basis (unit_id, period, indicator, basis, value, import_id)
	SELECT unit_id, period, indicator, 'total', value, import_id FROM aggregate_values;
DROP TABLE aggregate_values;
ALTER TABLE aggregate_values_basis RENAME TO aggregate_values;

ALTER TABLE aggregate_history ADD COLUMN basis TEXT NOT NULL DEFAULT 'total' CHECK (basis IN ('total', 'own'));

CREATE TABLE submission_values_basis (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT 'total' CHECK (basis IN ('total', 'own')),
	value {{real}} NOT NULL,
	PRIMARY KEY (unit_id, period, indicator, basis),
	FOREIGN KEY (unit_id, period) REFERENCES submissions (unit_id, period)
);
INSERT INTO submission_values_basis (unit_id, period, indicator, basis, value)
	SELECT unit_id, period, indicator, 'total', value FROM submission_values;
DROP TABLE submission_values;
ALTER TABLE submission_values_basis RENAME TO submission_values;
