-- The association registry: the association's own units below the province
-- and its members, kept as records from which the structure and member
-- figures of every report are counted (docs/registry.md).
--
-- Days are ISO dates (YYYY-MM-DD). A span runs from valid_from to valid_to,
-- both included; valid_to NULL means it has not ended. dissolved_on and
-- left_on are the first day the unit or the member no longer counts.

-- Association units: grassroots associations (one per commune or ward, and
-- some in agencies and schools), branches (by hamlet or residential group,
-- school, agency, enterprise), sub-branches and boards (in agencies,
-- enterprises, schools, clans). A branch or a board belongs to a grassroots
-- association, a sub-branch to a branch (parent_org_id); a grassroots
-- association has no parent and sits in a commune (org_places).
CREATE TABLE orgs (
	id {{id}},
	kind TEXT NOT NULL CHECK (kind IN ('grassroots', 'branch', 'subbranch', 'board')),
	name TEXT NOT NULL,
	parent_org_id BIGINT REFERENCES orgs(id),
	place_kind TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	founded_on TEXT NOT NULL,
	dissolved_on TEXT,
	search_name TEXT{{bytes_order}} NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_org_id);

-- Where a grassroots association is: the commune (units.id) over a span of
-- days. Moving it (the 2025 reform) ends one span and starts the next, so
-- that counts before and after the move are both right.
CREATE TABLE org_places (
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	unit_id BIGINT NOT NULL REFERENCES units(id),
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (org_id, valid_from)
);
CREATE INDEX org_places_unit ON org_places (unit_id);

-- Members. Personal fields (cccd, phone, birth_date, address) are cleared by
-- an erasure (erased_at), which keeps the record and so the counts.
-- search_name is the folded full name (no diacritics, lower case);
-- sort_key and given_key order lists in Vietnamese alphabetical order,
-- family name first and given name first; dup_key finds the same person
-- twice where there is no CCCD; search_given is the folded name given name
-- first ("an nguyen van"), so that a search finds a member by either end of
-- the name with a prefix range on an index. commune_id is the commune of the member's
-- current branch, kept for scoped lists and searches.
CREATE TABLE members (
	id {{id}},
	full_name TEXT NOT NULL,
	search_name TEXT{{bytes_order}} NOT NULL,
	search_given TEXT{{bytes_order}} NOT NULL,
	sort_key TEXT{{bytes_order}} NOT NULL,
	given_key TEXT{{bytes_order}} NOT NULL,
	gender TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL DEFAULT '',
	cccd TEXT,
	phone TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	branch_id BIGINT NOT NULL REFERENCES orgs(id),
	commune_id BIGINT NOT NULL REFERENCES units(id),
	joined_on TEXT NOT NULL,
	left_on TEXT,
	left_reason TEXT NOT NULL DEFAULT '',
	card_no TEXT NOT NULL DEFAULT '',
	dup_key TEXT NOT NULL DEFAULT '',
	consent TEXT NOT NULL DEFAULT '',
	erased_at TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	import_id BIGINT REFERENCES imports(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX members_cccd ON members (cccd);
CREATE INDEX members_commune_sort ON members (commune_id, sort_key);
CREATE INDEX members_search ON members (search_name);
CREATE INDEX members_search_given ON members (search_given);
CREATE INDEX members_dup ON members (dup_key);
CREATE INDEX members_phone ON members (phone);

-- The branches a member has belonged to: a transfer ends one span and
-- starts another.
CREATE TABLE member_spans (
	member_id BIGINT NOT NULL REFERENCES members(id),
	branch_id BIGINT NOT NULL REFERENCES orgs(id),
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (member_id, valid_from)
);
CREATE INDEX member_spans_branch ON member_spans (branch_id);

-- Every change of a member or an association unit: the fields as they were
-- (old_fields, JSON; empty for a creation) and as they became (new_fields),
-- who and when.
CREATE TABLE registry_history (
	id {{id}},
	record TEXT NOT NULL CHECK (record IN ('member', 'org')),
	record_id BIGINT NOT NULL,
	version INTEGER NOT NULL,
	action TEXT NOT NULL,
	old_fields TEXT NOT NULL,
	new_fields TEXT NOT NULL,
	actor TEXT NOT NULL,
	import_id BIGINT REFERENCES imports(id),
	changed_at TEXT NOT NULL
);
CREATE INDEX registry_history_record ON registry_history (record, record_id);

-- Counts from the records as dated changes: on day, the indicator's value of
-- the unit's records moves by delta. The value at a date is the sum of the
-- rows up to it. Written only through rollup.ApplyRecords (which also keeps
-- what reports read fast); derived data: it can be rebuilt from orgs,
-- org_places, members and member_spans.
CREATE TABLE record_totals (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	indicator TEXT NOT NULL,
	day TEXT NOT NULL,
	delta BIGINT NOT NULL,
	PRIMARY KEY (unit_id, indicator, day)
){{without_rowid}};
