#!/usr/bin/env bash
# Starts a private CrowdSec Local API (LAPI only: `crowdsec -no-cs -no-capi`) on 127.0.0.1 at a free port, for the
# SentiMail.AspNetCore CrowdSec tests, with the sequence described in docs/crowdsec.md:
#   1. CAPI opt-out file BEFORE apt installs crowdsec (Debian's README.Debian), 2. install the Debian package,
#   3. acquisition without journald, 4. config test, 5b. start without systemd, wait until it answers.
# The system configuration is not changed: the instance runs from a copy of /etc/crowdsec/config.yaml in a temporary
# folder, with its own port, SQLite database, machine credentials, acquisition file and logs; Prometheus is off.
# It shares the package's read-only parts (/etc/crowdsec profiles, parsers, hub). Needs root (apt, cscli).
#
# Usage: eng/crowdsec/start-lapi.sh [work-dir]      (PORT=<n> picks the port; default: a free one)
# Prints, one per line on stdout:  LAPI_URL=http://127.0.0.1:<port>  CROWDSEC_CONFIG=<dir>/config.yaml
#                                  CROWDSEC_DIR=<dir>  CROWDSEC_PID=<pid>
# Stop with: eng/crowdsec/stop-lapi.sh <dir>
set -euo pipefail

log() { echo "start-lapi: $*" >&2; }
start_ms=$(( ${EPOCHREALTIME/./} / 1000 ))
elapsed() { local ms=$(( ${EPOCHREALTIME/./} / 1000 - start_ms )); printf '%d.%03ds' $((ms / 1000)) $((ms % 1000)); }

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# 1 + 2. install, offline (no CAPI registration), only if missing.
if [ "$(dpkg-query -W -f='${Status}' crowdsec 2>/dev/null || true)" != "install ok installed" ]; then
  if [ ! -e /etc/crowdsec/online_api_credentials.yaml ]; then
    "${sudo_cmd[@]}" install -d -m 0755 /etc/crowdsec
    printf '# no thanks: offline LAPI only, no CAPI registration\n' \
      | "${sudo_cmd[@]}" tee /etc/crowdsec/online_api_credentials.yaml >/dev/null
  fi
  log "installing crowdsec"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" dpkg --configure -a
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends crowdsec >&2
  log "installed ($(elapsed))"
fi

work="${1:-$(mktemp -d /tmp/sentimail-crowdsec.XXXXXX)}"
mkdir -p "$work/acquis.d"
port="${PORT:-}"
if [ -z "$port" ]; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
fi
url="http://127.0.0.1:$port"

# 3. acquisition: a file source only (the stock journalctl source is fatal without journald). LAPI-only mode does not
#    read it, but the config test does.
cat > "$work/acquis.yaml" <<'YAML'
filenames:
  - /var/log/nginx/*.log
labels:
  type: nginx
YAML

# The copy of the package's config.yaml, with every path that is written to moved into $work.
sed -e "s#^\([[:space:]]*listen_uri:\).*#\1 127.0.0.1:$port#" \
    -e "s#^\([[:space:]]*db_path:\).*#\1 $work/crowdsec.db#" \
    -e "s#^\([[:space:]]*\)type: sqlite#&\n\1use_wal: true#" \
    -e "s#^\([[:space:]]*log_dir:\).*#\1 $work/#" \
    -e "s#^\([[:space:]]*acquisition_path:\).*#\1 $work/acquis.yaml#" \
    -e "s#^\([[:space:]]*acquisition_dir:\).*#\1 $work/acquis.d#" \
    -e "s#^\([[:space:]]*credentials_path:\) /etc/crowdsec/local_api_credentials.yaml#\1 $work/local_api_credentials.yaml#" \
    -e "s#^\([[:space:]]*enabled:\) true#\1 false#" \
    /etc/crowdsec/config.yaml > "$work/config.yaml"
grep -q "listen_uri: 127.0.0.1:$port" "$work/config.yaml" || { log "could not set listen_uri in $work/config.yaml"; exit 1; }
grep -q "db_path: $work/crowdsec.db" "$work/config.yaml" || { log "could not set db_path in $work/config.yaml"; exit 1; }
grep -q "credentials_path: $work/local_api_credentials.yaml" "$work/config.yaml" || { log "could not set the client credentials path"; exit 1; }

# cscli (decisions add/delete) talks to the LAPI as a machine: give this instance its own machine, written to the
# copy's credentials file (-f: without it cscli overwrites /etc/crowdsec/local_api_credentials.yaml).
cscli -c "$work/config.yaml" machines add sentimail-tests-cscli --auto --force \
  -f "$work/local_api_credentials.yaml" --url "$url" >&2 2>/dev/null

# 4. config test
crowdsec -c "$work/config.yaml" -no-cs -no-capi -t >"$work/config-test.log" 2>&1 \
  || { log "config test failed:"; cat "$work/config-test.log" >&2; exit 1; }

# 5b. start without systemd: LAPI only, CAPI off.
setsid nohup /usr/bin/crowdsec -c "$work/config.yaml" -no-cs -no-capi >"$work/crowdsec.stdout" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$work/crowdsec.pid"

deadline=$(( $(date +%s) + 30 ))
until curl -s -o /dev/null "$url/v1/decisions"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    log "crowdsec exited; its output:"; cat "$work/crowdsec.stdout" "$work/crowdsec.log" >&2 2>/dev/null || true; exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "the LAPI did not answer within 30 s"; kill -TERM "$pid" 2>/dev/null || true; exit 1
  fi
  sleep 0.05
done
log "LAPI answering at $url ($(elapsed))"

echo "LAPI_URL=$url"
echo "CROWDSEC_CONFIG=$work/config.yaml"
echo "CROWDSEC_DIR=$work"
echo "CROWDSEC_PID=$pid"
