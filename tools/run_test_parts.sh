#!/usr/bin/env bash
# make test: runs the parts of TEST_PARTS one after the other, and once TEST_BACKGROUND_AFTER has passed, the parts of
# TEST_BACKGROUND_PARTS beside them; then TEST_LAST_PARTS, which read what both wrote.
#
# Why two lanes: most parts wait for the simulator's timings and leave one of the two processors of a CI machine idle;
# the background lane (niced, so the main lane keeps the processors it needs) uses it. Nothing timing-sensitive goes there: an
# integration target that times the simulated array's jobs fails when its ansible-playbook starts slowly. A background
# part starts only after TEST_BACKGROUND_AFTER (sanity), because ansible-test sanity builds its environments under the
# same ANSIBLE_TEST_HOME as the matrix's cells.
# A background part's output goes to build/test-parts/<part>.log and is shown once the main lane has ended. The main
# lane stops at its first failure, as make test always did; the background lane is still waited for and shown. Each
# part's wall time goes to build/test-times.txt, printed as a table at the end.
#   tools/run_test_parts.sh BUILD_DIR   (environment: MAKE, TEST_PARTS, TEST_BACKGROUND_AFTER, TEST_BACKGROUND_PARTS,
#                                        TEST_LAST_PARTS)
set -uo pipefail
build=${1:?usage: run_test_parts.sh BUILD_DIR}
make=${MAKE:-make}
logs=$build/test-parts
times=$build/test-times.txt
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/.failed
: >"$times"
start=$(date +%s)

# run_part PART: make PART, its time and result in the times file.
run_part() {
  local part=$1 began rc
  began=$(date +%s)
  "$make" --no-print-directory "$part"
  rc=$?
  echo "$part $(($(date +%s) - began)) $([ "$rc" = 0 ] && echo passed || echo FAILED)" >>"$times"
  echo "== make test: $part $([ "$rc" = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - began)) s"
  return "$rc"
}

# Niced: its parts (and everything they start) get the processors the main lane leaves idle.
background_lane() {
  local part
  renice -n 10 -p "$BASHPID" >/dev/null 2>&1
  for part in ${TEST_BACKGROUND_PARTS:-}; do
    run_part "$part" >"$logs/$part.log" 2>&1 </dev/null || echo "$part" >>"$logs/.failed"
  done
}

background=
rc=0
for part in ${TEST_PARTS:?}; do
  run_part "$part" || { rc=1; break; }
  if [ "$part" = "${TEST_BACKGROUND_AFTER:-}" ] && [ -n "${TEST_BACKGROUND_PARTS:-}" ]; then
    echo "== make test: ${TEST_BACKGROUND_PARTS} started beside the next parts (output in $logs/)"
    background_lane &
    background=$!
  fi
done

if [ -n "$background" ]; then
  [ "$rc" = 0 ] || echo "== make test: waiting for ${TEST_BACKGROUND_PARTS} before stopping"
  wait "$background"
  for part in ${TEST_BACKGROUND_PARTS}; do
    [ -f "$logs/$part.log" ] || continue
    echo "== make test: the output of $part (run beside the others)"
    cat "$logs/$part.log"
  done
  if [ -s "$logs/.failed" ]; then
    echo "== make test: FAILED beside the others: $(tr '\n' ' ' <"$logs/.failed")"
    rc=1
  fi
fi

if [ "$rc" = 0 ]; then
  for part in ${TEST_LAST_PARTS:-}; do
    run_part "$part" || { rc=1; break; }
  done
fi

echo "== make test: $([ "$rc" = 0 ] && echo "every part passed" || echo FAILED) in $(($(date +%s) - start)) s"
awk '{ printf "%-16s %-6s %5d s\n", $1, $3, $2 }' "$times"
exit "$rc"
