#!/usr/bin/env bash
# Stops a cluster started by eng/postgres/start.sh (pg_ctl stop, fast mode) and removes its folder unless KEEP=1.
# Usage: eng/postgres/stop.sh <dir printed as POSTGRES_DIR>
set -euo pipefail
work="${1:?usage: stop.sh <work-dir>}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)
if [ -f "$work/data/postmaster.pid" ]; then
  "${as_owner[@]}" "$bin/pg_ctl" --pgdata="$work/data" --mode=fast --wait --timeout=30 stop >&2 || true
fi
if [ "${KEEP:-0}" != 1 ] && [[ "$work" == /tmp/sentimail-postgres.* ]]; then
  rm -rf "$work"
fi
echo "postgres/stop: stopped $work" >&2
