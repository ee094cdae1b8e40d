-- Narrower indexes of members, each holding only the rows it finds: a
-- CCCD is looked up only among the members who have one (and is unique
-- among them, as before: NULLs never clashed), the duplicate key of a name,
-- birth date and commune only among those who have none (a member with a
-- CCCD is found by it, never by name: docs/registry.md), and a phone number
-- only among those who gave one. The queries name the same condition, so
-- that both databases take these indexes. Half the members of a typical
-- list have no CCCD: each of the first two indexes is about half as large,
-- and an import builds or fills both in the time of one.
DROP INDEX members_cccd;
CREATE UNIQUE INDEX members_cccd ON members (cccd) WHERE cccd IS NOT NULL;
DROP INDEX members_dup;
CREATE INDEX members_dup ON members (dup_key) WHERE cccd IS NULL;
DROP INDEX members_phone;
CREATE INDEX members_phone ON members (phone) WHERE phone <> '';
