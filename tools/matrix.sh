#!/usr/bin/env bash
# Run cells of the version matrix (make matrix, make matrix-ends, make cell-<cell>; tests/matrix/README.md):
#   tools/matrix.sh MATRIX_DIR CELL:PYTHON_VERSION:FULL...
# MATRIX_DIR/<cell>/venv is the cell's virtual environment (made by the Makefile). Every cell runs ansible-test sanity
# (with shellcheck) and units; a cell with FULL=1 also runs the integration targets and the failover playbook test
# against the simulator. The sanity and unit runs of all cells go one after the other (they use the processors) and are
# niced; meanwhile each FULL cell runs its integration targets and then its failover playbook test. Those runs mostly
# wait for the simulator's timings, so the FULL cells run theirs side by side (MATRIX_SIMULATOR_JOBS=1: one after the
# other), each on its own ports (SIM_PORT_OFFSET + 8000 + 300 * its place among the FULL cells), staged copy and
# simulator folders (named by the offset). Every part runs even when another fails.
# Each part's output goes to MATRIX_DIR/<cell>/<part>.log (its end is shown when it fails), its result and time to
# MATRIX_DIR/<cell>/result; the table at the end lists them.
# Environment (the Makefile exports it): ANSIBLE_TEST_HOME (HOME of ansible-test sanity and units), SIM_SCENARIO,
# SIM_PORT_OFFSET, PYTHONPATH (the collection's link and tests/simulator), ANSIBLE_COLLECTIONS_PATH.
set -uo pipefail
matrix=${1:?usage: matrix.sh MATRIX_DIR CELL:PYTHON_VERSION:FULL...}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
ansible_test_home=${ANSIBLE_TEST_HOME:?}
scenario=${SIM_SCENARIO:-tests/simulator/scenarios/default.yml}
cd "$root" || exit 1

# The parts, called by name from run_part; each runs in a subshell with the cell's venv first on PATH (ansible-test
# looks python<version> and shellcheck up there): $1 cell folder, $2 Python version, $3 the staged copy.
# shellcheck disable=SC2329
part_sanity() {
  command -v shellcheck >/dev/null || { echo "shellcheck is not in $1/venv/bin: ansible-test would skip its sanity test"; return 1; }
  cd "$3" && HOME="$ansible_test_home" ansible-test sanity --venv --color no --python "$2"
}

# shellcheck disable=SC2329
part_units() {
  cd "$3" && HOME="$ansible_test_home" ansible-test units --venv --color no --python "$2"
}

# As make integration, against a simulator of its own ($4: the cell's ports offset), with Ansible's temporary and async
# folders in the staged copy (tools/write_integration_cfg.sh). Not with ANSIBLE_TEST_HOME: it needs no pip bootstrap nor
# sanity environments.
# shellcheck disable=SC2329
part_integration() {
  local sim="$1/simulator" rc
  SIM_PORT_OFFSET=$(($4 + 100)) tools/simulator.sh start "$sim" "$scenario" || return 1
  "$root/.venv/bin/python" -m simulator_control.connection_vars "$sim" "$scenario" --with-arrays \
    >"$3/tests/integration/integration_config.yml" &&
    tools/write_integration_cfg.sh "$3" &&
    (cd "$3" && ansible-test integration --color no -v)
  rc=$?
  tools/simulator.sh stop "$sim"
  return "$rc"
}

# tests/playbooks/test_failover_playbook.py on the cell's Python: simulator_control runs the simulator and
# ansible-playbook from the running interpreter's bin, the cell's venv; its simulator's folder is named by the offset.
# shellcheck disable=SC2329
part_failover_test() {
  SIM_PORT_OFFSET=$4 python -m pytest -q -p no:cacheprovider --basetemp "$1/pytest" tests/playbooks/test_failover_playbook.py
}

# run_part CELL PYTHON_VERSION STAGED PART [PORTS_OFFSET]
run_part() {
  local cell=$1 python_version=$2 staged=$3 part=$4 offset=${5:-} dir="$matrix/$1" start seconds result
  start=$(date +%s)
  if (export PATH="$dir/venv/bin:$PATH"; "part_${part//-/_}" "$dir" "$python_version" "$staged" "$offset") >"$dir/$part.log" 2>&1 </dev/null; then
    result=passed
  else
    result=FAILED
  fi
  seconds=$(($(date +%s) - start))
  echo "$part $result $seconds" >>"$dir/result"
  if [ "$result" = FAILED ]; then
    echo "== cell $cell: $part FAILED in $seconds s; the end of $dir/$part.log:"
    tail -n 60 "$dir/$part.log" | sed "s/^/   $cell $part | /"
  fi
  echo "== cell $cell: $part $result in $seconds s"
  [ "$result" = passed ]
}

