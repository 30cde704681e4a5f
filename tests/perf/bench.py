"""Benchmark: rec_session_suspend and the rec_failover role against plain ansible.builtin.uri runbooks.

Runs every case against the ETERNUS REST simulator (bulk scenario: 1000 Synchronous
Equivalent REC pairs) with a fixed latency per request and fixed job and suspend-completion
durations, several times per size, and reports the median wall time, the requests per
endpoint the simulator counted, the logins, and the overhead above the floor: the array's own
job + completion time plus one round trip per unavoidable request (login, read, suspend,
job poll, session poll, logout).

Usage: bench.py [--sizes 1,10,100,1000] [--runs 3] [--latency 0.02] [--cases ...] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import os
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "simulator")]
# pylint: disable=wrong-import-position
from perf_playbooks import PLAYBOOKS, run_perf_playbook  # noqa: E402
from simulator_control import BULK_SCENARIO, REPO_ROOT, Simulator, port_offset, running_simulator, state_dir  # noqa: E402

PORT_OFFSET = 500
CASES = {
    "module": "rec_session_suspend (one task)",
    "role": "rec_failover role",
    "role_stepwise": "rec_failover role, rec_failover_stepwise",
    "baseline_a": "uri: one call per session + until per job",
    "baseline_b": "uri: one call + until on job and sessions",
}
UNAVOIDABLE_REQUESTS = 6


def run_case(sim: Simulator, case: str, ids: list[int], timing: dict, workdir: Path) -> dict:
    sim.reset(**timing)
    sim.admin("site-a", "DELETE", "/counters")
    start = time.monotonic()
    completed = run_perf_playbook(sim, case, ids, workdir)
    wall = time.monotonic() - start
    if completed.returncode != 0:
        if not case.startswith("baseline"):
            raise SystemExit("case %s with %d sessions failed:\n%s\n%s" % (case, len(ids), completed.stdout[-3000:], completed.stderr[-3000:]))
        # A plain uri runbook failing is a result too (e.g. the array's 512-job limit): report it.
        errors = sorted(set(re.findall(r'"message": "([^"]+)"', completed.stdout)))
        counters = sim.admin("site-a", "GET", "/counters")
        return {"wall": wall, "requests": counters["requests"], "logins": counters["logins"],
                "open_sessions": counters["open_sessions"], "not_suspended": [], "failed": "; ".join(errors) or "the playbook failed"}
    counters = sim.admin("site-a", "GET", "/counters")
    states = {s["copysession_id"]: s["status"] for s in sim.admin("site-a", "GET", "/sessions")}
    not_suspended = [i for i in ids if states.get(i) != "Suspend"]
    return {"wall": wall, "requests": counters["requests"], "logins": counters["logins"],
            "open_sessions": counters["open_sessions"], "not_suspended": not_suspended}


def floor_seconds(settings: dict, latency: float) -> float:
    return settings["job_queued_seconds"] + settings["job_running_seconds"] + settings["suspend_finish_seconds"] + \
        UNAVOIDABLE_REQUESTS * latency


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [
        "Benchmark: %s; latency %.0f ms per request; job %.1f s + suspend completion %.1f s; median of %s run(s)."
        % (meta["machine"], meta["latency"] * 1000, meta["job_seconds"], meta["suspend_finish_seconds"], meta["runs"]),
        "",
        "| N | case | wall s (median) | requests | per endpoint | logins | overhead above floor s |",
        "|---:|---|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        endpoints = ", ".join("%s %d" % (k.replace("/api/v1", ""), v) for k, v in sorted(row["requests"].items()))
        wall = "%.2f" % row["wall"] + (" (failed: %s)" % row["failed"] if row.get("failed") else "")
        lines.append("| %d | %s | %s | %d | %s | %d | %.2f |" % (
            row["n"], CASES[row["case"]], wall, sum(row["requests"].values()), endpoints, row["logins"], row["overhead"]))
    lines.append("")
    lines.append("Floor per run: %.2f s (the array's job and completion time plus %d round trips). Wall time includes "
                 "ansible-playbook's own start-up, the same for every case." % (meta["floor"], UNAVOIDABLE_REQUESTS))
    return "\n".join(lines) + "\n"


def verdicts(rows: list[dict], from_n: int = 10) -> list[str]:
    """The issue's bar per size: the module and the role faster than both baselines, with fewer requests than baseline B.

    A baseline that failed (or left sessions unsuspended) is beaten by any case that finished.
    """
    by_key = {(row["n"], row["case"]): row for row in rows}
    lines = []
    for n in sorted({row["n"] for row in rows if row["n"] >= from_n}):
        baselines = [by_key.get((n, b)) for b in ("baseline_a", "baseline_b")]
        if None in baselines:
            continue
        for case in ("module", "role"):
            row = by_key.get((n, case))
            if row is None:
                continue
            slower_than = [CASES[b["case"]] for b in baselines if not b.get("failed") and not b.get("sessions_not_suspended_at_end")
                           and b["wall"] <= row["wall"]]
            requests, b_requests = sum(row["requests"].values()), sum(baselines[1]["requests"].values())
            ok = not slower_than and requests < b_requests
            lines.append("N=%d %s: %s (%.2f s, %d requests; baseline B %.2f s, %d requests%s)" % (
                n, CASES[case], "meets the bar" if ok else "DOES NOT meet the bar", row["wall"], requests,
                baselines[1]["wall"], b_requests, "; not faster than " + ", ".join(slower_than) if slower_than else ""))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.02)
    # A suspend in Synchronous mode finishing a few seconds after its job is the order seen on arrays.
    parser.add_argument("--suspend-seconds", type=float, default=3.0)
    parser.add_argument("--cases", default=",".join(c for c in CASES if (PLAYBOOKS / ("%s.yml" % c)).exists()))
    parser.add_argument("--single-run-above", type=int, default=100,
                        help="baseline A (one call per session) runs once at sizes above this: it takes minutes")
    parser.add_argument("--out", default=str(REPO_ROOT / "bench-results"))
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    cases = args.cases.split(",")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    timing = {"latency": args.latency, "suspend_finish_seconds": args.suspend_seconds}
    with running_simulator(state_dir("bench"), BULK_SCENARIO, port_offset(PORT_OFFSET)) as sim:
        sim.settings(**timing)
        settings = sim.admin("site-a", "GET", "/settings")
        floor = floor_seconds(settings, args.latency)
        for n in sizes:
            ids = list(range(1, n + 1))
            for case in cases:
                runs = 1 if case == "baseline_a" and n > args.single_run_above else args.runs
                results = [run_case(sim, case, ids, timing, out) for _run in range(runs)]
                # the collection must leave every session suspended and every login closed; baselines are reported as they end
                broken = [r for r in results if not case.startswith("baseline") and (r["not_suspended"] or r["open_sessions"])]
                if broken:
                    raise SystemExit("case %s with %d sessions left sessions unsuspended or logged in: %s" % (case, n, broken[0]))
                wall = statistics.median(r["wall"] for r in results)
                row = {"n": n, "case": case, "wall": round(wall, 3), "runs": runs, "requests": results[-1]["requests"],
                       "failed": results[-1].get("failed"),
                       "logins": results[-1]["logins"], "overhead": round(wall - floor, 3),
                       "sessions_not_suspended_at_end": len(results[-1]["not_suspended"])}
                rows.append(row)
                print("N=%-5d %-12s %7.2f s  %5d requests" % (n, case, wall, sum(row["requests"].values())), flush=True)
    meta = {"machine": "%s, %d cores, Python %s" % (os.uname().machine, os.cpu_count() or 0, sys.version.split()[0]),
            "latency": args.latency, "job_seconds": settings["job_queued_seconds"] + settings["job_running_seconds"],
            "suspend_finish_seconds": settings["suspend_finish_seconds"], "runs": args.runs, "floor": round(floor, 3)}
    table = markdown(rows, meta)
    verdict = verdicts(rows)
    if verdict:
        table += "\nFaster than both baselines with fewer requests than baseline B, at N >= 10:\n\n" + \
            "\n".join("- " + line for line in verdict) + "\n"
    (out / "bench.md").write_text(table)
    (out / "bench.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print()
    print(table)


if __name__ == "__main__":
    main()
