#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the SentiMail.Host tests: initdb in a temporary folder, listening only on
# 127.0.0.1 at a free port (and a Unix socket inside that folder), trust authentication for local connections, fsync
# off (test data only). The system cluster, if any, is not touched. initdb refuses to run as root, so as root the
# cluster belongs to the `postgres` user of Debian's package and every server command runs as that user.
#
# Usage: eng/postgres/start.sh [work-dir]      (PORT=<n> picks the port; default: a free one)
# Prints, one per line on stdout:  POSTGRES_CONNECTION_STRING=Host=127.0.0.1;Port=<port>;Username=postgres;Database=postgres
#                                  POSTGRES_DIR=<dir>  POSTGRES_PORT=<port>  POSTGRES_BIN=<dir of pg_dump/pg_restore>
# Stop with: eng/postgres/stop.sh <dir>
set -euo pipefail

log() { echo "postgres/start: $*" >&2; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  log "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run eng/install-test-deps.sh (package postgresql)"
  exit 1
fi

work="${1:-$(mktemp -d /tmp/sentimail-postgres.XXXXXX)}"
mkdir -p "$work"
port="${PORT:-}"
if [ -z "$port" ]; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$work"
  as_owner=(runuser -u postgres --)
fi
chmod 0700 "$work"

"${as_owner[@]}" "$bin/initdb" --pgdata="$work/data" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
  --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }

"${as_owner[@]}" "$bin/pg_ctl" --pgdata="$work/data" --log="$work/postgres.log" --wait --timeout=30 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2 || { cat "$work/postgres.log" >&2; exit 1; }

log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $work/data"
echo "POSTGRES_CONNECTION_STRING=Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "POSTGRES_DIR=$work"
echo "POSTGRES_PORT=$port"
echo "POSTGRES_BIN=$bin"