# A fresh copy of the collection for one chain of a cell; the offline pip bootstrap for the pip its ansible-test pins.
stage() {
  local dir="$matrix/$1"
  "$root/tools/stage_collection.sh" "$dir/$2" &&
    HOME="$ansible_test_home" "$dir/venv/bin/python" tools/install_get_pip.py >/dev/null
}

static_chain() {
  local spec cell python_version full staged rc=0
  for spec in "$@"; do
    IFS=: read -r cell python_version full <<<"$spec"
    staged=$(stage "$cell" stage) || { echo "== cell $cell: staging FAILED"; rc=1; continue; }
    run_part "$cell" "$python_version" "$staged" sanity || rc=1
    run_part "$cell" "$python_version" "$staged" units || rc=1
  done
  return "$rc"
}

# simulator_chain CELL PYTHON_VERSION PORTS_OFFSET
simulator_chain() {
  local staged rc=0
  staged=$(stage "$1" stage-simulator) || { echo "== cell $1: staging FAILED"; return 1; }
  run_part "$1" "$2" "$staged" integration "$3" || rc=1
  run_part "$1" "$2" "$staged" failover-test "$3" || rc=1
  return "$rc"
}

# MATRIX_CHAINS: which chains run, "static simulator" by default. make test runs the static chain (niced) beside its
# other parts and the simulator chain on its own later, as no timing-sensitive test should share the machine with
# another one. A cell's result file keeps the parts of the chain that did not run this time.
chains_to_run=${MATRIX_CHAINS:-static simulator}
parts_to_run=
case " $chains_to_run " in *" static "*) parts_to_run+=" sanity units" ;; esac
case " $chains_to_run " in *" simulator "*) parts_to_run+=" integration failover-test" ;; esac
start=$(date +%s)
for spec in "$@"; do
  cell=${spec%%:*}
  touch "$matrix/$cell/result"
  for part in $parts_to_run; do
    grep -v "^$part " "$matrix/$cell/result" >"$matrix/$cell/result.new"
    mv "$matrix/$cell/result.new" "$matrix/$cell/result"
  done
done
chains=()
case " $chains_to_run " in
  *" static "*)
    (renice -n 10 -p "$BASHPID" >/dev/null 2>&1; static_chain "$@") &
    chains+=($!) ;;
esac
# MATRIX_SIMULATOR_JOBS=1: the FULL cells' simulator runs one after the other instead (slower, and steadier on a busy
# machine: some integration tests time the array's jobs and fail when ansible-playbook starts slowly).
simulator_chains() {
  local spec cell python_version full offset place=0 rc=0 pid pids=()
  for spec in "$@"; do
    IFS=: read -r cell python_version full <<<"$spec"
    [ "$full" = 1 ] || continue
    offset=$((${SIM_PORT_OFFSET:-0} + 8000 + 300 * place))
    place=$((place + 1))
    if [ "${MATRIX_SIMULATOR_JOBS:-2}" = 1 ]; then
      simulator_chain "$cell" "$python_version" "$offset" || rc=1
    else
      simulator_chain "$cell" "$python_version" "$offset" &
      pids+=($!)
    fi
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || rc=1
  done
  return "$rc"
}
case " $chains_to_run " in
  *" simulator "*)
    simulator_chains "$@" &
    chains+=($!) ;;
esac
rc=0
for chain in "${chains[@]}"; do
  wait "$chain" || rc=1
done

echo "== version matrix: $([ $rc = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
printf '%-13s %-7s %-13s %s\n' cell python ansible-core "parts: result (time)"
for spec in "$@"; do
  IFS=: read -r cell python_version full <<<"$spec"
  core=$("$matrix/$cell/venv/bin/python" -c 'import ansible; print(ansible.__version__)' 2>/dev/null)
  printf '%-13s %-7s %-13s %s\n' "$cell" "$python_version" "$core" "$(awk '
    { result[$1] = $2 " (" $3 " s)" }
    END { n = split("sanity units integration failover-test", order, " ")
          for (i = 1; i <= n; i++) if (order[i] in result) { printf "%s%s: %s", sep, order[i], result[order[i]]; sep = ", " } }
  ' "$matrix/$cell/result")"
done
exit "$rc"
