-- Programme recipients and reconciliation (package fund, docs/fund.md).
--
-- name_key is the folded name, birth date and school (or workplace) of an
-- award's recipient, kept beside person_key (the CCCD when given): a
-- recipient listed once with a CCCD and once without is still the same
-- person. The awards of one programme may be paid by several units (the
-- programme's unit and units below it); the rule against a double award
-- looks at all of them.
ALTER TABLE fund_awards ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX fund_awards_programme_person ON fund_awards (programme_id, person_key);
CREATE INDEX fund_awards_programme_name ON fund_awards (programme_id, name_key);
CREATE INDEX fund_awards_entry ON fund_awards (entry_id);
