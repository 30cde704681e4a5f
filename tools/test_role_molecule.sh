#!/usr/bin/env bash
# Run the roles' molecule scenarios (no containers; each starts and stops its own simulator).
#   tools/test_role_molecule.sh [SCENARIO...]     default: rec_failover's default and unplanned, rec_failback's and rec_dr_test's default
#   A scenario is NAME (of rec_failover) or ROLE/NAME, e.g. rec_failback/default.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.venv/bin:$PATH" PY_COLORS=0 NO_COLOR=1 ANSIBLE_NOCOLOR=1
# Ansible's and molecule's own files (temporary files, the ephemeral scenario state) stay in the checkout.
export ANSIBLE_HOME="$root/build/ansible-home" ANSIBLE_LOCAL_TEMP="$root/build/ansible-home/tmp" XDG_CACHE_HOME="$root/build/cache"
for scenario in "${@:-default unplanned rec_failback/default rec_dr_test/default}"; do
  for name in $scenario; do
    case "$name" in
      */*) role=${name%%/*} name=${name#*/} ;;
      *) role=rec_failover ;;
    esac
    (cd "$root/roles/$role" && molecule test -s "$name")
  done
done
