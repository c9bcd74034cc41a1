#!/usr/bin/env bash
# run-rspamd.sh - scans the quality split (or the whole corpus) with Rspamd and writes benchmarks/quality/peers/
# rspamd.jsonl (or --out DIR/rspamd.jsonl).
#
# Rspamd runs from a temporary folder: its own top-level configuration (one "normal" worker on 127.0.0.1:<free
# port>, no controller, no proxy, no fuzzy storage) that includes the package's common.conf and module defaults from
# /etc/rspamd, with LOCAL_CONFDIR, DBDIR, RUNDIR and LOGDIR pointed into the temporary folder, so neither
# /etc/rspamd/local.d nor /var/lib/rspamd is read or written.
#
# No network: every module that queries DNS or a remote service is disabled in <tmp>/local.d (the list and the
# reason for each are printed at start), and Rspamd's own resolver is pointed at 127.0.0.1:<closed port>, so a
# lookup that some remaining code would still try fails at once instead of leaving the machine. Maps whose first
# source is an https:// URL therefore fall back to the copy the package ships in /etc/rspamd/maps.d where the
# package names one; the rest stay empty. There is no Redis: modules that need it (Bayes classifier, neural,
# ratelimit, greylist, replies, reputation, history) switch themselves off; their names come from the log.
#
# Messages go through `rspamc -j` (the /checkv2 endpoint), <jobs> at a time. Verdict: the action; "reject",
# "add header" and "rewrite subject" mean spam; "no action", "greylist" and "soft reject" do not. Output line:
#   {"sha256":"...","path":"spam-2/00697.<md5>.txt","spam":true,"score":7.3,"action":"add header"}
# A message Rspamd fails on is kept with "spam":null,"score":null,"error":"..." and counted in the summary; the
# script then exits with status 3 (results written) or, when Rspamd failed on every message, 1 (its results not written).
# The server is stopped and the temporary folder removed on exit, Ctrl-C included.
#
# Usage: benchmarks/peers/run-rspamd.sh [--part test|validation|train|all] [--out DIR] [--jobs N]
#        [--list FILE] [--corpus DIR] [--split DIR] [--log-dir DIR]
# Needs: benchmarks/peers/install-peers.sh, and the corpus (eng/get-corpus.sh; SENTIMAIL_CORPUS_DIR is honoured) or
# your own (--corpus, with its split from `sentimail model split`: --split).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

parse_common "$@"
for a in "${rest[@]+"${rest[@]}"}"; do
  case "$a" in
    -h|--help) sed -n '2,/^set -euo/{s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; usage_common; exit 0 ;;
    *) echo "unknown option '$a' (see --help)" >&2; exit 2 ;;
  esac
done
finish_common

for tool in rspamd rspamc jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: run benchmarks/peers/install-peers.sh" >&2; exit 1; }
done
confdir=/etc/rspamd
[ -f "$confdir/common.conf" ] || { echo "no Rspamd configuration in $confdir" >&2; exit 1; }

corpus="$(corpus_folder)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sentimail-rspamd.XXXXXX")"
rspamd_pid=''

stop_rspamd() {
  if [ -n "$rspamd_pid" ] && kill -0 "$rspamd_pid" 2>/dev/null; then
    kill -TERM "$rspamd_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$rspamd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$rspamd_pid" 2>/dev/null || true
    wait "$rspamd_pid" 2>/dev/null || true
  fi
  rspamd_pid=''
}
cleanup() { stop_fg; stop_rspamd; keep_log "$work/log/rspamd.log" rspamd.log; keep_log "$work/stdout.log" rspamd.out; rm -rf "$work"; }
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

list="$work/messages.txt"
list_messages "$list"
total="$(wc -l <"$list")"
rspamd_version="$(rspamd --version 2>/dev/null | head -n 1)"
echo "run-rspamd: $rspamd_version; part=$part ($total messages); jobs=$jobs; $(corpus_note)" >&2

