-- Administrative units with their validity: a code names a unit only
-- together with a date. Dates are ISO text (YYYY-MM-DD) in both dialects.
CREATE TABLE units (
	id {{id}},
	level TEXT NOT NULL,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	parent_id BIGINT REFERENCES units(id),
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL,
	search_name TEXT NOT NULL
);
CREATE INDEX units_level_code ON units (level, code);
CREATE INDEX units_parent ON units (parent_id);

-- Lineage across a reorganisation: old unit -> new unit, all of it (full)
-- or a share of it (partial). share is the known fraction of the old unit
-- (by population) that went into the new one, NULL when not known.
CREATE TABLE unit_lineage (
	old_id BIGINT NOT NULL REFERENCES units(id),
	new_id BIGINT NOT NULL REFERENCES units(id),
	kind TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
	share {{real}},
	effective TEXT NOT NULL,
	PRIMARY KEY (old_id, new_id)
);
CREATE INDEX unit_lineage_new ON unit_lineage (new_id);

-- Emulation clusters, fixed per year; a province is in one cluster a year.
CREATE TABLE clusters (
	year INTEGER NOT NULL,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (year, code)
);
CREATE TABLE cluster_members (
	year INTEGER NOT NULL,
	cluster_code TEXT NOT NULL,
	province_id BIGINT NOT NULL REFERENCES units(id),
	PRIMARY KEY (year, province_id),
	FOREIGN KEY (year, cluster_code) REFERENCES clusters (year, code)
);

-- Every import run, so that each stored value says where it came from.
CREATE TABLE imports (
	id {{id}},
	kind TEXT NOT NULL,
	source TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	actor TEXT NOT NULL,
	rows_total INTEGER NOT NULL,
	rows_changed INTEGER NOT NULL,
	imported_at TEXT NOT NULL
);

-- Totals reported for a unit and period (imported or entered). When and
-- by whom a value was written is its import's (imports.imported_at). Read
-- by unit and year through the primary key; on SQLite the table is the key's
-- own B-tree (WITHOUT ROWID), which halves the cost of a large import.
CREATE TABLE aggregate_values (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	value {{real}} NOT NULL,
	import_id BIGINT REFERENCES imports(id),
	PRIMARY KEY (unit_id, period, indicator)
){{without_rowid}};

-- Every change to aggregate_values: nothing is overwritten without a trace.
CREATE TABLE aggregate_history (
	id {{id}},
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	old_value {{real}},
	new_value {{real}},
	import_id BIGINT REFERENCES imports(id),
	actor TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
CREATE INDEX aggregate_history_key ON aggregate_history (unit_id, period, indicator);

-- Rolled-up values of units that have children, kept up to date on every
-- write so that a report reads a few hundred rows, not the whole country.
-- Derived data: it can be rebuilt from aggregate_values at any time.
CREATE TABLE rollup_values (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	value {{real}} NOT NULL,
	PRIMARY KEY (unit_id, period, indicator)
){{without_rowid}};

-- Version counters of slowly changing data that processes cache (the units
-- tree): a writer bumps the counter in the same transaction as its change.
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
