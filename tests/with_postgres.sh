#!/usr/bin/env bash
# Run a command with a throw-away local PostgreSQL server, so the store suite also runs
# against PostgreSQL (CRISIS_DESK_TEST_PG). Loopback only; the cluster is deleted afterwards.
# Where no PostgreSQL server binaries are installed, the command runs without it (the
# PostgreSQL variants of the store tests then skip, saying why).
set -uo pipefail

if [ -n "${CRISIS_DESK_TEST_PG:-}" ]; then exec "$@"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with_postgres: no PostgreSQL server installed; running without it" >&2
  exec "$@"
fi

dir=$(mktemp -d /tmp/crisis-desk-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"   # PostgreSQL refuses to run as root
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

if "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U crisis --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  && "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
  export CRISIS_DESK_TEST_PG="postgresql+psycopg://crisis@127.0.0.1:$port/postgres"
  echo "with_postgres: PostgreSQL on 127.0.0.1:$port for the store tests" >&2
else
  echo "with_postgres: could not start PostgreSQL; running without it:" >&2
  tail -n 5 "$dir"/*.log >&2
fi
"$@"
