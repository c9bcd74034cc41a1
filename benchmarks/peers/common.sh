# common.sh - shared by run-spamassassin.sh and run-rspamd.sh (sourced, not run).
#
# Provides: option parsing (--part, --out, --jobs, --corpus, --split), the corpus folder, the message list of a split
# part or of the whole corpus, a free loopback port, JSON Lines helpers and the per-group summary.
# shellcheck shell=bash

# Files and folders readable by all: as root the servers run as nobody and must read the temporary folder.
umask 022

peers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$peers_dir/../.." && pwd)"
default_split_dir="$repo_root/benchmarks/quality/split"
split_dir="$default_split_dir"

part='test'
list_file=''
corpus_dir=''
log_dir=''
jobs=2
out_dir=''

usage_common() {
  cat <<'USAGE'
  --part P     messages to scan: test (default), validation, train, or all (every message of the corpus)
  --out DIR    where the .jsonl files go; default benchmarks/quality/peers for --part test of the SpamAssassin
               corpus and its split, artifacts/peers/<part> otherwise (not committed)
  --jobs N     messages scanned in parallel (default 2: the machine's two cores)
  --log-dir D  keep the servers' logs in D (they are removed with the temporary folder otherwise)
  --list FILE  scan the messages listed in FILE ("<sha256> <group>/<file>" lines) instead of a part
  --corpus DIR your own corpus instead of the SpamAssassin one: one folder per group in DIR (groups whose name
               starts with "spam" are spam), as for `sentimail model split`
  --split DIR  the split lists (train.txt, validation.txt, test.txt) to read parts from; default
               benchmarks/quality/split (made for the SpamAssassin corpus)
USAGE
}

# Parses the options every run script takes; unknown options are left in the array `rest`. Nothing is checked or
# created yet (so that --help has no side effect): the script calls finish_common once its own options are read.
parse_common() {
  rest=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --part) part="${2:?--part needs a value}"; shift 2 ;;
      --out) out_dir="${2:?--out needs a value}"; shift 2 ;;
      --jobs) jobs="${2:?--jobs needs a value}"; shift 2 ;;
      --log-dir) log_dir="${2:?--log-dir needs a value}"; shift 2 ;;
      --list) list_file="${2:?--list needs a value}"; part=list; shift 2 ;;
      --corpus) corpus_dir="${2:?--corpus needs a value}"; shift 2 ;;
      --split) split_dir="${2:?--split needs a value}"; shift 2 ;;
      *) rest+=("$1"); shift ;;
    esac
  done
}

# Checks the common options and creates the output folders.
finish_common() {
  case "$part" in test|validation|train|all|list) ;; *) echo "unknown --part '$part'" >&2; exit 2 ;; esac
  case "$jobs" in ''|*[!0-9]*|0) echo "--jobs must be a positive integer" >&2; exit 2 ;; esac
  if [ -n "$corpus_dir" ] && [ ! -d "$corpus_dir" ]; then echo "--corpus: no folder '$corpus_dir'" >&2; exit 2; fi
  if [ "$part" = list ] && [ ! -r "$list_file" ]; then echo "--list: cannot read '$list_file'" >&2; exit 2; fi
  if [ "$part" != list ] && [ "$part" != all ] && [ ! -r "$split_dir/$part.txt" ]; then
    echo "--split: no list '$split_dir/$part.txt' (make one with sentimail model split)" >&2; exit 2
  fi
  if [ -z "$out_dir" ]; then
    # Only the SpamAssassin corpus's own test split writes the committed results that docs/quality.md compares.
    if [ "$part" = test ] && [ -z "$corpus_dir" ] && [ "$split_dir" = "$default_split_dir" ]; then
      out_dir="$repo_root/benchmarks/quality/peers"
    else
      out_dir="$repo_root/artifacts/peers/$part"
    fi
  fi
  mkdir -p "$out_dir"
  if [ -n "$log_dir" ]; then mkdir -p "$log_dir"; fi
}

# Prints the corpus folder (one folder per group): --corpus, or the SpamAssassin corpus fetched by eng/get-corpus.sh.
corpus_folder() {
  if [ -n "$corpus_dir" ]; then
    (cd "$corpus_dir" && pwd)
  else
    bash "$repo_root/eng/get-corpus.sh"
  fi
}