port="$(free_port)"
dead_port="$(free_port)"
mkdir -p "$work/conf/local.d" "$work/db" "$work/run" "$work/log"

# Modules switched off, with the reason (module|reason).
disabled=(
  "rbl|DNS blocklists of IPs, URLs and e-mail addresses (Spamhaus, SURBL, URIBL, DBL, Mailspike...; in 3.x the surbl and emails configurations are carried by this module)"
  "spf|DNS lookups of the sender's SPF record"
  "dkim|DNS lookups of the signers' public keys"
  "dmarc|DNS lookups of DMARC policies"
  "arc|DNS lookups of ARC signers' keys"
  "asn|ASN and country of the sender IP over DNS"
  "whitelist|acts on SPF/DKIM/DMARC results (off above) and loads remote maps"
  "fuzzy_check|hash queries to Rspamd's remote fuzzy storage"
  "dcc|queries a DCC server"
  "external_services|remote scanners (Razor, Pyzor, VadeSecure...)"
  "antivirus|virus scanner daemons"
  "mx_check|DNS MX lookups of the sender domain"
  "url_redirector|follows redirector URLs over HTTP"
  "bimi|fetches BIMI records and images"
  "rspamd_update|downloads rule updates"
  "spamassassin|SpamAssassin rules inside Rspamd (kept apart: SpamAssassin is its own peer)"
)
for entry in "${disabled[@]}"; do
  printf 'enabled = false;\n' >"$work/conf/local.d/${entry%%|*}.conf"
done
# Local parts kept, network parts off.
printf 'helo_enabled = false; # DNS on the HELO name\nhostname_enabled = false; # DNS on the client host name\nfrom_enabled = false; # DNS A/MX of the sender domain\n' \
  >"$work/conf/local.d/hfilter.conf"
printf 'phishtank_enabled = false; # DNS queries to a remote PhishTank mirror\nopenphish_enabled = false; # downloads a remote feed\n' \
  >"$work/conf/local.d/phishing.conf"
cat >"$work/conf/local.d/options.inc" <<INC
# Every DNS query goes to a closed loopback port and fails at once.
dns {
  nameserver = ["127.0.0.1:$dead_port"];
  timeout = 0.2s;
  retransmits = 1;
}
INC
cat >"$work/conf/rspamd.conf" <<CONF
# SentiMail peer run: one scanning worker on loopback, package rules and module defaults from \$CONFDIR.
.include "\$CONFDIR/common.conf"
options {
  pidfile = "\$RUNDIR/rspamd.pid";
  .include "\$CONFDIR/options.inc"
  .include(try=true; priority=1,duplicate=merge) "\$LOCAL_CONFDIR/local.d/options.inc"
}
logging {
  type = "file";
  filename = "\$LOGDIR/rspamd.log";
  level = "info";
}
worker "normal" {
  bind_socket = "127.0.0.1:$port";
  .include "\$CONFDIR/worker-normal.inc"
  count = $jobs;
  task_timeout = 60s;
}
CONF

echo "run-rspamd: modules disabled (network):" >&2
for entry in "${disabled[@]}"; do printf '  %-18s %s\n' "${entry%%|*}" "${entry#*|}" >&2; done
printf '  %-18s %s\n' "hfilter (part)" "HELO, host name and sender-domain DNS checks (other checks kept)" \
  "phishing (part)" "PhishTank and OpenPhish feeds (local URL checks kept)" >&2

run_user=()
if [ "$(id -u)" -eq 0 ]; then
  run_user=(-u nobody -g nogroup)
  chmod 0755 "$work"
  chown -R nobody:nogroup "$work/db" "$work/run" "$work/log"
fi

