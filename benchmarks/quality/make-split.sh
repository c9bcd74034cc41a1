#!/usr/bin/env bash
# make-split.sh - writes the fixed, stratified train/validation/test split of the SpamAssassin public corpus that
# SentiMail's model and the quality comparison use, as lists of message checksums.
#
# Rule (deterministic, no random generator): within each corpus group, messages are ordered by
# SHA-256("sentimail-split-1:" + SHA-256 of the message file), then the first 60 % go to train, the next 20 % to
# validation and the rest to test. Identical messages (same checksum) are listed once, in the group where they
# first appear, so that no message is in two parts.
#
# Output: benchmarks/quality/split/{train,validation,test}.txt, one line per message: "<sha256> <group>/<file>",
# sorted. The lists are committed; this script re-creates them byte for byte from the corpus.
#
# `sentimail model split --corpus <corpus> --output <folder>` applies the same rule (CorpusSplit.Make) and gives the
# same three files byte for byte.
#
# Usage: benchmarks/quality/make-split.sh   (fetches the corpus with eng/get-corpus.sh when needed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$(bash "$root/eng/get-corpus.sh")"
out="$root/benchmarks/quality/split"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

declare -A seen=()
for group in easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2; do
  : >"$tmp/$group"
  while read -r sum path; do
    [ -z "${seen[$sum]:-}" ] || continue
    seen[$sum]=1
    key="$(printf 'sentimail-split-1:%s' "$sum" | sha256sum | cut -d' ' -f1)"
    printf '%s %s %s/%s\n' "$key" "$sum" "$group" "$(basename "$path")" >>"$tmp/$group"
  done < <(cd "$data/$group" && LC_ALL=C ls -1 -- *.txt | xargs sha256sum | LC_ALL=C sort -k2)
  LC_ALL=C sort -o "$tmp/$group" "$tmp/$group"
  n="$(wc -l <"$tmp/$group")"
  train=$((n * 60 / 100)); validation=$((n * 20 / 100))
  awk -v train="$train" -v validation="$validation" -v dir="$tmp" '{
    part = NR <= train ? "train" : (NR <= train + validation ? "validation" : "test")
    print $2 " " $3 >>(dir "/" part)
  }' "$tmp/$group"
done

for part in train validation test; do
  LC_ALL=C sort "$tmp/$part" >"$out/$part.txt"
  echo "make-split: $part $(wc -l <"$out/$part.txt") messages" >&2
done
