#!/usr/bin/env bash
# Copy the collection (tracked and new, not ignored files) to DEST/ansible_collections/fujitsu/eternus.
# ansible-test resolves symlinks and needs that path shape, so it runs on this copy.
set -euo pipefail
dest=${1:?usage: stage_collection.sh DEST}
root=$(cd "$(dirname "$0")/.." && pwd)
target="$dest/ansible_collections/fujitsu/eternus"
# ansible-test's virtual environment for --venv (tests/output/.tmp/delegation) outlives the copy: made once, it is
# reused by the next sanity or units run on this copy instead of being installed again.
delegation="tests/output/.tmp/delegation"
kept="$dest/.delegation"
rm -rf "$kept"
if [ -d "$target/$delegation" ]; then
  mv "$target/$delegation" "$kept"
fi
rm -rf "$target"
mkdir -p "$target"
cd "$root"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$target"
# The copy sits inside this repository's ignored build/ folder; a repository of its own
# makes ansible-test list the copy's files instead of finding them all ignored.
git -C "$target" init -q
git -C "$target" add -A
if [ -d "$kept" ]; then
  mkdir -p "$target/$(dirname "$delegation")"
  mv "$kept" "$target/$delegation"
fi
echo "$target"
