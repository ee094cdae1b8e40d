-- The study-promotion fund (package fund, docs/fund.md): a ledger per
-- association unit whose entries are never edited or deleted (a correction
-- is a reversing entry), numbered per unit, series and year without gaps,
-- with the programmes that pay awards from it, the periods a unit closed,
-- and the cash or bank balances counted against it.
--
-- Days are ISO dates (YYYY-MM-DD); times RFC 3339 in UTC. Amounts are whole
-- đồng.

-- Scholarship and prize programmes of a unit and year. budget 0 means none
-- set. approved_at is set once the programme's recipients are approved.
CREATE TABLE fund_programmes (
	id {{id}},
	unit_id BIGINT NOT NULL REFERENCES units(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	year INTEGER NOT NULL,
	budget BIGINT NOT NULL DEFAULT 0 CHECK (budget >= 0),
	eligibility TEXT NOT NULL DEFAULT '',
	award_kinds TEXT NOT NULL DEFAULT '',
	approved_by TEXT,
	approved_at TEXT,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, year, code)
);

-- The ledger. kind is receipt, payment, transfer (one side of a transfer
-- between units; pair_id names the other side) or reversal (reverses_id
-- names the entry it reverses, reversed_kind that entry's kind).
-- direction is +1 for what comes into the unit's fund, -1 for what goes
-- out: the balance at a day is the sum of direction * amount of the
-- entries up to that day. series is PT (phiếu thu: direction +1), PC
-- (phiếu chi: direction -1) or DC (a reversing entry), numbered by seq
-- within (unit, series, year). means is cash, transfer (a bank transfer),
-- in_kind (items, listed, at their declared value) or works (a building
-- given: a school room, a library). party is the donor or the recipient;
-- party_kind a donor's kind (person, clan, enterprise, organisation,
-- hometown); purpose a payment's (scholarship, prize, teacher_support,
-- books_bicycles, other). overdraft is 1 when an authorised user let the
-- entry take the balance below zero, with reason. key is the idempotency
-- key of the request or the import row.
CREATE TABLE fund_entries (
	id {{id}},
	unit_id BIGINT NOT NULL REFERENCES units(id),
	series TEXT NOT NULL CHECK (series IN ('PT', 'PC', 'DC')),
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	kind TEXT NOT NULL CHECK (kind IN ('receipt', 'payment', 'transfer', 'reversal')),
	reversed_kind TEXT NOT NULL DEFAULT '',
	direction INTEGER NOT NULL CHECK (direction IN (1, -1)),
	amount BIGINT NOT NULL CHECK (amount > 0),
	day TEXT NOT NULL,
	party TEXT NOT NULL DEFAULT '',
	party_kind TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	means TEXT NOT NULL CHECK (means IN ('cash', 'transfer', 'in_kind', 'works')),
	items TEXT NOT NULL DEFAULT '',
	purpose TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	programme_id BIGINT REFERENCES fund_programmes(id),
	reverses_id BIGINT UNIQUE REFERENCES fund_entries(id),
	pair_id BIGINT REFERENCES fund_entries(id),
	reason TEXT NOT NULL DEFAULT '',
	overdraft INTEGER NOT NULL DEFAULT 0,
	idem_key TEXT,
	import_id BIGINT REFERENCES imports(id),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, series, year, seq),
	UNIQUE (unit_id, idem_key)
);
CREATE INDEX fund_entries_unit_day ON fund_entries (unit_id, day);
CREATE INDEX fund_entries_programme ON fund_entries (programme_id);

-- The last number given in each series of a unit and year, taken in the
-- transaction of the entry, so that a rolled-back entry gives its number
-- back and two writers never get the same one.
CREATE TABLE fund_counters (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	series TEXT NOT NULL,
	year INTEGER NOT NULL,
	last BIGINT NOT NULL,
	PRIMARY KEY (unit_id, series, year)
);

-- The recipients of a programme's awards. beneficiary is pupil_hardship,
-- good_pupil, student, teacher or adult; award_kind scholarship, prize,
-- teacher_support, books_bicycles or other. person_key finds the same
-- person twice (the CCCD, or the folded name, birth date and school);
-- override_reason lets an admin award them twice in a year. entry_id is
-- the payment that paid the award, once paid.
CREATE TABLE fund_awards (
	id {{id}},
	programme_id BIGINT NOT NULL REFERENCES fund_programmes(id),
	unit_id BIGINT NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	beneficiary TEXT NOT NULL,
	award_kind TEXT NOT NULL,
	full_name TEXT NOT NULL,
	birth_date TEXT NOT NULL DEFAULT '',
	school TEXT NOT NULL DEFAULT '',
	grade TEXT NOT NULL DEFAULT '',
	workplace TEXT NOT NULL DEFAULT '',
	cccd TEXT,
	reason TEXT NOT NULL DEFAULT '',
	amount BIGINT NOT NULL CHECK (amount > 0),
	person_key TEXT NOT NULL,
	override_reason TEXT NOT NULL DEFAULT '',
	approved_by TEXT,
	approved_at TEXT,
	entry_id BIGINT REFERENCES fund_entries(id),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX fund_awards_programme ON fund_awards (programme_id);
CREATE INDEX fund_awards_person ON fund_awards (year, person_key);

-- The periods a unit closed: entries dated in a closed period are refused
-- until the parent unit reopens it (reopened_at, by, reason).
CREATE TABLE fund_closures (
	id {{id}},
	unit_id BIGINT NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	closed_by TEXT NOT NULL,
	closed_at TEXT NOT NULL,
	reopened_by TEXT,
	reopened_at TEXT,
	reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fund_closures_unit ON fund_closures (unit_id);

-- Balances counted at a day (cash in the box, or the bank statement), set
-- against the ledger's balance at that day (ledger, kept as computed when
-- recorded).
CREATE TABLE fund_counts (
	id {{id}},
	unit_id BIGINT NOT NULL REFERENCES units(id),
	day TEXT NOT NULL,
	means TEXT NOT NULL CHECK (means IN ('cash', 'bank', 'all')),
	counted BIGINT NOT NULL,
	ledger BIGINT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX fund_counts_unit ON fund_counts (unit_id, day);
