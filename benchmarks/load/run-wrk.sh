#!/usr/bin/env bash
# run-wrk.sh - bounded HTTP load benchmark of POST /api/v1/analyses on loopback.
#
# Starts benchmarks/SentiMail.LoadServer (the SentiMail API with API-key authentication, the real engine offline and
# an in-memory store) on 127.0.0.1 with a free port, then drives it with wrk (Debian package, installed when missing):
# every request uploads the same ~5 KB message (samples/messages/phishing-paypal-en.eml) as message/rfc822 with a
# valid API key. A warm-up run (not reported) precedes the measured run: it must be long, as tiered compilation
# and dynamic PGO keep recompiling for tens of seconds (server CPU per request, measured here: ~2 ms after 8 s of
# warm-up, ~0.5 ms after 40 s). Prints wrk's report with its latency
# distribution, the count of responses other than 201 Created, and one summary line:
#   load: <requests/s> analyses/s, p50 <ms>, p99 <ms>, non-201 <n> (<connections> connections, <seconds> s)
#
# Usage: benchmarks/load/run-wrk.sh
# Environment: DURATION (seconds, default 20), WARMUP (seconds, default 40), CONNECTIONS (default 16),
#              THREADS (wrk threads, default 1), MESSAGE (file to upload, default the sample above).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${DURATION:-20}"
warmup="${WARMUP:-40}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-1}"
message="${MESSAGE:-$root/samples/messages/phishing-paypal-en.eml}"

if ! command -v wrk >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "run-wrk: installing wrk" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends wrk
fi

dotnet build "$root/benchmarks/SentiMail.LoadServer/SentiMail.LoadServer.csproj" -c Release --nologo -v q >&2
server_dll="$root/artifacts/bin/SentiMail.LoadServer/release/SentiMail.LoadServer.dll"

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

mkfifo "$tmp/stdin"
dotnet "$server_dll" <"$tmp/stdin" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
exec 3>"$tmp/stdin" # the server runs until this descriptor closes

for _ in $(seq 1 300); do
  grep -q '^key ' "$tmp/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; echo "run-wrk: the server did not start" >&2; exit 1; }
  sleep 0.1
done
url="$(sed -n 's/^url //p' "$tmp/server.out")"
key="$(sed -n 's/^key //p' "$tmp/server.out")"
[ -n "$url" ] && [ -n "$key" ] || { echo "run-wrk: no url/key from the server" >&2; exit 1; }

# wrk script: POST the message; count responses other than 201 per thread and sum them at the end.
cp "$message" "$tmp/message.eml"
cat >"$tmp/post.lua" <<LUA
local f = assert(io.open("$tmp/message.eml", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "message/rfc822"
wrk.headers["Authorization"] = "ApiKey $key"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failures = 0 end
function response(status, headers, body) if status ~= 201 then failures = failures + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("failures") end
  io.write(string.format("non-201 responses: %d\n", total))
  io.write(string.format("summary: %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, total, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
LUA

echo "run-wrk: server $url, message $(wc -c <"$message") bytes, warm-up ${warmup}s" >&2
wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$tmp/post.lua" "${url}/api/v1/analyses" >/dev/null
echo "run-wrk: measuring ${duration}s with $connections connections, $threads wrk thread(s)" >&2
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$tmp/post.lua" "${url}/api/v1/analyses" | tee "$tmp/wrk.out"

read -r rps p50 p99 non201 socket_errors < <(sed -n 's/^summary: //p' "$tmp/wrk.out")
echo "load: $rps analyses/s, p50 ${p50} ms, p99 ${p99} ms, non-201 $non201, socket errors $socket_errors ($connections connections, ${duration} s, $(nproc) cores shared by server and wrk)"
if [ "$non201" != "0" ] || [ "$socket_errors" != "0" ]; then
  echo "run-wrk: some requests failed" >&2
  exit 1
fi
