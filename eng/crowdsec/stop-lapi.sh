#!/usr/bin/env bash
# Stops a LAPI started by eng/crowdsec/start-lapi.sh, by the PID it recorded (SIGTERM: graceful, then SIGKILL after
# 10 s), and removes its work folder unless KEEP=1.
# Usage: eng/crowdsec/stop-lapi.sh <work-dir printed as CROWDSEC_DIR>
set -euo pipefail
work="${1:?usage: stop-lapi.sh <work-dir>}"
[ -f "$work/crowdsec.pid" ] || { echo "stop-lapi: no $work/crowdsec.pid" >&2; exit 1; }
pid="$(cat "$work/crowdsec.pid")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-lapi: $pid still running after 10 s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$work/crowdsec.pid"
if [ "${KEEP:-0}" != 1 ] && [[ "$work" == /tmp/sentimail-crowdsec.* ]]; then
  rm -rf "$work"
fi
echo "stop-lapi: stopped $pid" >&2