# Readiness is probed with a message of our own: a listed message may be missing or unreadable (it is then reported
# as an error line, not as a server that never started). Rspamd counts as ready when it answers and is still running
# (so that another server that took the port is never scanned with). A port taken between the choice and the bind
# makes it exit: it is then started again on another port, up to three times.
printf 'From: probe@example.org\r\nTo: probe@example.org\r\nSubject: probe\r\n\r\nprobe\r\n' >"$work/probe.eml"
ready=0
for attempt in 1 2 3; do
  if [ "$attempt" -gt 1 ]; then
    port="$(free_port)"
    sed -i "s|bind_socket = \"127.0.0.1:[0-9]*\";|bind_socket = \"127.0.0.1:$port\";|" "$work/conf/rspamd.conf"
  fi
  rspamd -f "${run_user[@]}" -c "$work/conf/rspamd.conf" --var="CONFDIR=$confdir" --var="LOCAL_CONFDIR=$work/conf" \
    --var="DBDIR=$work/db" --var="RUNDIR=$work/run" --var="LOGDIR=$work/log" >"$work/stdout.log" 2>&1 &
  rspamd_pid=$!
  started="$(now)"
  for _ in $(seq 1 1200); do
    if bg_wait rspamc -h "127.0.0.1:$port" -t 5 "$work/probe.eml" >/dev/null 2>&1 && kill -0 "$rspamd_pid" 2>/dev/null; then
      ready=1; break
    fi
    kill -0 "$rspamd_pid" 2>/dev/null || break
    bg_wait sleep 0.1
  done
  [ "$ready" -ne 1 ] || break
  stop_rspamd
  if grep -qi 'address already in use' "$work/stdout.log" "$work/log/rspamd.log" 2>/dev/null && [ "$attempt" -lt 3 ]; then
    echo "run-rspamd: port $port was taken meanwhile; trying another" >&2
    continue
  fi
  break
done
if [ "$ready" -ne 1 ]; then
  echo "rspamd did not start; its output and log:" >&2
  tail -n 30 "$work/stdout.log" "$work/log/rspamd.log" >&2 || true
  exit 1
fi
# Let the hyperscan helper finish compiling the regular expressions, so that the run measures the steady state.
hs_ready=0
for _ in $(seq 1 3000); do
  if grep -vi 'NOT been loaded' "$work/log/rspamd.log" 2>/dev/null | grep -qiE 'hyperscan database.*loaded|loaded hyperscan database'; then
    hs_ready=1; break
  fi
  kill -0 "$rspamd_pid" 2>/dev/null || break
  bg_wait sleep 0.1
done
[ "$hs_ready" -eq 1 ] || echo "run-rspamd: warning: no sign in the log that the hyperscan database was loaded" >&2
awk -v s="$started" -v e="$(now)" 'BEGIN { printf "run-rspamd: rspamd ready on loopback after %.1f s\n", e - s }' >&2
echo "run-rspamd: modules off for other reasons (from Rspamd's log):" >&2
ours=" $(for entry in "${disabled[@]}"; do printf '%s ' "${entry%%|*}"; done)"
awk -v ours="$ours" '
  match($0, /[a-z_]+\.lua:[0-9]+: no servers are specified, disabling module/) {
    m = substr($0, RSTART); sub(/\.lua.*/, "", m)
    why[m] = (m == "clickhouse") ? "no ClickHouse server configured" : "needs Redis, none configured" }
  match($0, /[a-z_]+ disabling unconfigured lua module/) {
    m = substr($0, RSTART); sub(/ .*/, "", m); why[m] = "not configured in the package defaults" }
  match($0, /neural\.lua:[0-9]+: Module is unconfigured/) { why["neural"] = "not configured (and needs Redis)" }
  /cannot init backend redis for statfile BAYES/ { why["bayes classifier"] = "needs Redis, none configured" }
  match($0, /lua module [a-z_]+ is disabled in the configuration/) {
    m = substr($0, RSTART + 11); sub(/ .*/, "", m)
    if (index(ours, " " m " ") == 0) why[m] = "off by default in the package" }
  END { for (m in why) printf "  %-18s %s\n", m, why[m] }' "$work/log/rspamd.log" | sort >&2

