-- The history of the population shares of split communes: every change of
-- unit_lineage.share made by an import of a lineage file, with the share
-- before (NULL when it was unknown) and after, the population of the part
-- and of the whole old commune as the file gave them (so that the share can
-- be checked), the import that made it (imports.source names the file), who
-- and when. Times are RFC 3339 text in UTC.
CREATE TABLE lineage_share_history (
	id {{id}},
	old_id BIGINT NOT NULL,
	new_id BIGINT NOT NULL,
	old_share {{real}},
	new_share {{real}} NOT NULL,
	population BIGINT NOT NULL,
	population_total BIGINT NOT NULL,
	import_id BIGINT NOT NULL REFERENCES imports(id),
	actor TEXT NOT NULL,
	changed_at TEXT NOT NULL,
	FOREIGN KEY (old_id, new_id) REFERENCES unit_lineage (old_id, new_id)
);
CREATE INDEX lineage_share_history_link ON lineage_share_history (old_id, new_id, changed_at);
