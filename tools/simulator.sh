#!/usr/bin/env bash
# Start or stop the ETERNUS REST simulator in the background.
#   tools/simulator.sh start STATE_DIR [SCENARIO]   waits until every array listens
#   tools/simulator.sh stop STATE_DIR
# SIM_PORT_OFFSET (default 0) is added to every array's port, so runs can share a machine.
set -euo pipefail
cmd=${1:?usage: simulator.sh start|stop STATE_DIR [SCENARIO]}
state=${2:?state directory required}
root=$(cd "$(dirname "$0")/.." && pwd)
python="$root/.venv/bin/python"

# True when pid is this state directory's simulator: a pid file left by an earlier run may name a process that
# has since reused the number (another test's simulator, anything), which must not be killed.
is_our_simulator() {
  local args dir
  args=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  grep -qx -- "eternus_simulator" <<<"$args" || return 1
  dir=$(grep -x -A1 -- "--state-dir" <<<"$args" | tail -n 1)
  # The path as it was given at start, relative to that process's working directory.
  [ "$(cd "/proc/$1/cwd" 2>/dev/null && cd "$dir" 2>/dev/null && pwd -P)" = "$(cd "$state" 2>/dev/null && pwd -P)" ]
}

stop() {
  if [ -f "$state/pid" ]; then
    pid=$(cat "$state/pid")
    if kill -0 "$pid" 2>/dev/null && is_our_simulator "$pid"; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$state/pid"
  fi
}

case "$cmd" in
  start)
    scenario=${3:-$root/tests/simulator/scenarios/default.yml}
    stop
    mkdir -p "$state"
    rm -f "$state/simulator.json"
    PYTHONPATH="$root/tests/simulator" nohup "$python" -m eternus_simulator \
      --scenario "$scenario" --state-dir "$state" --port-offset "${SIM_PORT_OFFSET:-0}" >"$state/simulator.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 300); do
      if [ -f "$state/simulator.json" ]; then
        PYTHONPATH="$root/tests/simulator" "$python" -m simulator_control.connection_vars "$state" "$scenario" >"$state/connection.yml"
        echo "simulator running (pid $(cat "$state/pid")), arrays: $("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s=%s" % (k, v["url"]) for k, v in d["arrays"].items()))' "$state/simulator.json")"
        exit 0
      fi
      if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        echo "simulator failed to start:" >&2; cat "$state/simulator.log" >&2; exit 1
      fi
      sleep 0.1
    done
    echo "simulator did not start within 30 s:" >&2; cat "$state/simulator.log" >&2; stop; exit 1
    ;;
  stop) stop ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
