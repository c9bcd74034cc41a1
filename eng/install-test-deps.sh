#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian. Safe to run again: it installs only what is
# missing. Each package is listed with the tests that need it.
set -euo pipefail

packages=(
  dnsmasq-base   # a real authoritative DNS server on loopback for the SPF, DKIM and DMARC end-to-end tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: nothing to install" >&2
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "install-test-deps: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
