#!/usr/bin/env bash
# run-spamassassin.sh - scans the quality split (or the whole corpus) with SpamAssassin, local rules only, in two
# configurations, and writes one JSON Lines file per configuration:
#
#   spamassassin-local   use_bayes 0: the static rules only (score set 0: no Bayes, no network tests)
#   spamassassin-bayes   use_bayes 1, the Bayes database trained with sa-learn on the TRAIN part only,
#                        bayes_auto_learn 0 (score set 2: Bayes, no network tests)
#
# Each configuration gets its own spamd on 127.0.0.1 (a free port), started from a temporary folder that holds the
# site configuration, the Bayes database, the helper home and the log:
#   spamd -L -x -C /usr/share/spamassassin --siteconfigpath <tmp>/site -H <tmp>/home --listen 127.0.0.1:<port>
#         -m <jobs> --min-children <jobs>
# -L (local tests only) turns off every DNS and network test (RBLs, URIBLs, Razor, Pyzor, DCC, SPF, DKIM key
# lookups...); skip_rbl_checks and dns_available no say the same in the configuration. The rules are the ones the
# Debian package ships in /usr/share/spamassassin (sa-update is never run). The site folder holds the package's
# *.pre plugin lists (copied from /etc/spamassassin) and our own local.cf; /etc/spamassassin/local.cf and user
# preferences are not read.
#
# Messages go through `spamc -x -c` (exit 1 = spam, 0 = ham, anything else = error), <jobs> at a time. Output line:
#   {"sha256":"...","path":"spam-2/00697.<md5>.txt","spam":true,"score":7.3}
# A message the peer fails on is kept with "spam":null,"score":null,"error":"..." and counted in the summary; the
# script then exits with status 3 (results written) or, when spamd failed on every message of a configuration, 1
# (that configuration's results not written).
# The spamd servers are stopped and the temporary folder removed on exit, Ctrl-C included.
#
# Usage: benchmarks/peers/run-spamassassin.sh [--part test|validation|train|all] [--out DIR] [--jobs N]
#        [--list FILE] [--corpus DIR] [--split DIR] [--log-dir DIR] [--config local|bayes|both]
# Needs: benchmarks/peers/install-peers.sh, and the corpus (eng/get-corpus.sh; SENTIMAIL_CORPUS_DIR is honoured) or
# your own (--corpus, with its split from `sentimail model split`: --split).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

configs=(local bayes)
parse_common "$@"
set -- "${rest[@]+"${rest[@]}"}"
while [ $# -gt 0 ]; do
  case "$1" in
    --config)
      case "${2:-}" in local) configs=(local) ;; bayes) configs=(bayes) ;; both) configs=(local bayes) ;;
        *) echo "--config must be local, bayes or both" >&2; exit 2 ;; esac
      shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; usage_common; exit 0 ;;
    *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
finish_common

if [[ " ${configs[*]} " == *" bayes "* ]] && { [ "$part" = all ] || [ "$part" = train ]; }; then
  echo "run-spamassassin: note: part '$part' includes the train messages the Bayes database learned from;" \
    "its spamassassin-bayes figures are optimistic (use --config local for orientation runs)" >&2
fi

for tool in spamd spamc sa-learn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: run benchmarks/peers/install-peers.sh" >&2; exit 1; }
done
rules_dir=/usr/share/spamassassin
[ -f "$rules_dir/50_scores.cf" ] || { echo "no SpamAssassin rules in $rules_dir" >&2; exit 1; }

corpus="$(corpus_folder)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sentimail-sa.XXXXXX")"
spamd_pid=''

stop_spamd() {
  if [ -n "$spamd_pid" ] && kill -0 "$spamd_pid" 2>/dev/null; then
    kill -TERM "$spamd_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$spamd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$spamd_pid" 2>/dev/null || true
    wait "$spamd_pid" 2>/dev/null || true
  fi
  spamd_pid=''
}
# The server logs go to --log-dir on every exit, failed starts included.
keep_logs() {
  local cfg
  for cfg in local bayes; do
    keep_log "$work/$cfg/spamd.log" "spamd-$cfg.log"
    keep_log "$work/$cfg/spamd.out" "spamd-$cfg.out"
  done
}
cleanup() { stop_fg; stop_spamd; keep_logs; rm -rf "$work"; }
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# spamd refuses to keep root privileges for scanning: as root, it runs as nobody, so the folder must be readable.
run_user=()
if [ "$(id -u)" -eq 0 ]; then
  run_user=(-u nobody)
  chmod 0755 "$work"
fi

