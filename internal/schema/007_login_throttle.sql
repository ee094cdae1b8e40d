-- Sign-in throttling that cannot be used to lock people out (issue 7).
-- Failures are now counted per (e-mail, network) pair and per network, not
-- per e-mail alone. net is the throttling key of the client address: the
-- IPv4 address itself, or the /64 prefix of an IPv6 address (one machine
-- usually owns a whole /64). throttled marks an attempt refused before the
-- password was checked; such attempts are kept for looking back at an
-- attack but never counted as failures.
ALTER TABLE login_attempts ADD COLUMN net TEXT NOT NULL DEFAULT '';
ALTER TABLE login_attempts ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0 CHECK (throttled IN (0, 1));
UPDATE login_attempts SET net = ip;
DROP INDEX login_attempts_email;
DROP INDEX login_attempts_ip;
CREATE INDEX login_attempts_pair ON login_attempts (email, net, at);
CREATE INDEX login_attempts_net ON login_attempts (net, at);
-- The times of the attempts in the one encoding of docs/storage.md (UTC RFC
-- 3339 to the second), as migration 6 did for the other auth tables, so
-- that text order is time order across old and new rows.
UPDATE login_attempts SET at = substr(at, 1, 19) || 'Z';
