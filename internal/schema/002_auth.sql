-- Users, their browser sessions and script tokens, and the sign-in attempts
-- that throttling counts. Times are ISO text in UTC with a fixed width
-- (2026-01-02T03:04:05.000000Z), so that text order is time order in both
-- dialects. Flags are integers 0/1, the same in both.

-- A person who signs in. The e-mail is stored lower-cased, so that UNIQUE
-- means unique whatever the case typed. scope_unit_id is the unit whose
-- subtree (and its predecessors' subtrees) the user sees.
CREATE TABLE users (
	id {{id}},
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'viewer')),
	scope_unit_id BIGINT NOT NULL REFERENCES units(id),
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX users_scope ON users (scope_unit_id);

-- A signed-in browser. The token is only in the cookie; the table keeps its
-- SHA-256 (hex), so that a copy of the database signs nobody in.
CREATE TABLE sessions (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- A token for scripts calling the API, hashed like a session token. A
-- revoked token stays listed with revoked_at set.
CREATE TABLE api_tokens (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Every checked sign-in, for throttling (failures per e-mail and per IP
-- address within a window) and for looking back at an attack.
CREATE TABLE login_attempts (
	id {{id}},
	email TEXT NOT NULL,
	ip TEXT NOT NULL,
	at TEXT NOT NULL,
	ok INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);
