#!/usr/bin/env bash
# Run the rec_failover role's molecule scenarios (no containers; each starts and stops its own simulator).
#   tools/test_role_molecule.sh [SCENARIO...]     default: default unplanned
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.venv/bin:$PATH" PY_COLORS=0 NO_COLOR=1 ANSIBLE_NOCOLOR=1
cd "$root/roles/rec_failover"
for scenario in "${@:-default unplanned}"; do
  for name in $scenario; do molecule test -s "$name"; done
done
