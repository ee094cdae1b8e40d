-- Targets of the learning titles (package models): by the end of a year,
-- a share (percent) that a ratio indicator of the catalogue should reach
-- (models.family.rate, models.citizen.officials.rate, …). unit_id is the
-- nation (national targets, replacing the embedded defaults of programmes
-- 387/QĐ-TTg and 677/QĐ-TTg) or a province (its own targets, which its
-- communes' reports use).
CREATE TABLE model_targets (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	indicator TEXT NOT NULL,
	year INTEGER NOT NULL,
	percent {{real}} NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (unit_id, indicator, year)
);

-- The public self-assessment page finds a citizen's registration of the
-- year by CCCD in any commune (one per CCCD and year): without this index
-- that lookup read every registration of the title and year.
CREATE INDEX model_registrations_key ON model_registrations (title, year, dup_key);
