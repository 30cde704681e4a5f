#!/usr/bin/env bash
# Start or stop the ETERNUS REST simulator in the background.
#   tools/simulator.sh start STATE_DIR [SCENARIO]   waits until every array listens, then prints how to use it
#   tools/simulator.sh stop STATE_DIR
#   tools/simulator.sh env STATE_DIR [ARRAY]        export lines of the ETERNUS_* variables for one array (default the
#                                                    first), for: eval "$(tools/simulator.sh env STATE_DIR)"
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

# The ETERNUS_* variables the modules read, for one array of the running simulator (the password only with "secret").
env_lines() {
  PYTHONPATH="$root/tests/simulator" "$python" - "$state" "${1:-}" "${2:-}" <<'PY'
import json, shlex, sys
import yaml
state, array, secret = sys.argv[1], sys.argv[2], sys.argv[3] == "secret"
running = json.load(open(state + "/simulator.json"))
connection = yaml.safe_load(open(state + "/connection.yml"))
name = array or next(iter(running["arrays"]))
if name not in running["arrays"]:
    sys.exit("no array %s in this simulator (arrays: %s)" % (name, ", ".join(running["arrays"])))
info = running["arrays"][name]
values = [("ETERNUS_HOST", info["host"]), ("ETERNUS_PORT", info["port"]), ("ETERNUS_USERNAME", connection["eternus_username"]),
          ("ETERNUS_PASSWORD", connection["eternus_password"] if secret else None),
          ("ETERNUS_CA_PATH", connection["eternus_ca_path"]), ("ETERNUS_VALIDATE_CERTS", "true")]
for key, value in values:
    if value is None:
        print("export %s=\"$(sed -n 's/^eternus_password: //p' %s)\"" % (key, shlex.quote(state + "/connection.yml")))
    else:
        print("export %s=%s" % (key, shlex.quote(str(value))))
PY
}

usage() {
  local rel=${state#"$root"/}
  echo "To run the modules or your own playbooks against array $(PYTHONPATH="$root/tests/simulator" "$python" -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1]))["arrays"])))' "$state/simulator.json") from this shell, export:"
  env_lines "" "" | sed 's/^/  /'
  echo "  or all of them at once, the password included: eval \"\$(tools/simulator.sh env $rel)\""
  echo "The playbooks of playbooks/ take -i playbooks/inventory/simulator.yml -e @$rel/connection.yml (that inventory has the"
  echo "ports of SIM_PORT_OFFSET=0; this simulator's offset is ${SIM_PORT_OFFSET:-0})."
}

case "$cmd" in
  env)
    [ -f "$state/simulator.json" ] || { echo "no simulator state in $state (start it first)" >&2; exit 1; }
    env_lines "${3:-}" secret
    ;;
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
        PYTHONPATH="$root/tests/simulator" "$python" -c "from simulator_control.connection_vars import main; main()" "$state" "$scenario" >"$state/connection.yml"
        echo "simulator running (pid $(cat "$state/pid")), arrays: $("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s=%s" % (k, v["url"]) for k, v in d["arrays"].items()))' "$state/simulator.json")"
        usage
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
