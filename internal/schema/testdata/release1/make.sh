#!/usr/bin/env bash
# Writes the upgrade fixtures beside this script with the release of commit
# 218cc51 (schema version 5): release1.db.gz (SQLite), release1.pg.sql.gz
# (pg_dump of a PostgreSQL schema) and reports/*.json.gz (that release's
# reports of them). Needs git, Go, pg_dump and the PostgreSQL server of
# KHUYENHOC_TEST_POSTGRES (default: the local test database).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
release=218cc51
pg="${KHUYENHOC_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

top="$(git -C "$here" rev-parse --show-toplevel)"
git -C "$top" archive "$release" | tar -x -C "$work"
mkdir -p "$work/cmd/gen" "$work/out/reports"
cp "$here/gen.go" "$work/cmd/gen/main.go"
psql "$pg" -qc "DROP SCHEMA IF EXISTS upgrade_fixture CASCADE; CREATE SCHEMA upgrade_fixture"
(cd "$work" && go run ./cmd/gen -sqlite "$work/out/release1.db" \
	-postgres "$pg&search_path=upgrade_fixture" -reports "$work/out/reports")

# The dump without what only psql understands or what would change the
# session (\restrict, SET, set_config) and without the CREATE SCHEMA: the
# test restores it into a schema of its own, named instead of upgrade_fixture.
pg_dump "$pg" --schema=upgrade_fixture --no-owner --no-privileges --inserts --rows-per-insert=500 |
	grep -v -E '^(\\(un)?restrict |SET |SELECT pg_catalog.set_config|CREATE SCHEMA |--)' |
	gzip -9n >"$here/release1.pg.sql.gz"
psql "$pg" -qc "DROP SCHEMA upgrade_fixture CASCADE"
gzip -9n -c "$work/out/release1.db" >"$here/release1.db.gz"
rm -rf "$here/reports" && mkdir "$here/reports"
for f in "$work/out/reports"/*.json; do gzip -9n -c "$f" >"$here/reports/$(basename "$f").gz"; done