# Where the corpus came from, for the first line of a run.
corpus_note() {
  if [ -n "$corpus_dir" ]; then printf 'corpus %s' "$corpus_dir"; else printf 'corpus from eng/get-corpus.sh'; fi
}

# Copies a server log into --log-dir, when one was given.
keep_log() {
  if [ -n "$log_dir" ] && [ -f "$1" ]; then cp "$1" "$log_dir/$2"; fi
}

# Writes "<sha256> <group>/<file>" lines, sorted by path, for the chosen part into $1.
# Needs $corpus (the folder printed by eng/get-corpus.sh), set by the calling script.
# The lines follow the split format of `sentimail model split` (CorpusSplit): a lowercase SHA-256, a group of lowercase
# letters, digits and dashes, a file name of letters, digits, dots, underscores and dashes. Carriage returns and blank
# lines are dropped; any other line is refused (and quoted), so that no path can break the JSON written later.
# shellcheck disable=SC2154
list_messages() {
  local dest="$1" source bad
  if [ "$part" = all ]; then
    # Every file of every group folder, names starting with a dot left out, as `sentimail model split` lists them.
    source="$(mktemp "${TMPDIR:-/tmp}/sentimail-list.XXXXXX")"
    (cd "$corpus" && find . -mindepth 2 -maxdepth 2 -type f ! -path './.*' ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort \
      | xargs -r -d '\n' sha256sum | sed 's/  / /') >"$source"
  elif [ "$part" = list ]; then
    source="$list_file"
  else
    source="$split_dir/$part.txt"
  fi
  tr -d '\r' <"$source" | awk 'NF > 0' | LC_ALL=C sort -k2,2 >"$dest"
  [ "$part" != all ] || rm -f "$source"
  bad="$(LC_ALL=C grep -n -v -m 1 -E '^[0-9a-f]{64} [a-z0-9-]+/[A-Za-z0-9._-]+$' "$dest" || true)"
  if [ -n "$bad" ]; then
    echo "not a '<sha256> <group>/<file>' line (as sentimail model split writes them) in the list of part '$part': ${bad#*:}" >&2
    exit 2
  fi
  [ -s "$dest" ] || { echo "no messages listed for part '$part'" >&2; exit 1; }
}

