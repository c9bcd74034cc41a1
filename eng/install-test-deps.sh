#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian. Safe to run again: it installs only what is
# missing. Each package is listed with the tests that need it.
set -euo pipefail

packages=(
  dnsmasq-base   # a real authoritative DNS server on loopback for the SPF, DKIM and DMARC end-to-end tests
  crowdsec       # the real CrowdSec Local API for the bouncer and watcher tests (eng/crowdsec/start-lapi.sh)
  openssl        # openssl s_client, the real TLS client of the host's TLS tests (tests/SentiMail.Host.Tests/Tls)
  nginx          # nginx -t and the loopback proxy tests of deploy/nginx/sentimail.conf (tests/SentiMail.Deploy.Tests)
  postgresql     # a private PostgreSQL cluster for the SentiMail.Host store and pg_dump backup tests (eng/postgres/start.sh)
  util-linux     # unshare, setpriv, findmnt: the container runtime test runs the host as the image user on a read-only root
  mount          # mount -o remount,bind,ro inside that test's private mount namespace (tests/SentiMail.Deploy.Tests/Docker)
  chromium       # the real headless browser (/usr/bin/chromium) that Playwright drives in tests/SentiMail.Host.BrowserTests; no browser download
  fonts-liberation # fonts for Chromium (a recommendation that --no-install-recommends leaves out), so the UI screenshots show text
)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: nothing to install" >&2
  exit 0
fi

for p in "${missing[@]}"; do
  if [ "$p" = crowdsec ]; then
    # Debian's documented opt-out (README.Debian), BEFORE apt installs crowdsec: without it the postinst runs
    # `cscli capi register`, which fails offline and leaves the package half-configured. An existing file (real
    # credentials, or our comment from an earlier run) is left alone.
    if [ ! -e /etc/crowdsec/online_api_credentials.yaml ]; then
      "${sudo_cmd[@]}" install -d -m 0755 /etc/crowdsec
      printf '# no thanks: offline LAPI only, no CAPI registration\n' \
        | "${sudo_cmd[@]}" tee /etc/crowdsec/online_api_credentials.yaml >/dev/null
    fi
  fi
done

echo "install-test-deps: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
# A package left half-configured by an earlier failed run (e.g. crowdsec before the opt-out existed) is finished first.
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" dpkg --configure -a
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
