#!/usr/bin/env bash
# Build the collection tarball and the execution environment's build context (ansible-builder create, no
# container engine needed), and check that the context installs the tarball and our Python and system
# requirements, and that ansible-builder finds them in the installed collection's meta/execution-environment.yml
# (how it sees them when the collection is a dependency of someone else's execution environment).
# Exits non-zero on any difference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.venv/bin"
export PATH="$bin:$PATH"
version=$("$bin/python" -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')
tarball="fujitsu-eternus-$version.tar.gz"
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf build/dist build/ee build/ee-introspect
ansible-galaxy collection build --output-path build/dist >/dev/null
[ -f "build/dist/$tarball" ] || fail "ansible-galaxy collection build did not write build/dist/$tarball"
grep -q "build/dist/$tarball" execution-environment.yml \
  || fail "execution-environment.yml does not name build/dist/$tarball (galaxy.yml version $version)"

ansible-builder create -f execution-environment.yml -c build/ee >build/ee.log 2>&1 \
  || { cat build/ee.log >&2; fail "ansible-builder create failed"; }

containerfile=build/ee/Dockerfile
[ -f "$containerfile" ] || containerfile=build/ee/Containerfile
[ -f "$containerfile" ] || fail "no Containerfile in build/ee"
cmp -s "build/ee/_build/$tarball" "build/dist/$tarball" || fail "build/ee/_build/$tarball is not the built tarball"
grep -q "COPY _build/$tarball " "$containerfile" || fail "$containerfile does not copy the tarball"
grep -qx "requests>=2.25.0" build/ee/_build/requirements.txt || fail "build/ee/_build/requirements.txt does not name requests"
cmp -s build/ee/_build/bindep.txt bindep.txt || fail "build/ee/_build/bindep.txt differs from bindep.txt"
"$bin/python" - "$tarball" <<'PY' || exit 1
import sys, yaml
wanted = "/build/" + sys.argv[1]
collections = yaml.safe_load(open("build/ee/_build/requirements.yml"))["collections"]
if {"name": wanted, "type": "file"} not in collections:
    sys.exit(f"FAIL: build/ee/_build/requirements.yml installs {collections}, not {wanted}")
PY

# What the image's introspection step reads from the installed collection.
ANSIBLE_COLLECTIONS_PATH="$root/build/ee-introspect" ansible-galaxy collection install --force "build/dist/$tarball" \
  -p build/ee-introspect >/dev/null
ansible-builder introspect build/ee-introspect --write-pip build/ee-introspect/requirements.txt \
  --write-bindep build/ee-introspect/bindep.txt >/dev/null
grep -q "^requests>=2.25.0" build/ee-introspect/requirements.txt \
  || fail "ansible-builder introspect does not find requests in the installed collection: $(cat build/ee-introspect/requirements.txt)"
grep -q "^ca-certificates" build/ee-introspect/bindep.txt \
  || fail "ansible-builder introspect does not find bindep.txt in the installed collection"
echo "PASS: build/ee installs build/dist/$tarball with requests and bindep.txt; the collection declares them too"
