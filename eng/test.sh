#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine that has only the .NET SDK: installs what the tests need,
# builds everything with analyzers as errors, runs every test project, then checks the packed NuGet packages.
# Usage: eng/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash eng/install-test-deps.sh
# SpamAssassin and Rspamd, for the tests of the peer comparison scripts (tests/SentiMail.Cli.Tests/PeerScriptsTests.cs).
bash benchmarks/peers/install-peers.sh

dotnet build SentiMail.sln -c Release --nologo

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test SentiMail.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@" || status=$?

# One plain closing line with the totals of every test project.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  n="$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$status" -eq 0 ]; then
  bash eng/check-packages.sh || status=$?
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "eng/test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
