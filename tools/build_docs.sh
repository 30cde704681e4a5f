#!/usr/bin/env bash
# Build the collection's HTML documentation site into build/docsite/ (module and role pages from the
# collection's own docs and meta/argument_specs.yml, the guides in docs/docsite/rst/), strictly (-W) and offline:
# references to docs.ansible.com resolve through a small local intersphinx inventory.
# Needs .venv with requirements-test.txt and docs/docsite/requirements.txt (make docs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.venv/bin"
src="$root/build/docsite-src"
out="$root/build/docsite"
export PATH="$bin:$PATH" ANSIBLE_NOCOLOR=1
# Only this checkout, whatever else is installed on the machine.
collections="$root/build/docsite-collections"
mkdir -p "$collections/ansible_collections/fujitsu"
ln -sfn "$root" "$collections/ansible_collections/fujitsu/eternus"
export ANSIBLE_COLLECTIONS_PATH="$collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
# antsibull writes its log (antsibull.log) into the home directory: give it one under build/.
antsibull_home="$root/build/antsibull-home"
mkdir -p "$antsibull_home"

rm -rf "$src" "$out"
# antsibull-docs wants its directories writable by the owner only (chmod: mkdir -m with -p sets the mode of the
# deepest directory only, shellcheck SC2174).
mkdir -p "$src"
chmod 700 "$src"
HOME="$antsibull_home" antsibull-docs sphinx-init --use-current --squash-hierarchy --dest-dir "$src" \
  --project fujitsu.eternus --copyright "fujitsu.eternus contributors" \
  --title "fujitsu.eternus collection documentation" --html-short-title fujitsu.eternus fujitsu.eternus >/dev/null
"$bin/python" tools/docs_intersphinx_inventory.py "$src/ansible_devel.inv"
cat >>"$src/conf.py" <<PY

# Offline and strict: the Ansible documentation's labels from a local inventory, links still to docs.ansible.com.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$src/ansible_devel.inv'),
}
PY
mkdir -p "$src/rst"
chmod 700 "$src/rst"
HOME="$antsibull_home" antsibull-docs --config-file "$src/antsibull-docs.cfg" collection --cleanup everything --use-current \
  --squash-hierarchy --fail-on-error --dest-dir "$src/rst" fujitsu.eternus >/dev/null
sphinx-build -b html -c "$src" -W --keep-going -q "$src/rst" "$out"
echo "docs site: $out/index.html"
