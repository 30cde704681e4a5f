"""Profile a module run's start-up: import times, AnsiballZ payload sizes, time to the first request (tests/perf/startup_profile.py).

Usage: python tools/profile_startup.py [--runs 7] [--top 15] [--out DIR]   (make bench runs it too; SIM_PORT_OFFSET moves the simulator's ports)
Writes DIR/startup.md and DIR/startup.json (default: bench-results/) and prints the tables.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT / "tests"), str(REPO_ROOT / "tests" / "simulator")]
# pylint: disable=wrong-import-position
from perf.startup_profile import markdown, profile  # noqa: E402
from simulator_control import port_offset  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", default=str(REPO_ROOT / "bench-results"))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    name = "startup-profile-%d" % port_offset(0)
    result = profile(REPO_ROOT / "build" / "bench" / name, args.runs, args.top, name)
    table = markdown(result)
    (out / "startup.md").write_text(table)
    (out / "startup.json").write_text(json.dumps(result, indent=2))
    print(table)


if __name__ == "__main__":
    main()
