#!/usr/bin/env bash
# Fail over three array pairs (site-a, site-c, site-e) in parallel with playbooks/rec_failover.yml against
# the simulator: a rehearsal (--check) that must send nothing, a run that suspends, a rerun that changes
# nothing. site-c runs the role with rec_failover_stepwise (a module run per step), the others by default. Checks the outcome through the simulator's own view; exits non-zero on any difference.
#   tools/test_failover_playbook.sh            (FAILOVER_TEST_PORT_OFFSET, default 300)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="$root/.sim-failover-playbook"
bin="$root/.venv/bin"
export PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/build/collections" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
hosts=(site-a site-c site-e)

SIM_PORT_OFFSET=${FAILOVER_TEST_PORT_OFFSET:-300} tools/simulator.sh start "$state"
trap 'tools/simulator.sh stop "$state"' EXIT
rm -rf "$state/reports" "$state/first-run-reports"
mkdir -p "$state/reports"

# The simulator's real ports override the inventory's default ones (a later inventory source wins);
# site-c takes the stepwise path of the role.
"$bin/python" - "$state" >"$state/ports.yml" <<'PY'
import json, sys
arrays = json.load(open(sys.argv[1] + "/simulator.json"))["arrays"]
print("eternus_arrays:\n  hosts:")
for name, info in arrays.items():
    stepwise = ", rec_failover_stepwise: true" if name == "site-c" else ""
    print(f"    {name}: {{eternus_port: {info['port']}{stepwise}}}")
PY

run_playbook() {
  local log=$1; shift
  set +e
  ansible-playbook -i playbooks/inventory/simulator.yml -i "$state/ports.yml" playbooks/rec_failover.yml \
    -e @"$state/connection.yml" -e rec_failover_report_dir="$state/reports" --forks 3 "$@" >"$log" 2>&1
  local rc=$?
  set -e
  if [ $rc -ne 0 ]; then echo "FAIL: ansible-playbook $* exited $rc; log:" >&2; cat "$log" >&2; exit 1; fi
}

# PLAY RECAP line of a host -> its changed= count.
changed_count() { sed -n "s/^$2 *: .*changed=\([0-9]*\).*/\1/p" "$1"; }

check_recap() {
  local log=$1 expect=$2 host count
  for host in "${hosts[@]}"; do
    count=$(changed_count "$log" "$host")
    if [ -z "$count" ]; then echo "FAIL: no PLAY RECAP line for $host in $log" >&2; exit 1; fi
    if [ "$expect" = zero ] && [ "$count" != 0 ]; then echo "FAIL: $host changed=$count in $log, expected 0" >&2; exit 1; fi
    if [ "$expect" = some ] && [ "$count" = 0 ]; then echo "FAIL: $host changed=0 in $log, expected a change" >&2; exit 1; fi
  done
}

# Compare the simulator's sessions and request log with what the runs so far may have done.
check_simulator() {
  "$bin/python" - "$state" "$1" <<'PY'
import json, ssl, sys, urllib.request
state, phase = sys.argv[1], sys.argv[2]
running = json.load(open(state + "/simulator.json"))
context = ssl.create_default_context(cafile=running["ca_path"])
selected = {"site-a": [1, 2, 3, 4, 12], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
sent = {"site-a": [1, 2, 3, 4], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
# One login per run by default; the stepwise site-c logs in once to rehearse, four times to fail over
# (preflight, suspend, job wait, read back) and twice to rerun (preflight, read back).
logins = {"rehearsal": {"site-a": 1, "site-c": 1, "site-e": 1}, "failover": {"site-a": 2, "site-c": 5, "site-e": 2},
          "rerun": {"site-a": 3, "site-c": 7, "site-e": 3}}[phase]
problems = []
for array, ids in selected.items():
    admin = running["arrays"][array]["url"] + "/admin"
    sessions = {s["copysession_id"]: s for s in json.load(urllib.request.urlopen(admin + "/sessions", context=context))}
    counters = json.load(urllib.request.urlopen(admin + "/counters", context=context))
    bodies = [e["body"] for e in counters["log"] if e["template"] == "/api/v1/copysession/suspend"]
    expected_status = {sid: ("Suspend" if phase != "rehearsal" or sid == 12 else "Active") for sid in ids}
    for sid, status in expected_status.items():
        if sessions[sid]["status"] != status:
            problems.append(f"{array} session {sid}: {sessions[sid]['status']}, expected {status}")
    if array == "site-a":
        untouched = [sid for sid in (5, 6, 7, 13) if sessions[sid]["status"] != "Active"]
        if untouched:
            problems.append(f"site-a sessions outside db_* changed: {untouched}")
    expected_bodies = [] if phase == "rehearsal" else [sent[array]]
    if [b["copysession_id_list"] for b in bodies] != expected_bodies or any(b.get("force") for b in bodies):
        problems.append(f"{array} suspend requests {bodies}, expected the lists {expected_bodies} without force")
    if counters["open_sessions"] != 0:
        problems.append(f"{array}: {counters['open_sessions']} API login(s) left open")
    if counters["logins"] != logins[array]:
        problems.append(f"{array}: {counters['logins']} logins so far, expected {logins[array]}")
if problems:
    sys.exit("FAIL (%s):\n  " % phase + "\n  ".join(problems))
print(f"ok ({phase}): simulator state and requests as expected")
PY
}

check_reports() {
  "$bin/python" - "$state" "$1" <<'PY'
import json, sys, yaml
state, phase = sys.argv[1], sys.argv[2]
password = yaml.safe_load(open(state + "/connection.yml"))["eternus_password"]
expected_suspended = {"site-a": 4, "site-c": 3, "site-e": 3}
problems = []
for array, count in expected_suspended.items():
    path = f"{state}/reports/rec_failover-{array}.json"
    text = open(path).read()
    report = json.loads(text)
    if password in text:
        problems.append(f"{path} contains the password")
    want_suspended = 0 if phase == "rerun" else count
    if report["summary"]["suspended"] != want_suspended:
        problems.append(f"{array}: report says {report['summary']['suspended']} suspended, expected {want_suspended}")
    if report["rehearsal"] != (phase == "rehearsal"):
        problems.append(f"{array}: rehearsal={report['rehearsal']} in the {phase} report")
    after = {s["after"]["status"] for s in report["sessions"]}
    if after != {"Suspend"} or report["summary"]["forced"] != 0:
        problems.append(f"{array}: after states {after}, forced {report['summary']['forced']}")
if problems:
    sys.exit("FAIL (%s reports):\n  " % phase + "\n  ".join(problems))
print(f"ok ({phase}): reports as expected, no password in them")
PY
}

run_playbook "$state/rehearsal.log" --check
check_recap "$state/rehearsal.log" some
check_simulator rehearsal
check_reports rehearsal

run_playbook "$state/first-run.log"
check_recap "$state/first-run.log" some
check_simulator failover
check_reports failover
grep -A12 '"REC failover report for' "$state/first-run.log"

run_playbook "$state/rerun.log"
check_recap "$state/rerun.log" zero
check_simulator rerun
check_reports rerun
grep -A4 '^PLAY RECAP' "$state/rerun.log"
echo "PASS: three array pairs failed over in one run; the rerun changed nothing"
