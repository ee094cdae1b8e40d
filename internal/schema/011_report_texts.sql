-- The parts of a report that are not figures, which the association's
-- officers write (package reporttext): for a unit (the nation is a unit
-- too) or an emulation cluster, and a document period (a year, or the first
-- half of one), the text of each section (report.TextKeys) and the
-- officer's own sentence after a figure (section "after:" followed by the
-- indicator's code). A text belongs to a unit (unit_id, cluster empty) or
-- to a cluster (cluster holds its code, unit_id NULL); the cluster's year
-- is the period's.
--
-- Nothing is overwritten unseen: every save names the version the person
-- saw, raises version by one and writes a row of report_text_history, so
-- that every text ever saved is kept. Times are UTC, RFC 3339 to the second.
CREATE TABLE report_texts (
	unit_id BIGINT REFERENCES units(id),
	cluster TEXT NOT NULL DEFAULT '',
	period TEXT NOT NULL,
	section TEXT NOT NULL,
	body TEXT NOT NULL,
	version INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((unit_id IS NULL) = (cluster <> ''))
);
CREATE UNIQUE INDEX report_texts_unit ON report_texts (unit_id, period, section) WHERE unit_id IS NOT NULL;
CREATE UNIQUE INDEX report_texts_cluster ON report_texts (cluster, period, section) WHERE unit_id IS NULL;

-- Every save of a text: the text as it became at that version, who, when.
CREATE TABLE report_text_history (
	id {{id}},
	unit_id BIGINT REFERENCES units(id),
	cluster TEXT NOT NULL DEFAULT '',
	period TEXT NOT NULL,
	section TEXT NOT NULL,
	version INTEGER NOT NULL,
	body TEXT NOT NULL,
	actor TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
CREATE INDEX report_text_history_text ON report_text_history (unit_id, cluster, period, section);

-- The letterhead of a unit's or a cluster's document for a period (the
-- fields of report.Letterhead): the issuing association and its superior,
-- the document number, the place, the recipients (one per line), the
-- on-behalf line, the signer's title and name. An empty field takes the
-- default the document computes. A period without a letterhead of its own
-- takes the last one of the same unit or cluster set for a period that
-- ended before it (period_end, the period's last day, orders them), except
-- the number, which is the document's own.
CREATE TABLE report_letterheads (
	unit_id BIGINT REFERENCES units(id),
	cluster TEXT NOT NULL DEFAULT '',
	period TEXT NOT NULL,
	period_end TEXT NOT NULL,
	superior TEXT NOT NULL,
	issuer TEXT NOT NULL,
	doc_number TEXT NOT NULL,
	place TEXT NOT NULL,
	recipients TEXT NOT NULL,
	on_behalf TEXT NOT NULL,
	signer_title TEXT NOT NULL,
	signer_name TEXT NOT NULL,
	version INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((unit_id IS NULL) = (cluster <> ''))
);
CREATE UNIQUE INDEX report_letterheads_unit ON report_letterheads (unit_id, period) WHERE unit_id IS NOT NULL;
CREATE UNIQUE INDEX report_letterheads_cluster ON report_letterheads (cluster, period) WHERE unit_id IS NULL;

-- Every save of a letterhead: its fields as they became (JSON), who, when.
CREATE TABLE report_letterhead_history (
	id {{id}},
	unit_id BIGINT REFERENCES units(id),
	cluster TEXT NOT NULL DEFAULT '',
	period TEXT NOT NULL,
	version INTEGER NOT NULL,
	fields TEXT NOT NULL,
	actor TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
CREATE INDEX report_letterhead_history_scope ON report_letterhead_history (unit_id, cluster, period);
