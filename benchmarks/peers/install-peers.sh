#!/usr/bin/env bash
# install-peers.sh - installs the peer spam filters that SentiMail's quality comparison runs against, from Debian's
# own packages: SpamAssassin 4.0.1 (spamassassin, spamd, spamc) and Rspamd 3.4 (rspamd).
#
# - Idempotent: installs only what is missing; a second run only checks.
# - Runs as root, or through sudo.
# - No network use beyond apt itself: it never runs sa-update, never registers anywhere, and does not install
#   sa-compile or redis-server (recommended by the packages, not needed by the run scripts).
# - No service is left running system-wide: while apt runs, a temporary policy-rc.d (when the machine has none)
#   stops the packages from starting their daemons; afterwards the spamd and rspamd units are stopped and disabled
#   when systemd is in charge. benchmarks/peers/run-*.sh start their own instances on loopback from temp folders.
#
# Usage: benchmarks/peers/install-peers.sh
set -euo pipefail

packages=(
  spamassassin   # sa-learn, the rules (/usr/share/spamassassin) and the Perl engine
  spamd          # the spamd daemon (run-spamassassin.sh starts its own on 127.0.0.1)
  spamc          # the spamd client used to scan each message
  rspamd         # rspamd and rspamc (run-rspamd.sh starts its own on 127.0.0.1)
  jq             # run-rspamd.sh reads the action and score out of rspamc's JSON reply
)
services=(spamd spamassassin rspamd)

log() { printf 'install-peers: %s\n' "$*" >&2; }

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    # Debian's documented way (invoke-rc.d(8)) to keep maintainer scripts from starting daemons.
    printf '#!/bin/sh\n# temporary, from SentiMail install-peers.sh: do not start services\nexit 101\n' \
      | "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod 0755 "$policy"
    own_policy=1
  fi
  cleanup() { if [ "$own_policy" -eq 1 ]; then "${sudo_cmd[@]}" rm -f "$policy"; fi; }
  trap cleanup EXIT
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}"
  cleanup
  trap - EXIT
else
  log "nothing to install: ${packages[*]} already present"
fi

# Leave no package daemon running or enabled system-wide: stop the units where systemd is in charge, and disable
# them at boot in any case (systemctl edits the links even when systemd is not running).
for s in "${services[@]}"; do
  [ -f "/lib/systemd/system/$s.service" ] || [ -f "/etc/init.d/$s" ] || continue
  # Only the unit itself (its own cgroup) is stopped: spamd/rspamd instances started by the run scripts or by tests
  # are left alone. Without systemd nothing was started, as the policy above denied it.
  if [ -d /run/systemd/system ]; then
    "${sudo_cmd[@]}" systemctl stop "$s.service" >/dev/null 2>&1 || true
  fi
  if command -v systemctl >/dev/null 2>&1; then
    "${sudo_cmd[@]}" systemctl disable "$s.service" >/dev/null 2>&1 || true
  fi
done

for tool in spamd spamc sa-learn rspamd rspamc jq; do
  command -v "$tool" >/dev/null 2>&1 || { log "error: $tool not found after install"; exit 1; }
done
log "spamassassin $(dpkg-query -W -f='${Version}' spamassassin), rspamd $(dpkg-query -W -f='${Version}' rspamd): ready"
