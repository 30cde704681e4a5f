"""Benchmark: rec_session_suspend and the rec_failover role against plain ansible.builtin.uri runbooks, up to 10,000 sessions.

Runs every case against the ETERNUS REST simulator (a bulk scenario of Synchronous Equivalent REC pairs, generated
with as many pairs as the largest size, paged by the array's page_size of 1000) with a fixed latency per request and
fixed job and suspend-completion durations, several times per size, and reports the median wall time, the requests
per endpoint the simulator counted, the logins, and the overhead above the floor: the array's own job + completion
time plus one round trip per unavoidable request (login, read, suspend, job poll, session poll, logout).
Baseline A (one call per session) runs only up to --baseline-a-max sessions: beyond that it takes many minutes.

Besides: Ansible's cost of each playbook run's result; rec_session_suspend run by itself as Ansible runs it (its time
after the array finished and its peak memory); a fleet failover over 1, 10 and 50 arrays in one rec_failover.yml run
(wall and controller CPU); and the module start-up profile (tools/profile_startup.py).

Usage: bench.py [--sizes 1,10,100,1000,10000] [--runs 3] [--latency 0.02] [--cases ...] [--fleet 1,10,50] [--no-startup]
                [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "simulator")]
# pylint: disable=wrong-import-position
from perf.bench_tables import CASES, UNAVOIDABLE_REQUESTS, cases_table, fleet_table, header, mb, module_table, result_cost_table, verdicts  # noqa: E402
from perf.fleet import run_fleet  # noqa: E402
from perf.module_process import TARGET_AFTER_ARRAY_SECONDS, TARGET_PEAK_MB, run_module_process  # noqa: E402
from perf.perf_playbooks import PLAYBOOKS, largest_module_result, run_measured_perf_playbook  # noqa: E402
from perf.startup_profile import markdown as startup_markdown  # noqa: E402
from perf.startup_profile import profile as startup_profile  # noqa: E402
from simulator_control import (BULK_SCENARIO, REPO_ROOT, Simulator, load_scenario, port_offset, running_simulator,  # noqa: E402
                               state_dir, write_bulk_scenario)

PORT_OFFSET = 500
# Runs with different SIM_PORT_OFFSETs may run at once: each keeps its simulators' state and its work apart.
RUN_NAME = "bench-%d" % port_offset(0)
WORK = REPO_ROOT / "build" / "bench" / RUN_NAME
FLEET_SESSIONS = 100
BULK_SESSIONS = 1000


def run_case(sim: Simulator, case: str, ids: list[int], timing: dict, workdir: Path) -> dict[str, Any]:
    sim.reset(**timing)
    sim.admin("site-a", "DELETE", "/counters")
    measured, sizes = run_measured_perf_playbook(sim, case, ids, workdir)
    counters = sim.counters("site-a")
    # the bench's own callback (json.dumps of each result) after the array's last answer is not Ansible's cost
    last_request = float(counters["last_request_at"] or measured.started)
    after_last = measured.exited - last_request - sum(line["seconds"] for line in sizes if line["at"] >= last_request)
    cost = {"after_last_request": after_last, "result_bytes": largest_module_result(sizes), "cpu": measured.cpu,
            "peak_mb": mb(measured.max_rss_kib)}
    if measured.returncode != 0:
        if not case.startswith("baseline"):
            raise SystemExit("case %s with %d sessions failed:\n%s\n%s" % (case, len(ids), measured.stdout[-3000:], measured.stderr[-3000:]))
        # A plain uri runbook failing is a result too (e.g. the array's 512-job limit): report it.
        errors = sorted(set(re.findall(r'"message": "([^"]+)"', measured.stdout)))
        return {"wall": measured.wall, "requests": counters["requests"], "logins": counters["logins"],
                "open_sessions": counters["open_sessions"], "not_suspended": [], "failed": "; ".join(errors) or "the playbook failed", **cost}
    states = {s["copysession_id"]: s["status"] for s in sim.admin("site-a", "GET", "/sessions")}
    not_suspended = [i for i in ids if states.get(i) != "Suspend"]
    return {"wall": measured.wall, "requests": counters["requests"], "logins": counters["logins"],
            "open_sessions": counters["open_sessions"], "not_suspended": not_suspended, **cost}


def floor_seconds(settings: dict, latency: float) -> float:
    return settings["job_queued_seconds"] + settings["job_running_seconds"] + settings["suspend_finish_seconds"] + \
        UNAVOIDABLE_REQUESTS * latency


def case_row(n: int, case: str, results: list[dict[str, Any]], floor: float) -> dict[str, Any]:
    # the collection must leave every session suspended and every login closed; baselines are reported as they end
    broken = [r for r in results if not case.startswith("baseline") and (r["not_suspended"] or r["open_sessions"])]
    if broken:
        raise SystemExit("case %s with %d sessions left sessions unsuspended or logged in: %s" % (case, n, broken[0]))
    wall = statistics.median(r["wall"] for r in results)
    last = results[-1]
    return {"n": n, "case": case, "wall": round(wall, 3), "runs": len(results), "requests": last["requests"],
            "failed": last.get("failed"), "logins": last["logins"], "overhead": round(wall - floor, 3),
            "sessions_not_suspended_at_end": len(last["not_suspended"]), "after_last_request": round(last["after_last_request"], 3),
            "result_bytes": last["result_bytes"], "cpu": round(last["cpu"], 3), "peak_mb": round(last["peak_mb"], 1)}


def module_row(sim: Simulator, n: int, runs: int, timing: dict, workdir: Path) -> dict[str, Any]:
    ids = list(range(1, n + 1))
    results = []
    for _run in range(runs):
        run = run_module_process(sim, ids, workdir, timing)
        if run.measured.returncode != 0 or run.result.get("failed") or len(run.result.get("suspended") or []) != n:
            raise SystemExit("rec_session_suspend by itself with %d sessions failed: %s" % (n, run.result.get("msg")))
        results.append(run)
    middle = sorted(results, key=lambda r: r.after_array)[len(results) // 2]
    return {"n": n, "runs": runs, "wall": round(middle.measured.wall, 3), "after_array": round(middle.after_array, 4),
            "after_logout": round(middle.after_logout or 0.0, 4), "after_last_read": round(middle.after_last_read, 4),
            "peak_mb": round(middle.peak_mb, 1), "cpu": round(middle.measured.cpu, 3), "result_bytes": middle.result_bytes,
            "requests": middle.requests, "meets_target": middle.meets_target()}


def load_average() -> str:
    return "%.1f" % os.getloadavg()[0]


def run_sizes(args: argparse.Namespace, sizes: list[int], cases: list[str], timing: dict, floor: float) -> tuple[list, list]:
    rows: list[dict[str, Any]] = []
    module_rows: list[dict[str, Any]] = []
    largest = max(sizes)
    scenario = write_bulk_scenario(largest) if largest > BULK_SESSIONS else BULK_SCENARIO
    with running_simulator(state_dir(RUN_NAME), scenario, port_offset(PORT_OFFSET), start_timeout=120) as sim:
        sim.settings(**timing)
        for n in sizes:
            ids = list(range(1, n + 1))
            runs = 1 if n > args.single_run_above else args.runs
            for case in cases:
                if case == "baseline_a" and n > args.baseline_a_max:
                    rows.append({"n": n, "case": case, "skipped": "N > %d (one uri call per session takes minutes)" % args.baseline_a_max})
                    print("N=%-5d %-14s skipped" % (n, case), flush=True)
                    continue
                results = [run_case(sim, case, ids, timing, WORK / case) for _run in range(runs)]
                row = case_row(n, case, results, floor)
                rows.append(row)
                print("N=%-5d %-14s %7.2f s  %5d requests  %.2f s after the last request" % (
                    n, case, row["wall"], sum(row["requests"].values()), row["after_last_request"]), flush=True)
            if args.module_process:
                row = module_row(sim, n, runs, timing, WORK / "module-process")
                module_rows.append(row)
                print("N=%-5d %-14s %7.2f s  %.3f s after the array finished, peak %.1f MB" % (
                    n, "module alone", row["wall"], row["after_array"], row["peak_mb"]), flush=True)
    return rows, module_rows


def run_fleets(fleets: list[int], timing: dict) -> list[dict[str, Any]]:
    rows = []
    for arrays in fleets:
        run = run_fleet(arrays, FLEET_SESSIONS, timing, WORK / ("fleet-%d" % arrays), name=RUN_NAME + "-fleet")
        row = {"arrays": arrays, "sessions": run.sessions, "wall": round(run.measured.wall, 3), "cpu": round(run.measured.cpu, 3),
               "cpu_user": round(run.measured.cpu_user, 3), "cpu_system": round(run.measured.cpu_system, 3),
               "cpu_per_array": round(run.cpu_per_array, 3), "peak_mb": round(mb(run.measured.max_rss_kib), 1),
               "requests": run.requests, "result_bytes": run.result_bytes, "problems": run.problems}
        rows.append(row)
        print("fleet %-3d arrays %7.2f s  controller CPU %.2f s (%.2f s per array)%s" % (
            arrays, row["wall"], row["cpu"], row["cpu_per_array"], "  FAILED: " + "; ".join(run.problems) if run.problems else ""), flush=True)
    return rows


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.02)
    # A suspend in Synchronous mode finishing a few seconds after its job is the order seen on arrays.
    parser.add_argument("--suspend-seconds", type=float, default=3.0)
    parser.add_argument("--cases", default=",".join(c for c in CASES if (PLAYBOOKS / ("%s.yml" % c)).exists()))
    parser.add_argument("--single-run-above", type=int, default=100, help="every case runs once at sizes above this")
    parser.add_argument("--baseline-a-max", type=int, default=100,
                        help="baseline A (one uri call per session) is skipped above this size: it takes many minutes")
    parser.add_argument("--no-module-process", dest="module_process", action="store_false",
                        help="skip rec_session_suspend run by itself (time after the array finished, peak memory)")
    parser.add_argument("--fleet", default="1,10,50", help="numbers of arrays of the fleet case; empty: none")
    parser.add_argument("--no-startup", dest="startup", action="store_false", help="skip the module start-up profile")
    parser.add_argument("--out", default=str(REPO_ROOT / "bench-results"))
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    cases = [c for c in args.cases.split(",") if c]
    fleets = [int(n) for n in args.fleet.split(",") if n]
    # ansible-playbook runs in build/bench/<run>/<case>: a relative --out must not move with it
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    meta: dict[str, Any] = {"machine": "%s, %d cores, Python %s" % (os.uname().machine, os.cpu_count() or 0, sys.version.split()[0]),
                            "latency": args.latency, "runs": args.runs, "single_run_above": args.single_run_above,
                            "load_start": load_average()}
    timing = {"latency": args.latency, "suspend_finish_seconds": args.suspend_seconds}
    # every simulator of the bench (bulk and fleet) runs bulk.yml's timings with the bench's latency and suspend tail
    settings = {**load_scenario(BULK_SCENARIO)["settings"], **timing}
    floor = floor_seconds(settings, args.latency)
    rows, module_rows = run_sizes(args, sizes, cases, timing, floor) if sizes else ([], [])
    fleet_rows = run_fleets(fleets, timing)
    startup = startup_profile(WORK / "startup", name=RUN_NAME + "-startup") if args.startup else None
    meta.update(job_seconds=settings["job_queued_seconds"] + settings["job_running_seconds"],
                suspend_finish_seconds=settings["suspend_finish_seconds"], floor=round(floor, 3),
                load_end=load_average(), minutes=round((time.monotonic() - started) / 60, 1))
    parts = [header(meta) + " The whole run took %s minutes.\n" % meta["minutes"]]
    if rows:
        parts.append(cases_table(rows, meta))
        verdict = verdicts(rows)
        if verdict:
            parts.append("Faster than both baselines with fewer requests than baseline B, at N >= 10:\n\n" + "\n".join("- " + line for line in verdict) + "\n")
        parts.append(result_cost_table(rows))
    if module_rows:
        parts.append(module_table(module_rows, {"seconds": TARGET_AFTER_ARRAY_SECONDS, "mb": TARGET_PEAK_MB}))
    if fleet_rows:
        parts.append(fleet_table(fleet_rows))
    if startup:
        parts.append(startup_markdown(startup))
    table = "\n".join(parts)
    (out / "bench.md").write_text(table)
    (out / "bench.json").write_text(json.dumps({"meta": meta, "rows": rows, "module_process": module_rows, "fleet": fleet_rows,
                                                "startup": startup}, indent=2))
    print()
    print(table)
    failed_fleets = [row for row in fleet_rows if row["problems"]]
    if failed_fleets:
        raise SystemExit("the fleet case failed: %s" % "; ".join(p for row in failed_fleets for p in row["problems"]))


if __name__ == "__main__":
    main()
