-- The forms waiting for approval (entry.AwaitingApproval, on every
-- approver's dashboard) are found by their status: a partial index holds
-- only the submitted ones, a handful against every unit's drafts and
-- approved forms of every period.
CREATE INDEX submissions_submitted ON submissions (unit_id, period) WHERE status = 'submitted';
