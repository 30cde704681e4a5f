#!/usr/bin/env bash
# The full REC cycle of three array pairs against the simulator, with the collection's playbooks:
# planned failover (playbooks/rec_failover.yml on the primaries) -> failback (playbooks/rec_failback.yml on the
# secondaries) -> switch back (the same, rec_failback_phase=switch_back) -> every pair Active and Equivalent in the
# ORIGINAL direction. Every step runs twice; the rerun must show changed=0 in the PLAY RECAP and send no request that
# changes state. A failback rehearsal (--check) must send nothing. States are checked through the simulator's admin API.
#   tools/test_full_cycle.sh            (FULL_CYCLE_PORT_OFFSET, default 900)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="$root/.sim-full-cycle"
bin="$root/.venv/bin"
export PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/build/collections" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

SIM_PORT_OFFSET=${FULL_CYCLE_PORT_OFFSET:-900} tools/simulator.sh start "$state"
trap 'tools/simulator.sh stop "$state"' EXIT
rm -rf "$state/reports" "$state"/*.log
mkdir -p "$state/reports"

# The simulator's real ports override the inventory's default ones (a later inventory source wins); a resumed copy
# takes one second instead of the scenario's three.
"$bin/python" - "$state" >"$state/ports.yml" <<'PY'
import json, ssl, sys, urllib.request
running = json.load(open(sys.argv[1] + "/simulator.json"))
context = ssl.create_default_context(cafile=running["ca_path"])
request = urllib.request.Request(running["arrays"]["site-a"]["url"] + "/admin/settings", method="PUT",
                                 data=json.dumps({"resume_copy_seconds": 1}).encode(), headers={"Content-Type": "application/json"})
urllib.request.urlopen(request, context=context)
print("eternus_arrays:\n  hosts:")
for name, info in running["arrays"].items():
    print(f"    {name}: {{eternus_port: {info['port']}}}")
PY

run_playbook() {
  local log=$1 playbook=$2; shift 2
  set +e
  ansible-playbook -i playbooks/inventory/simulator.yml -i "$state/ports.yml" "playbooks/$playbook" \
    -e @"$state/connection.yml" --forks 3 "$@" >"$state/$log" 2>&1
  local rc=$?
  set -e
  if [ $rc -ne 0 ]; then echo "FAIL: ansible-playbook $playbook $* exited $rc; log:" >&2; cat "$state/$log" >&2; exit 1; fi
}

# PLAY RECAP of each host of the step: "some" changed, or "zero" changed.
check_recap() {
  local log=$1 expect=$2; shift 2
  local host count
  for host in "$@"; do
    count=$(sed -n "s/^$host *: .*changed=\([0-9]*\).*/\1/p" "$state/$log")
    if [ -z "$count" ]; then echo "FAIL: no PLAY RECAP line for $host in $log" >&2; exit 1; fi
    if [ "$expect" = zero ] && [ "$count" != 0 ]; then echo "FAIL: $host changed=$count in $log, expected 0" >&2; exit 1; fi
    if [ "$expect" = some ] && [ "$count" = 0 ]; then echo "FAIL: $host changed=0 in $log, expected a change" >&2; exit 1; fi
  done
}

