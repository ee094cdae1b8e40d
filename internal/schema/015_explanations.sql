-- Plausibility checks (internal/checks, docs/contracts.md "Plausibility
-- checks"): the officer's explanation of each warning of a unit's form for
-- a period, written before submitting and read by the approver. One row
-- per warning, by its key (change:members.total), which stays the same
-- while the figures change; message is the warning as it read when last
-- explained or submitted. Rows stay when the figures no longer warn (the
-- form shows only the explanations of its current warnings), and every
-- change is in the audit log with its text, so that the history of what
-- was explained is kept.
CREATE TABLE submission_explanations (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	warning TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	explanation TEXT NOT NULL,
	written_by TEXT NOT NULL,
	written_at TEXT NOT NULL,
	PRIMARY KEY (unit_id, period, warning),
	FOREIGN KEY (unit_id, period) REFERENCES submissions (unit_id, period)
);

-- How many warnings the figures had when they were submitted (each then
-- explained), for the approvals queue.
ALTER TABLE submissions ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
