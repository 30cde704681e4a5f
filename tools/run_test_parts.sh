#!/usr/bin/env bash
# make test: runs the parts of TEST_PARTS one after the other; once TEST_BACKGROUND_AFTER has passed, the parts of
# TEST_BACKGROUND_PARTS beside them (niced), and once TEST_SIDE_AFTER has passed, those of TEST_SIDE_PARTS (not niced);
# then TEST_LAST_PARTS, which read what every lane wrote.
#
# Why side lanes: most parts wait for the simulator's timings and leave one of the two processors of a CI machine idle.
# - The background lane is niced, so the main lane keeps the processors it needs; nothing timing-sensitive goes there
#   (an integration target that times the simulated array's jobs fails when its ansible-playbook starts slowly). It
#   starts after TEST_BACKGROUND_AFTER (sanity): ansible-test sanity builds its environments under the same
#   ANSIBLE_TEST_HOME as the matrix's cells.
# - The side lane holds timing-sensitive parts (the matrix cells' integration targets). It starts where the main lane
#   runs parts that only wait for the simulator, with no tight timing of their own, so that at most three such runs
#   share the machine, as in the dialect matrix.
# A side lane's output goes to build/test-parts/<part>.log and is shown once the main lane has ended. The main lane
# stops at its first failure, as make test always did; the side lanes are still waited for and shown. Each part's
# wall time goes to build/test-times.txt, printed as a table at the end.
#   tools/run_test_parts.sh BUILD_DIR   (environment: MAKE, TEST_PARTS, TEST_BACKGROUND_AFTER, TEST_BACKGROUND_PARTS,
#                                        TEST_SIDE_AFTER, TEST_SIDE_PARTS, TEST_LAST_PARTS)
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

# side_lane NICE PART...: the parts one after the other, each one's output in its log; a failed one is listed in
# .failed and the others still run. NICE 10: they (and everything they start) get the processors the main lane leaves
# idle; 0: they share the machine evenly with the main lane.
side_lane() {
  local nice=$1 part
  shift
  [ "$nice" = 0 ] || renice -n "$nice" -p "$BASHPID" >/dev/null 2>&1
  for part in "$@"; do
    run_part "$part" >"$logs/$part.log" 2>&1 </dev/null || echo "$part" >>"$logs/.failed"
  done
}

# start_lane AFTER PART NICE PARTS: when PART is AFTER, the side lane of PARTS (a space-separated list) starts.
lanes=()
lane_parts=()
start_lane() {
  local parts
  [ "$1" = "$2" ] && [ -n "$4" ] || return 0
  read -ra parts <<<"$4"
  echo "== make test: $4 started beside the next parts$([ "$3" = 0 ] || echo ", niced") (output in $logs/)"
  side_lane "$3" "${parts[@]}" &
  lanes+=($!)
  lane_parts+=("${parts[@]}")
}

# start_lanes_after PART: the side lanes that start once PART has passed.
start_lanes_after() {
  start_lane "${TEST_BACKGROUND_AFTER:-}" "$1" 10 "${TEST_BACKGROUND_PARTS:-}"
  start_lane "${TEST_SIDE_AFTER:-}" "$1" 0 "${TEST_SIDE_PARTS:-}"
}

rc=0
for part in ${TEST_PARTS:?}; do
  run_part "$part" || { rc=1; break; }
  start_lanes_after "$part"
done

if [ "${#lanes[@]}" -gt 0 ]; then
  [ "$rc" = 0 ] || echo "== make test: waiting for ${lane_parts[*]} before stopping"
  for lane in "${lanes[@]}"; do
    wait "$lane"
  done
  for part in "${lane_parts[@]}"; do
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