# A TCP port on 127.0.0.1 that nothing answers on right now, outside the range the system takes outgoing
# connections' local ports from (ip_local_port_range): a port there can be held in TIME-WAIT by one of the many
# short spamc/rspamc connections, and a server could then not bind it.
free_port() {
  local p low=32768 high=60999 from=10000 to=32767
  if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
    read -r low high </proc/sys/net/ipv4/ip_local_port_range
  fi
  if [ "$low" -gt 11024 ]; then
    from=10000; to=$((low - 1))
  elif [ "$high" -lt 64000 ]; then
    from=$((high + 1)); to=65535
  elif [ "$low" -gt 2048 ]; then
    from=1024; to=$((low - 1))
  else
    # The system takes outgoing ports from (nearly) the whole range: no range is safe, the retries must do.
    from=20000; to=59999
  fi
  for _ in $(seq 1 200); do
    p=$((from + (RANDOM * 32768 + RANDOM) % (to - from + 1)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# CPU seconds used so far by process $1 and its descendants: its own user + system time, the time of its children
# it has already reaped, and the same for every live descendant (from /proc). Sampled before and after a scan, the
# difference is the CPU the server spent on it, whatever else the machine was doing.
tree_cpu() {
  local ticks=0 p stat rest
  local -a f todo=("$1")
  while [ ${#todo[@]} -gt 0 ]; do
    p="${todo[0]}"; todo=("${todo[@]:1}")
    stat="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"
    read -ra f <<<"$rest"
    ticks=$((ticks + f[11] + f[12] + f[13] + f[14]))
    # shellcheck disable=SC2207
    todo+=($(ps -o pid= --ppid "$p" 2>/dev/null || true))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", t / hz }'
}

# One line about the machine's load, to read wall-clock figures against.
load_note() {
  printf 'load average %s on %s cores' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
}

# Runs a command in the background and waits for it. Bash runs a trap only once the foreground command has ended,
# and not at all after Ctrl-C when that command survived the signal (rspamc does), whereas `wait` returns at once:
# this keeps Ctrl-C and kill responsive during long steps. The command's pid is kept in fg_pid so that the exit trap
# can stop it (a background command ignores SIGINT). Its standard input is /dev/null: pass files as arguments.
fg_pid=''
bg_wait() {
  local rc=0
  "$@" &
  fg_pid=$!
  wait "$fg_pid" || rc=$?
  fg_pid=''
  return "$rc"
}

# Stops the command bg_wait is waiting for, if any (called from the exit traps).
stop_fg() {
  if [ -n "$fg_pid" ] && kill -0 "$fg_pid" 2>/dev/null; then
    kill -TERM "$fg_pid" 2>/dev/null || true
    wait "$fg_pid" 2>/dev/null || true
  fi
  fg_pid=''
}

# Seconds since the epoch with nanoseconds, for wall-clock timing.
now() { date +%s.%N; }

# Makes a string safe inside a JSON string literal (drops control characters, escapes \ and ").
json_escape() {
  printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# Prints the result line of a message the peer failed on: $1 = sha256, $2 = path (both checked by list_messages),
# $3 = what went wrong. The text keeps printable ASCII only and is cut to 200 characters before it is escaped, so that
# no escape is cut in half.
error_line() {
  local msg
  msg="$(printf '%s' "$3" | tr -c '\040-\176' ' ' | cut -c1-200)"
  printf '{"sha256":"%s","path":"%s","spam":null,"score":null,"error":"%s"}\n' "$1" "$2" "$(json_escape "$msg")"
}

# How many lines of a results .jsonl are errors.
count_errors() {
  grep -c '"error":' "$1" || true
}

# Ends a run whose results hold errors: that peer's results are not written when it failed on every message (a broken
# run must not replace good results); the caller writes them and exits with status 3 when it failed on some.
# $1 = results file, $2 = peer name, $3 = number of messages.
check_errors() {
  local errors
  errors="$(count_errors "$1")"
  if [ "$errors" -eq "$3" ]; then
    echo "$2 failed on every message ($errors); its results are not written. First error: $(grep -m 1 -o '"error":"[^"]*' "$1" | cut -c10-)" >&2
    exit 1
  fi
}

# Sorts a .jsonl file by its "path" field (the 8th field when split on double quotes) in place.
sort_by_path() {
  LC_ALL=C sort -t'"' -k8,8 -o "$1" "$1"
}

# Prints, for a results .jsonl: per group the count, flagged as spam, rate and errors; then all ham and all spam.
summarize() {
  local file="$1" name="$2"
  awk -v name="$name" '
    {
      path = $0; sub(/.*"path":"/, "", path); sub(/".*/, "", path)
      group = path; sub(/\/.*/, "", group)
      n[group]++
      kind = (group ~ /^spam/) ? "all spam" : "all ham"
      n[kind]++
      if ($0 ~ /"error":/) { err[group]++; err[kind]++ }
      else if ($0 ~ /"spam":true/) { flagged[group]++; flagged[kind]++ }
    }
    END {
      printf "%s: per group (flagged = judged spam by the peer; rate over scanned messages without error)\n", name
      printf "  %-12s %7s %8s %8s %7s\n", "group", "count", "flagged", "rate", "errors"
      m = 0
      for (g in n) if (g !~ /^all /) groups[++m] = g
      # insertion sort: groups in name order, then the two totals
      for (i = 2; i <= m; i++) { v = groups[i]; j = i - 1; while (j > 0 && groups[j] > v) { groups[j + 1] = groups[j]; j-- } groups[j + 1] = v }
      groups[++m] = "all ham"; groups[++m] = "all spam"
      for (i = 1; i <= m; i++) {
        g = groups[i]; if (!(g in n)) continue
        ok = n[g] - err[g]
        printf "  %-12s %7d %8d %7.2f%% %7d\n", g, n[g], flagged[g], (ok > 0 ? 100 * flagged[g] / ok : 0), err[g]
      }
    }' "$file"
}
