-- The audit log: every change made by a person or a program, who made it,
-- when and through what (a page, the API, an import, the command line).
-- user_id names the signed-in user when there is one; it carries no foreign
-- key, since users are disabled rather than deleted and an entry must
-- outlive any change to the users table. actor keeps the e-mail (or "cli")
-- as it was at the time. Times are RFC 3339 text in UTC, so that text order
-- is time order.
CREATE TABLE audit_log (
	id {{id}},
	at TEXT NOT NULL,
	user_id BIGINT,
	actor TEXT NOT NULL,
	via TEXT NOT NULL CHECK (via IN ('page', 'api', 'import', 'cli')),
	action TEXT NOT NULL,
	unit_id BIGINT REFERENCES units(id),
	period TEXT NOT NULL DEFAULT '',
	indicator TEXT NOT NULL DEFAULT '',
	old_value {{real}},
	new_value {{real}},
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_unit ON audit_log (unit_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

-- Data entry with approval: one submission per unit and period, moving
-- draft -> submitted -> approved (locked) or returned (with a comment).
-- The values stay here as entered; approval copies them into
-- aggregate_values through the importer's writer.
CREATE TABLE submissions (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
	comment TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	submitted_at TEXT,
	approved_by TEXT,
	approved_at TEXT,
	PRIMARY KEY (unit_id, period)
);

CREATE TABLE submission_values (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	value {{real}} NOT NULL,
	PRIMARY KEY (unit_id, period, indicator),
	FOREIGN KEY (unit_id, period) REFERENCES submissions (unit_id, period)
);
