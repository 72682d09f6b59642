#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the metadata-store tests (src/meta/postgres/*.test.ts):
# cluster in /tmp/midgoal-pg, trust auth on 127.0.0.1 only, port 55432, database midgoal_test.
# Run as root (initdb and postgres refuse to run as root, so they run as user postgres).
# Idempotent: when something already answers on the port it does nothing.
set -euo pipefail

PORT="${MIDGOAL_TEST_PG_PORT:-55432}"
DIR="${MIDGOAL_TEST_PG_DIR:-/tmp/midgoal-pg}"
DB=midgoal_test
BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
LOG="$DIR.log"

as_postgres() { runuser -u postgres -- "$@"; }

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "postgres already answers on 127.0.0.1:$PORT"
else
  if [ ! -f "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"
    install -d -o postgres -g postgres -m 0700 "$DIR"
    # Trust auth and no fsync: a disposable test cluster, never real data.
    as_postgres "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
  fi
  # Listen on 127.0.0.1 only; the socket goes in the cluster folder so /var/run/postgresql is not needed.
  as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$LOG" -w -t 30 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { echo "postgres did not start; last lines of $LOG:"; tail -20 "$LOG"; exit 1; }
  for _ in $(seq 1 30); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
  done
fi

"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || { echo "postgres does not answer on 127.0.0.1:$PORT"; exit 1; }
if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
echo "postgres ready: postgres://postgres@127.0.0.1:$PORT/$DB"
