# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The benchmark's markdown tables: the cases against the baselines, Ansible's cost of the result, the module run by
itself, the fleet."""

from __future__ import annotations

from typing import Any

CASES = {
    "module": "rec_session_suspend (one task)",
    "role": "rec_failover role",
    "role_stepwise": "rec_failover role, rec_failover_stepwise",
    "baseline_a": "uri: one call per session + until per job",
    "baseline_b": "uri: one call + until on job and sessions",
}
UNAVOIDABLE_REQUESTS = 6


def mb(kib: int) -> float:
    """MB (10^6 bytes) of a ru_maxrss in KiB."""
    return kib * 1024 / 1e6


def header(meta: dict[str, Any]) -> str:
    return ("Benchmark: %s; latency %.0f ms per request; job %.1f s + suspend completion %.1f s; median of %s run(s) up to N=%d, "
            "one run above; load average %s at the start, %s at the end." % (
                meta["machine"], meta["latency"] * 1000, meta["job_seconds"], meta["suspend_finish_seconds"], meta["runs"],
                meta["single_run_above"], meta["load_start"], meta.get("load_end", "?")))


def cases_table(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "| N | case | wall s (median) | requests | per endpoint | logins | overhead above floor s |",
        "|---:|---|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        if row.get("skipped"):
            lines.append("| %d | %s | skipped: %s | – | – | – | – |" % (row["n"], CASES[row["case"]], row["skipped"]))
            continue
        endpoints = ", ".join("%s %d" % (k.replace("/api/v1", ""), v) for k, v in sorted(row["requests"].items()))
        wall = "%.2f" % row["wall"] + (" (failed: %s)" % row["failed"] if row.get("failed") else "")
        lines.append("| %d | %s | %s | %d | %s | %d | %.2f |" % (
            row["n"], CASES[row["case"]], wall, sum(row["requests"].values()), endpoints, row["logins"], row["overhead"]))
    lines.append("")
    lines.append("Floor per run: %.2f s (the array's job and completion time plus %d round trips). Wall time includes "
                 "ansible-playbook's own start-up, the same for every case." % (meta["floor"], UNAVOIDABLE_REQUESTS))
    return "\n".join(lines) + "\n"


def result_cost_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "Ansible's cost of the result, per playbook run (the last run of each row): from the array's last answer (the "
        "logout's for the collection) to ansible-playbook's exit, without the time the bench's result-size callback spent "
        "on json.dumps in that span; the largest result of a module task (the collection's or uri) as JSON; CPU (user + sys) and peak "
        "memory (largest resident set of one process) of ansible-playbook and everything it waited for (os.wait4).",
        "",
        "| N | case | after the last request s | largest module result bytes | controller CPU s | peak RSS MB |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.get("skipped") or "after_last_request" not in row:
            continue
        lines.append("| %d | %s | %.2f | %s | %.2f | %.1f |" % (
            row["n"], CASES[row["case"]], row["after_last_request"], format(row["result_bytes"], ","), row["cpu"], row["peak_mb"]))
    return "\n".join(lines) + "\n"


def module_table(rows: list[dict[str, Any]], target: dict[str, float]) -> str:
    lines = [
        "rec_session_suspend by itself, as Ansible runs it on the controller: its AnsiballZ payload (built by ansible's "
        "module_common with the task's arguments) run by the controller's Python, timed with os.wait4. After the array "
        "finished = the process's exit minus the end of the array's last answer other than the logout's (the simulator "
        "logs when it sent each answer, on the same CLOCK_MONOTONIC); after the logout = exit minus the end of the logout's "
        "answer; after the last read = exit minus the end of the last GET's answer (the state the module last read: the "
        "work between it and the job deletions that follow counts here). Peak memory = ru_maxrss of the module process. "
        "Target at 10,000 sessions: under %.1f s after the array "
        "finished and under %d MB." % (target["seconds"], target["mb"]),
        "",
        "| N | wall s | after the array finished s | after the logout s | after the last read s | peak RSS MB | CPU s | result bytes | requests | target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append("| %d | %.2f | %.3f | %.3f | %.3f | %.1f | %.2f | %s | %d | %s |" % (
            row["n"], row["wall"], row["after_array"], row["after_logout"], row["after_last_read"], row["peak_mb"], row["cpu"],
            format(row["result_bytes"], ","), sum(row["requests"].values()), "pass" if row["meets_target"] else "FAIL"))
    return "\n".join(lines) + "\n"


def fleet_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "Fleet: playbooks/rec_failover.yml once over N arrays, each a host of the inventory (eternus_host/eternus_port, "
        "rec_failover_match, rec_failover_peer_boxid) with its own peer array and its own sessions, forks = N; the "
        "simulator serves all 2 x N arrays from one process. Controller CPU = user + sys of ansible-playbook and everything "
        "it waited for (workers, module runs), from os.wait4; the simulator's CPU is not in it. Checked: every array's "
        "sessions suspended, one suspend request per 512 sessions, no login left open.",
        "",
        "| arrays | sessions per array | forks | wall s | controller CPU s | CPU per array s | peak RSS MB | requests | largest module result bytes | check |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append("| %d | %d | %d | %.2f | %.2f | %.2f | %.1f | %d | %s | %s |" % (
            row["arrays"], row["sessions"], row["arrays"], row["wall"], row["cpu"], row["cpu_per_array"], row["peak_mb"],
            row["requests"], format(row["result_bytes"], ","), "; ".join(row["problems"]) or "every array suspended"))
    return "\n".join(lines) + "\n"


def verdicts(rows: list[dict[str, Any]], from_n: int = 10) -> list[str]:
    """Per size: the module and the role faster than both baselines, with fewer requests than baseline B.

    A baseline that failed (or left sessions unsuspended) is beaten by any case that finished; one that was skipped
    is left out of the comparison.
    """
    by_key = {(row["n"], row["case"]): row for row in rows if not row.get("skipped")}
    lines = []
    for n in sorted({row["n"] for row in rows if row["n"] >= from_n}):
        baselines = [by_key[(n, b)] for b in ("baseline_a", "baseline_b") if (n, b) in by_key]
        b_row = by_key.get((n, "baseline_b"))
        if b_row is None:
            continue
        for case in ("module", "role"):
            row = by_key.get((n, case))
            if row is None:
                continue
            slower_than = [CASES[b["case"]] for b in baselines if not b.get("failed") and not b.get("sessions_not_suspended_at_end")
                           and b["wall"] <= row["wall"]]
            requests, b_requests = sum(row["requests"].values()), sum(b_row["requests"].values())
            ok = not slower_than and requests < b_requests
            lines.append("N=%d %s: %s (%.2f s, %d requests; baseline B %.2f s, %d requests%s%s)" % (
                n, CASES[case], "meets the bar" if ok else "DOES NOT meet the bar", row["wall"], requests,
                b_row["wall"], b_requests, "; not faster than " + ", ".join(slower_than) if slower_than else "",
                "; baseline A not run" if (n, "baseline_a") not in by_key else ""))
    return lines
