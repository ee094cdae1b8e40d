-- Cluster membership with its validity and its history, replacing
-- cluster_members (one row per year and province, overwritten by each
-- import). A row says that a province is in a cluster of a year from
-- valid_from to valid_to, both days included (ISO dates, YYYY-MM-DD, within
-- the year), so that a year in which the units changed (2025) can hold the
-- old provinces until 30/06 and the new from 01/07. Rows are never updated
-- but once: an import that replaces a membership closes the row by setting
-- ended_import_id and writes the new rows, so every earlier membership stays
-- readable together with the import (file, actor, time) that made and ended
-- it. The current membership is the rows with ended_import_id NULL; for one
-- province they never overlap. import_id is NULL for rows carried over from
-- cluster_members, whose import was not recorded per row.
CREATE TABLE cluster_memberships (
	id {{id}},
	year INTEGER NOT NULL,
	cluster_code TEXT NOT NULL,
	province_id BIGINT NOT NULL REFERENCES units(id),
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL,
	import_id BIGINT REFERENCES imports(id),
	ended_import_id BIGINT REFERENCES imports(id),
	FOREIGN KEY (year, cluster_code) REFERENCES clusters (year, code)
);
CREATE INDEX cluster_memberships_year ON cluster_memberships (year, cluster_code);
INSERT INTO cluster_memberships (year, cluster_code, province_id, valid_from, valid_to)
	SELECT year, cluster_code, province_id, CAST(year AS TEXT) || '-01-01', CAST(year AS TEXT) || '-12-31'
	FROM cluster_members ORDER BY year, cluster_code, province_id;
DROP TABLE cluster_members;

-- Times in one encoding (docs/storage.md): UTC RFC 3339 text to the
-- second, 2026-01-02T03:04:05Z, as every other table writes them. The auth
-- tables were written with microseconds (2026-01-02T03:04:05.000000Z);
-- cutting them to the second keeps text order equal to time order across
-- old and new rows. login_attempts is left as it is: its rows are purged
-- after a day, and readers accept both forms.
UPDATE users SET created_at = substr(created_at, 1, 19) || 'Z', updated_at = substr(updated_at, 1, 19) || 'Z';
UPDATE sessions SET created_at = substr(created_at, 1, 19) || 'Z', expires_at = substr(expires_at, 1, 19) || 'Z',
	last_seen_at = substr(last_seen_at, 1, 19) || 'Z';
UPDATE api_tokens SET created_at = substr(created_at, 1, 19) || 'Z', last_used_at = substr(last_used_at, 1, 19) || 'Z',
	revoked_at = substr(revoked_at, 1, 19) || 'Z';