list="$work/messages.txt"
list_messages "$list"
total="$(wc -l <"$list")"
sa_version="$(spamd --version 2>/dev/null | head -n 1)"
echo "run-spamassassin: $sa_version; part=$part ($total messages); jobs=$jobs; $(corpus_note)" >&2

# Writes the site configuration for one configuration into $work/<cfg>/site.
write_site() {
  local cfg="$1" dir="$work/$1"
  mkdir -p "$dir/site" "$dir/home" "$dir/bayes"
  : >"$dir/user_prefs"
  cp /etc/spamassassin/*.pre "$dir/site/"
  {
    echo "# SentiMail peer run: $cfg"
    echo "required_score 5.0"
    echo "dns_available no"
    echo "skip_rbl_checks 1"
    echo "use_razor2 0"
    echo "use_pyzor 0"
    echo "ifplugin Mail::SpamAssassin::Plugin::DCC"
    echo "use_dcc 0"
    echo "endif"
    echo "bayes_auto_learn 0"
    echo "bayes_auto_expire 0"
    echo "bayes_path $dir/bayes/bayes"
    echo "bayes_file_mode 0770"
    echo "lock_method flock"
    if [ "$cfg" = bayes ]; then echo "use_bayes 1"; else echo "use_bayes 0"; fi
  } >"$dir/site/local.cf"
}

# sa-learn for the configuration folder $1, reading only our site configuration: an empty user_prefs (-p) and its
# home in the folder, so that the caller's ~/.spamassassin (which could name another bayes_path) is never read.
learn() {
  local dir="$1"
  shift
  HOME="$dir/home" sa-learn -L -C "$rules_dir" --siteconfigpath="$dir/site" -p "$dir/user_prefs" "$@"
}

# Trains the Bayes database of configuration $1 with sa-learn on the TRAIN part only.
train_bayes() {
  local dir="$work/$1" start end f
  local -a missing
  [ -r "$split_dir/train.txt" ] || { echo "spamassassin-bayes learns from '$split_dir/train.txt', which cannot be read (--split)" >&2; exit 1; }
  tr -d '\r' <"$split_dir/train.txt" | awk 'NF > 0' >"$dir/train.txt"
  # The first three train messages missing from the corpus (no pipe into head: with pipefail, its early exit fails).
  missing=()
  while read -r _ f _ && [ "${#missing[@]}" -lt 3 ]; do
    [ -r "$corpus/$f" ] || missing+=("$f")
  done <"$dir/train.txt"
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "spamassassin-bayes: train messages of '$split_dir/train.txt' are not in $corpus (--corpus and --split must match):" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  awk '$2 ~ /^spam/ { print c "/" $2 }' c="$corpus" "$dir/train.txt" | LC_ALL=C sort >"$dir/train-spam.txt"
  awk '$2 !~ /^spam/ { print c "/" $2 }' c="$corpus" "$dir/train.txt" | LC_ALL=C sort >"$dir/train-ham.txt"
  start="$(now)"
  for kind in spam ham; do
    echo "run-spamassassin: sa-learn --$kind on $(wc -l <"$dir/train-$kind.txt") train messages" >&2
    bg_wait learn "$dir" --"$kind" --no-sync -f "$dir/train-$kind.txt" >&2
  done
  bg_wait learn "$dir" --sync >&2
  end="$(now)"
  learn "$dir" --dump magic 2>/dev/null \
    | awk '/nspam|nham|ntokens/ { printf "run-spamassassin: bayes %s = %s\n", $NF, $3 }' >&2
  awk -v s="$start" -v e="$end" 'BEGIN { printf "run-spamassassin: training took %.1f s\n", e - s }' >&2
  if [ "${#run_user[@]}" -gt 0 ]; then chown -R nobody "$dir/bayes"; fi
}

# Starts spamd for configuration $1 on a free port. A port taken between the choice and the bind makes spamd exit:
# it is then started again on another port, up to three times. It counts as ready when it answers a PING and is
# still running (so that another server that took the port is never scanned with).
start_spamd() {
  local cfg="$1" dir="$work/$1" started attempt
  if [ "${#run_user[@]}" -gt 0 ]; then chown -R nobody "$dir/home"; fi
  for attempt in 1 2 3; do
    port="$(free_port)"
    spamd -L -x -C "$rules_dir" --siteconfigpath="$dir/site" -H "$dir/home" "${run_user[@]}" \
      --listen="127.0.0.1:$port" -m "$jobs" --min-children="$jobs" --min-spare=1 --max-spare="$jobs" \
      --timeout-child=300 -s "$dir/spamd.log" -r "$dir/spamd.pid" >"$dir/spamd.out" 2>&1 &
    spamd_pid=$!
    started="$(now)"
    for _ in $(seq 1 600); do
      # -t 5: a program that took the port and never answers must not hold the check for spamc's default 600 s.
      if kill -0 "$spamd_pid" 2>/dev/null && bg_wait spamc -d 127.0.0.1 -p "$port" -t 5 -K >/dev/null 2>&1 \
        && kill -0 "$spamd_pid" 2>/dev/null; then
        awk -v c="$cfg" -v p="$port" -v s="$started" -v e="$(now)" \
          'BEGIN { printf "run-spamassassin: spamd (%s) ready on 127.0.0.1:%s after %.1f s\n", c, p, e - s }' >&2
        return 0
      fi
      kill -0 "$spamd_pid" 2>/dev/null || break
      bg_wait sleep 0.1
    done
    stop_spamd
    if grep -qi 'address already in use' "$dir/spamd.out" "$dir/spamd.log" 2>/dev/null && [ "$attempt" -lt 3 ]; then
      echo "run-spamassassin: port $port was taken meanwhile; trying another" >&2
      continue
    fi
    break
  done
  echo "spamd did not start; its log:" >&2
  tail -n 30 "$dir/spamd.out" "$dir/spamd.log" >&2 || true
  exit 1
}

# Scans one message: $1 = sha256, $2 = path under the corpus. Prints one JSON line. Uses SA_PORT, SA_CORPUS.
scan_one() {
  local sha="$1" path="$2" out rc score
  rc=0
  if [ ! -r "$SA_CORPUS/$path" ]; then
    error_line "$sha" "$path" "cannot read the message file"
    return 0
  fi
  out="$(spamc -d 127.0.0.1 -p "$SA_PORT" -x -c -s 104857600 -t 300 <"$SA_CORPUS/$path" 2>&1)" || rc=$?
  score="${out%%/*}"
  if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && [[ "$out" =~ ^-?[0-9]+(\.[0-9]+)?/-?[0-9]+(\.[0-9]+)?$ ]]; then
    if [ "$rc" -eq 1 ]; then spam=true; else spam=false; fi
    printf '{"sha256":"%s","path":"%s","spam":%s,"score":%s}\n' "$sha" "$path" "$spam" "$score"
  else
    error_line "$sha" "$path" "spamc exit $rc: $out"
  fi
}
export -f scan_one error_line json_escape

failed=0
for cfg in "${configs[@]}"; do
  name="spamassassin-$cfg"
  write_site "$cfg"
  [ "$cfg" = bayes ] && train_bayes "$cfg"
  start_spamd "$cfg"
  result="$work/$name.jsonl"
  cpu_before="$(tree_cpu "$spamd_pid")"
  load_before="$(load_note)"
  start="$(now)"
  # shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash, per message
  SA_PORT="$port" SA_CORPUS="$corpus" bg_wait xargs -a "$list" -P "$jobs" -L 1 bash -c 'scan_one "$1" "$2"' _ >"$result"
  end="$(now)"
  cpu_after="$(tree_cpu "$spamd_pid")"
  load_after="$(load_note)"
  stop_spamd
  n="$(wc -l <"$result")"
  [ "$n" -eq "$total" ] || { echo "expected $total results, got $n" >&2; exit 1; }
  check_errors "$result" "$name" "$n"
  failed=$((failed + $(count_errors "$result")))
  sort_by_path "$result"
  cp "$result" "$out_dir/$name.jsonl"
  summarize "$result" "$name"
  awk -v n="$n" -v s="$start" -v e="$end" -v j="$jobs" -v name="$name" -v c0="$cpu_before" -v c1="$cpu_after" 'BEGIN {
    printf "%s: %d messages in %.1f s wall = %.1f messages/s, %d in parallel (spamc per message, %d spamd children)\n",
      name, n, e - s, (e > s ? n / (e - s) : 0), j, j
    printf "%s: spamd CPU %.1f s = %.1f ms per message (about %.1f messages/s on %d otherwise idle cores)\n",
      name, c1 - c0, 1000 * (c1 - c0) / n, (c1 > c0 ? j * n / (c1 - c0) : 0), j }'
  echo "$name: machine during the scan: $load_before at start, $load_after at the end"
  echo "run-spamassassin: wrote $out_dir/$name.jsonl" >&2
done
if [ "$failed" -gt 0 ]; then
  echo "run-spamassassin: spamd failed on $failed of the messages scanned (error lines in the results, counted as not marked)" >&2
  exit 3
fi