# Sessions of every pair on both arrays and the state-changing requests sent so far, against what the step must leave.
check_simulator() {
  "$bin/python" - "$state" "$1" <<'PY'
import json, ssl, sys, urllib.request
state, step = sys.argv[1], sys.argv[2]
running = json.load(open(state + "/simulator.json"))
context = ssl.create_default_context(cafile=running["ca_path"])
pairs = {("site-a", "site-b"): [1, 2, 3, 4, 12], ("site-c", "site-d"): [1, 2, 3], ("site-e", "site-f"): [1, 2, 3]}
# site-a's session 12 is suspended in the scenario already: the failover sends no suspend for it.
suspended_before = {("site-a", "site-b"): 1}
# step -> (status, phase, primary holds the copy source, suspends, reverses and resumes per session so far)
expected = {
    "failover": ("Suspend", "Equivalent", True, 1, 0, 0),
    "failback-rehearsal": ("Suspend", "Equivalent", True, 1, 0, 0),
    "failback": ("Active", "Equivalent", False, 1, 1, 1),
    "switch_back": ("Active", "Equivalent", True, 2, 2, 2),
}[step]
status, phase, primary_is_source, suspends, reverses, resumes = expected


def get(array, path):
    return json.load(urllib.request.urlopen(running["arrays"][array]["url"] + "/admin/" + path, context=context))


problems = []
for (primary, secondary), primary_ids in pairs.items():
    views = {primary: {s["copysession_id"]: s for s in get(primary, "sessions")},
             secondary: {s["copysession_id"]: s for s in get(secondary, "sessions")}}
    for sid in primary_ids:
        for array, local_id, is_source in ((primary, sid, primary_is_source), (secondary, sid + 100, not primary_is_source)):
            session = views[array][local_id]
            seen = (session["status"], session["phase"], session["is_local_source_volume"])
            if seen != (status, phase, is_source):
                problems.append(f"{array} session {local_id}: {seen}, expected {(status, phase, is_source)}")
    sent = {"suspend": 0, "reverse": 0, "resume": 0}
    for array in (primary, secondary):
        counters = get(array, "counters")
        if counters["open_sessions"] != 0:
            problems.append(f"{array}: {counters['open_sessions']} API login(s) left open")
        for entry in counters["log"]:
            if entry["method"] != "POST" or entry["path"] == "/api/v1/session":
                continue
            if entry["template"] == "/api/v1/copysession/suspend":
                sent["suspend"] += len(entry["body"]["copysession_id_list"])
                if entry["body"].get("force"):
                    problems.append(f"{array}: a forced suspend was sent: {entry['body']}")
            else:
                sent[entry["path"].rsplit("/", 1)[-1]] += 1
    want = {"suspend": suspends * len(primary_ids) - suspended_before.get((primary, secondary), 0), "reverse": reverses * len(primary_ids), "resume": resumes * len(primary_ids)}
    if sent != want:
        problems.append(f"{primary}/{secondary}: sessions sent to {sent}, expected {want}")
if problems:
    sys.exit("FAIL (%s):\n  " % step + "\n  ".join(problems))
print(f"ok ({step}): every pair {status}/{phase}, copy source on the {'primary' if primary_is_source else 'secondary'}, requests as expected")
PY
}

primaries=(site-a site-c site-e)
secondaries=(site-b site-d site-f)
failback=(-e rec_failback_copy_poll_seconds=1 -e rec_failback_report_dir="$state/reports")

run_playbook failover.log rec_failover.yml
check_recap failover.log some "${primaries[@]}"
check_simulator failover
run_playbook failover-rerun.log rec_failover.yml
check_recap failover-rerun.log zero "${primaries[@]}"
check_simulator failover

run_playbook failback-rehearsal.log rec_failback.yml "${failback[@]}" --check
check_recap failback-rehearsal.log zero "${secondaries[@]}"
check_simulator failback-rehearsal

run_playbook failback.log rec_failback.yml "${failback[@]}"
check_recap failback.log some "${secondaries[@]}"
check_simulator failback
run_playbook failback-rerun.log rec_failback.yml "${failback[@]}"
check_recap failback-rerun.log zero "${secondaries[@]}"
check_simulator failback

run_playbook switch-back.log rec_failback.yml "${failback[@]}" -e rec_failback_phase=switch_back
check_recap switch-back.log some "${secondaries[@]}"
check_simulator switch_back
run_playbook switch-back-rerun.log rec_failback.yml "${failback[@]}" -e rec_failback_phase=switch_back
check_recap switch-back-rerun.log zero "${secondaries[@]}"
check_simulator switch_back

password=$("$bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["eternus_password"])' "$state/connection.yml")
if grep -rlF -- "$password" "$state/reports" >/dev/null; then echo "FAIL: a report in $state/reports holds the password" >&2; exit 1; fi
for host in "${secondaries[@]}"; do
  for phase in failback switch_back; do
    test -s "$state/reports/rec_failback-$phase-$host.json" || { echo "FAIL: no $phase report for $host" >&2; exit 1; }
  done
done
grep -A4 '^PLAY RECAP' "$state/switch-back-rerun.log"
echo "PASS: failover -> failback -> switch back of three array pairs; every pair Active/Equivalent in the original direction, every rerun changed nothing"
