#!/usr/bin/env bash
# Set up and run the whole test suite: on SQLite, then on a real PostgreSQL server.
# Usage: scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

echo "== ruff"
.venv/bin/ruff check .

echo "== tests on SQLite"
.venv/bin/pytest "$@"

echo "== tests on PostgreSQL"
pgdir=$(mktemp -d /tmp/xinyong-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
url=$(scripts/postgres.sh start "$pgdir")
XINYONG_TEST_DATABASE_URL=$url .venv/bin/pytest -m "not sqlite_only" "$@"
