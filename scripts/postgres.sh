#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and print its URL.
# Installs Debian's postgresql package when it is missing (needs root).
# Usage: url=$(scripts/postgres.sh start DIR)   ·   scripts/postgres.sh stop DIR
set -euo pipefail
action=$1 dir=$2

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/postgres" ]; then
    [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed and this is not root" >&2; exit 3; }
    echo "Installing PostgreSQL from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  bin=$(bindir)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  as_postgres "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  ;;
esac
