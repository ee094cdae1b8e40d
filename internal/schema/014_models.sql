-- The learning titles (package models): criteria sets, and the yearly cycle
-- of registration, evaluation, verification and recognition.
--
-- A criteria set is kept as the JSON file it was loaded from (body), one
-- row per version; a version that has evaluations is never changed: a
-- changed file loads as the next version. The embedded default sets are
-- stored the first time something is evaluated under them.
CREATE TABLE criteria_sets (
	set_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	title TEXT NOT NULL,
	target_group TEXT NOT NULL DEFAULT '',
	valid_from INTEGER NOT NULL,
	valid_to INTEGER NOT NULL DEFAULT 0,
	body TEXT NOT NULL,
	loaded_by TEXT NOT NULL,
	loaded_at TEXT NOT NULL,
	PRIMARY KEY (set_id, version)
);

-- Who recognises a set's title in a province, where it is not the set's
-- own level (district-level recognitions lost their body on 1 July 2025).
CREATE TABLE model_bodies (
	set_id TEXT NOT NULL,
	province_id BIGINT NOT NULL REFERENCES units(id),
	level TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (set_id, province_id)
);

-- A registration for a title in an evaluation year: a household (with its
-- members, one name a line), a clan, a hamlet or residential group, the
-- commune itself, an agency/school/enterprise (with its number of people)
-- or a citizen (CCCD, target group; parent_id the household or unit they
-- belong to). unit_id is the commune, the scope of every check. dup_key
-- refuses the same subject twice in a year: the CCCD of a citizen, the
-- folded name of the others. status: registered, evaluated, verified,
-- recognised, refused, revoked.
CREATE TABLE model_registrations (
	id {{id}},
	title TEXT NOT NULL,
	target_group TEXT NOT NULL DEFAULT '',
	year INTEGER NOT NULL,
	unit_id BIGINT NOT NULL REFERENCES units(id),
	branch_id BIGINT REFERENCES orgs(id),
	name TEXT NOT NULL,
	dup_key TEXT NOT NULL,
	cccd TEXT,
	people INTEGER NOT NULL DEFAULT 0,
	members TEXT NOT NULL DEFAULT '',
	parent_id BIGINT REFERENCES model_registrations(id),
	source TEXT NOT NULL DEFAULT 'office',
	registered_on TEXT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX model_registrations_dup ON model_registrations (title, year, unit_id, dup_key);
CREATE INDEX model_registrations_unit ON model_registrations (unit_id, year, title);
CREATE INDEX model_registrations_parent ON model_registrations (parent_id);

-- Every evaluation of a registration (the last one counts): the set and
-- version it was scored under, the answers (JSON: code, value, evidence),
-- the total, whether it passed and the level reached; verified_* when the
-- branch confirmed it.
CREATE TABLE model_evaluations (
	id {{id}},
	registration_id BIGINT NOT NULL REFERENCES model_registrations(id),
	set_id TEXT NOT NULL,
	set_version INTEGER NOT NULL,
	answers TEXT NOT NULL,
	total {{real}} NOT NULL,
	passed INTEGER NOT NULL,
	level INTEGER NOT NULL DEFAULT 0,
	evaluated_by TEXT NOT NULL,
	evaluated_at TEXT NOT NULL,
	verified_by TEXT NOT NULL DEFAULT '',
	verified_at TEXT NOT NULL DEFAULT '',
	FOREIGN KEY (set_id, set_version) REFERENCES criteria_sets (set_id, version)
);
CREATE INDEX model_evaluations_registration ON model_evaluations (registration_id);
CREATE INDEX model_evaluations_set ON model_evaluations (set_id, set_version);

-- A recognition: the decision (number, date, body), the level where the set
-- has levels, the last year it is valid, the short code a certificate
-- carries. A revoked recognition keeps its row (revoked_on, reason).
CREATE TABLE model_recognitions (
	id {{id}},
	registration_id BIGINT NOT NULL REFERENCES model_registrations(id),
	decision_number TEXT NOT NULL,
	decision_date TEXT NOT NULL,
	body TEXT NOT NULL,
	level INTEGER NOT NULL DEFAULT 0,
	valid_until INTEGER NOT NULL,
	code TEXT NOT NULL,
	recognised_by TEXT NOT NULL,
	recognised_at TEXT NOT NULL,
	revoked_on TEXT,
	revoke_reason TEXT NOT NULL DEFAULT '',
	revoked_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX model_recognitions_code ON model_recognitions (code);
CREATE UNIQUE INDEX model_recognitions_live ON model_recognitions (registration_id) WHERE revoked_on IS NULL;
