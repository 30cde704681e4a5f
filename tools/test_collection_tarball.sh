#!/usr/bin/env bash
# Build the collection tarball, install it into a clean temporary path and use ONLY that installed copy:
# ansible-doc shows the modules and the role, an ad hoc rec_session_info reads the simulator with the
# connection from the ETERNUS_* environment, and the collection's own failover playbook
# (fujitsu.eternus.rec_failover) fails over the simulator's three primaries. Exits non-zero on any difference.
#   tools/test_collection_tarball.sh           (TARBALL_TEST_PORT_OFFSET, default 800)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.venv/bin"
state="$root/.sim-tarball"
fail() { echo "FAIL: $*" >&2; exit 1; }

version=$("$bin/python" -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')
rm -rf build/tarball-test
mkdir -p build/tarball-test
"$bin/ansible-galaxy" collection build --output-path build/tarball-test >/dev/null
tarball="$root/build/tarball-test/fujitsu-eternus-$version.tar.gz"
[ -f "$tarball" ] || fail "no $tarball"

clean=$(mktemp -d)
work=$(mktemp -d)
SIM_PORT_OFFSET=${TARBALL_TEST_PORT_OFFSET:-800} tools/simulator.sh start "$state"
trap '"$root/tools/simulator.sh" stop "$state"; rm -rf "$clean" "$work"' EXIT

# Nothing but the clean path: no playbook-adjacent collections, no ~/.ansible, no site-packages, no repo checkout.
export PATH="$bin:$PATH" HOME="$work/home" ANSIBLE_COLLECTIONS_PATH="$clean" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
  ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_LOCAL_TEMP="$work/tmp" ANSIBLE_HOME="$work/ansible-home"
unset PYTHONPATH
mkdir -p "$HOME"
cd "$work"
ansible-galaxy collection install "$tarball" -p "$clean" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "install"; }
installed="$clean/ansible_collections/fujitsu/eternus"
[ -f "$installed/MANIFEST.json" ] || fail "the tarball did not install into $installed"
listed=$(ansible-galaxy collection list fujitsu.eternus 2>/dev/null)
grep -q "^# $clean/ansible_collections" <<<"$listed" || fail "ansible-galaxy does not list the clean path: $listed"
[ "$(grep -c '^# ' <<<"$listed")" = 1 ] || fail "fujitsu.eternus is found in more than the clean path: $listed"

ansible-doc fujitsu.eternus.rec_session_suspend >"$work/doc.txt" || fail "ansible-doc fujitsu.eternus.rec_session_suspend"
grep -q "$installed/plugins/modules/rec_session_suspend.py" "$work/doc.txt" || fail "ansible-doc did not read the installed module"
grep -q "force_reason" "$work/doc.txt" || fail "ansible-doc shows no force_reason option"
ansible-doc -t role fujitsu.eternus.rec_failover >"$work/role-doc.txt" || fail "ansible-doc -t role fujitsu.eternus.rec_failover"
grep -q "rec_failover_mode" "$work/role-doc.txt" || fail "the role's argument specs are not in the installed collection"

# The connection only through the environment, as ad hoc commands and AWX credentials pass it.
eval "$("$bin/python" - "$state" <<'PY'
import json, shlex, sys, yaml
state = sys.argv[1]
conn = yaml.safe_load(open(state + "/connection.yml"))
site_a = json.load(open(state + "/simulator.json"))["arrays"]["site-a"]
for name, value in {"ETERNUS_HOST": site_a["host"], "ETERNUS_PORT": site_a["port"], "ETERNUS_USERNAME": conn["eternus_username"],
                    "ETERNUS_PASSWORD": conn["eternus_password"], "ETERNUS_CA_PATH": conn["eternus_ca_path"]}.items():
    print("export %s=%s" % (name, shlex.quote(str(value))))
PY
)"
ansible localhost -m fujitsu.eternus.rec_session_info -a 'session_ids=1,2,3' -o >"$work/info.txt" 2>&1 \
  || { cat "$work/info.txt" >&2; fail "ad hoc rec_session_info"; }
"$bin/python" - "$work/info.txt" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
result = json.loads(text.split(" => ", 1)[1])
statuses = {s["copysession_id"]: s["status"] for s in result["sessions"]}
if statuses != {1: "Active", 2: "Active", 3: "Active"}:
    sys.exit("FAIL: rec_session_info read %s, expected sessions 1-3 Active" % statuses)
PY
grep -qF "$ETERNUS_PASSWORD" "$work/info.txt" && fail "the password is in the ad hoc output"

# The playbook shipped in the collection, by its FQCN, with the inventory shipped beside it and the simulator's ports.
"$bin/python" - "$state" >"$work/ports.yml" <<'PY'
import json, sys
arrays = json.load(open(sys.argv[1] + "/simulator.json"))["arrays"]
print("eternus_arrays:\n  hosts:")
for name, info in arrays.items():
    print(f"    {name}: {{eternus_port: {info['port']}}}")
PY
unset ETERNUS_HOST ETERNUS_PORT
ansible-playbook -i "$installed/playbooks/inventory/simulator.yml" -i "$work/ports.yml" fujitsu.eternus.rec_failover \
  --forks 3 >"$work/playbook.log" 2>&1 || { cat "$work/playbook.log" >&2; fail "ansible-playbook fujitsu.eternus.rec_failover"; }
for host in site-a site-c site-e; do
  grep -Eq "^$host +: ok=[0-9]+ +changed=[1-9][0-9]* .*failed=0" "$work/playbook.log" \
    || { cat "$work/playbook.log" >&2; fail "$host did not fail over (PLAY RECAP)"; }
done
grep -qF "$ETERNUS_PASSWORD" "$work/playbook.log" && fail "the password is in the playbook output"
echo "PASS: fujitsu-eternus-$version.tar.gz installed into a clean path; ansible-doc, an ad hoc read and the failover playbook work from it"
