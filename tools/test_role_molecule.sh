#!/usr/bin/env bash
# Run the roles' molecule scenarios (no containers; each starts and stops its own simulator, on ports of its own).
#   tools/test_role_molecule.sh [SCENARIO...]     default: rec_failover's default and unplanned, rec_failback's and rec_dr_test's default
#   A scenario is NAME (of rec_failover) or ROLE/NAME, e.g. rec_failback/default.
# MOLECULE_JOBS scenarios run at a time (default 2: they mostly wait for their simulators); each one's output is shown
# once it has ended, and every scenario runs even when another fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.venv/bin:$PATH" PY_COLORS=0 NO_COLOR=1 ANSIBLE_NOCOLOR=1
# Ansible's and molecule's own files (temporary files, the ephemeral scenario state) stay in the checkout.
export ANSIBLE_HOME="$root/build/ansible-home" ANSIBLE_LOCAL_TEMP="$root/build/ansible-home/tmp" XDG_CACHE_HOME="$root/build/cache"
export ANSIBLE_REMOTE_TEMP="$root/build/ansible-home/remote-tmp"
logs="$root/build/molecule-logs"
mkdir -p "$logs"
jobs=${MOLECULE_JOBS:-2}

# run_scenario ROLE NAME: molecule test, its output in the log folder, its result in <log>.rc.
run_scenario() {
  local log="$logs/$1-$2.log"
  (cd "$root/roles/$1" && molecule test -s "$2") >"$log" 2>&1 </dev/null
  echo $? >"$log.rc"
}

scenarios=()
for scenario in "${@:-default unplanned rec_failback/default rec_dr_test/default}"; do
  for name in $scenario; do
    case "$name" in
      */*) scenarios+=("${name%%/*}:${name#*/}") ;;
      *) scenarios+=("rec_failover:$name") ;;
    esac
  done
done

running=0
for spec in "${scenarios[@]}"; do
  rm -f "$logs/${spec/:/-}.log.rc"
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_scenario "${spec%%:*}" "${spec#*:}" &
  running=$((running + 1))
done
wait

rc=0
for spec in "${scenarios[@]}"; do
  log="$logs/${spec/:/-}.log"
  echo "== molecule ${spec/:/ scenario }: $( [ "$(cat "$log.rc" 2>/dev/null)" = 0 ] && echo passed || echo FAILED)"
  cat "$log"
  [ "$(cat "$log.rc" 2>/dev/null)" = 0 ] || rc=1
done
exit "$rc"
