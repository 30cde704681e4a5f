#!/usr/bin/env bash
# make demo: a planned failover of the simulator's three array pairs with playbooks/rec_failover.yml, then their
# failback with playbooks/rec_failback.yml given the failover's JSON reports, against a simulator of the demo's own.
#   tools/demo.sh [SCENARIO]
# The demo's simulator lives in build/simulators/demo (DEMO_DIR) on the scenario's ports plus SIM_PORT_OFFSET plus 200
# (DEMO_PORT_OFFSET), and is stopped at the end. A simulator started with `make sim-start` (.sim, the scenario's ports)
# is neither stopped nor reset nor used: its state stays as it was.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scenario=${1:-$root/tests/simulator/scenarios/default.yml}
state=${DEMO_DIR:-$root/build/simulators/demo}
offset=$(( ${SIM_PORT_OFFSET:-0} + ${DEMO_PORT_OFFSET:-200} ))
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$root/build/collections}
cd "$root" || exit 1

trap 'tools/simulator.sh stop "$state"; echo "demo simulator stopped ($state)"' EXIT
started=$(SIM_PORT_OFFSET=$offset tools/simulator.sh start "$state" "$scenario") || exit 1
echo "demo ${started%%$'\n'*}"

# The inventory's ports are the scenario's; the demo's simulator has its own.
"$root/.venv/bin/python" - "$state" <<'PY' || exit 1
import json, sys
import yaml
state = sys.argv[1]
arrays = json.load(open(state + "/simulator.json"))["arrays"]
hosts = {name: {"eternus_port": info["port"]} for name, info in arrays.items()}
with open(state + "/ports.yml", "w") as out:
    yaml.safe_dump({"eternus_arrays": {"hosts": hosts}}, out, sort_keys=False)
PY
reports=$state/reports
rm -rf "$reports" && mkdir -p "$reports"
run() {
  echo
  echo "== $*"
  ansible-playbook -i playbooks/inventory/simulator.yml -i "$state/ports.yml" -e @"$state/connection.yml" \
    -e rec_failover_report_dir="$reports" --forks 3 "$@"
}

run playbooks/rec_failover.yml; failover=$?
run playbooks/rec_failback.yml -e rec_failback_report_dir="$reports" -e rec_failback_copy_poll_seconds=1; failback=$?
echo
echo "== JSON reports (audit records): $reports"
ls -1 "$reports"
[ "$failover" = 0 ] && [ "$failback" = 0 ]