# Scans one message: $1 = sha256, $2 = path under the corpus. Prints one JSON line. Uses RS_HOST, RS_CORPUS.
scan_one() {
  local sha="$1" path="$2" out rc line
  rc=0
  if [ ! -r "$RS_CORPUS/$path" ]; then
    error_line "$sha" "$path" "cannot read the message file"
    return 0
  fi
  out="$(rspamc -h "$RS_HOST" -t 120 -j --compact <"$RS_CORPUS/$path" 2>&1)" || rc=$?
  if [ "$rc" -eq 0 ] && line="$(printf '%s' "$out" | jq -ce --arg sha "$sha" --arg path "$path" '
        select(type == "object" and (.action | type) == "string" and (.score | type) == "number")
        | {sha256: $sha, path: $path,
           spam: (.action == "reject" or .action == "add header" or .action == "rewrite subject"),
           score: ((.score * 100 | round) / 100), action: .action}' 2>/dev/null)"; then
    printf '%s\n' "$line"
  else
    error_line "$sha" "$path" "rspamc exit $rc: $out"
  fi
}
export -f scan_one error_line json_escape

name=rspamd
result="$work/$name.jsonl"
cpu_before="$(tree_cpu "$rspamd_pid")"
load_before="$(load_note)"
start="$(now)"
# shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash, per message
RS_HOST="127.0.0.1:$port" RS_CORPUS="$corpus" bg_wait xargs -a "$list" -P "$jobs" -L 1 bash -c 'scan_one "$1" "$2"' _ >"$result"
end="$(now)"
cpu_after="$(tree_cpu "$rspamd_pid")"
load_after="$(load_note)"
stop_rspamd
dns_fail="$(grep -ciE 'cannot resolve|dns request (failed|timed out)' "$work/log/rspamd.log" || true)"
n="$(wc -l <"$result")"
[ "$n" -eq "$total" ] || { echo "expected $total results, got $n" >&2; exit 1; }
check_errors "$result" "$name" "$n"
sort_by_path "$result"
cp "$result" "$out_dir/$name.jsonl"
echo "run-rspamd: failed DNS look-ups in the log (all sent to the closed loopback port): $dns_fail" >&2
# A message that outlives task_timeout gets a verdict from the checks done so far, with no error: count them.
# (Rspamd also logs a "post-processing of task time out" line for such a message: not counted twice.)
timeouts="$(grep -i 'processing of task time out' "$work/log/rspamd.log" | grep -civ 'post-processing' || true)"
if [ "$timeouts" -gt 0 ]; then
  echo "run-rspamd: warning: $timeouts messages reached task_timeout (60 s) and were judged on the checks done by then" >&2
fi
summarize "$result" "$name"
awk -v n="$n" -v s="$start" -v e="$end" -v j="$jobs" -v name="$name" -v c0="$cpu_before" -v c1="$cpu_after" 'BEGIN {
  printf "%s: %d messages in %.1f s wall = %.1f messages/s, %d in parallel (rspamc per message, %d workers)\n",
    name, n, e - s, (e > s ? n / (e - s) : 0), j, j
  printf "%s: rspamd CPU %.1f s = %.1f ms per message (about %.1f messages/s on %d otherwise idle cores)\n",
    name, c1 - c0, 1000 * (c1 - c0) / n, (c1 > c0 ? j * n / (c1 - c0) : 0), j }'
echo "$name: machine during the scan: $load_before at start, $load_after at the end"
echo "run-rspamd: wrote $out_dir/$name.jsonl" >&2
failed="$(count_errors "$result")"
if [ "$failed" -gt 0 ]; then
  echo "run-rspamd: rspamd failed on $failed of $total messages (error lines in the results, counted as not marked)" >&2
  exit 3
fi
