# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover role's report of a suspend run, and the text tables it shows of it.

Pure functions over the results of rec_session_suspend (and, for the stepwise role, rec_session_info and
job_info). Written in Python rather than as Jinja templates because the same loops in Jinja cost seconds at
1,000 sessions, more than the whole suspend; the role passes over the sessions once (``report``) and keeps
only the lines it shows (``view``).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v

ACTING = ("suspend", "force_suspend", "wait", "none")
SUSPENDING = ("suspend", "force_suspend")
MODES = ("planned", "unplanned")
HALTED_WITHOUT_REASON = "halted: needs rec_failover_force_reason=copy_path_recovery to be suspended with force"
JOB_END_NOT_READ = "end not read, the sessions confirmed it first"

Row = dict[str, Any]


def _by_id(entries: Iterable[Mapping[str, Any]] | None) -> dict[Any, Mapping[str, Any]]:
    return {entry.get("copysession_id"): entry for entry in entries or []}


def problem_of(planned: Mapping[str, Any], before: Mapping[str, Any], mode: str) -> str:
    """Why the mode does not accept a planned action; empty when it does."""
    if planned.get("action") in ACTING:
        return ""
    if mode == "unplanned" and v.is_halted(before):
        # Only reached without a force reason: with one, the module plans a halted session as force_suspend.
        return HALTED_WITHOUT_REASON
    return planned.get("reason") or ""


def job_row(job: Mapping[str, Any], suspended_ids: set[Any], failures: list[Mapping[str, Any]]) -> Row:
    """A job of the report: as job_info saw it end, or (a job of rec_session_suspend) judged by its sessions after the run."""
    if "succeeded_sessions" in job:
        succeeded, failed = list(job["succeeded_sessions"] or []), list(job.get("failed_sessions") or [])
    else:
        succeeded = [i for i in job.get("copysession_ids") or [] if i in suspended_ids]
        failed = [f for f in failures if f.get("job_id") == job.get("job_id")]
    return {"job_id": job.get("job_id"), "force": bool(job.get("force")), "status": job.get("status"),
            "succeeded_sessions": succeeded, "failed_sessions": failed}


def jobs_waited(job_results: Any) -> list[Row]:
    """The jobs as a loop of job_info over the suspend's jobs saw them end; each loop item is the suspend's job."""
    if not isinstance(job_results, list) or not all(isinstance(waited, Mapping) for waited in job_results):
        raise ValueError("job_results must be the results of a loop of job_info over the suspend's jobs")
    jobs = []
    for waited in job_results:
        job = waited.get(waited.get("ansible_loop_var") or "item")
        if not isinstance(job, Mapping):
            raise ValueError("job_results: a result without its loop item, the suspend's job (job_id, force)")
        jobs.append({"job_id": job.get("job_id"), "force": job.get("force"), "status": waited.get("status"),
                     "succeeded_sessions": waited.get("succeeded_sessions"), "failed_sessions": waited.get("failed_sessions")})
    return jobs


def offender(session: Mapping[str, Any], failure: Mapping[str, Any]) -> Row:
    return {
        "copysession_id": session.get("copysession_id"),
        "source_volume_name": session.get("source_volume_name"),
        "destination_volume_name": session.get("destination_volume_name"),
        "status": session.get("status"),
        "phase": session.get("phase"),
        "concurrent_suspend_result": session.get("concurrent_suspend_result"),
        "error_code": failure.get("error_code") or "",
        "message": failure.get("message") or "",
    }


def report(result: Mapping[str, Any], mode: str, *, after_sessions: Iterable[Mapping[str, Any]] | None = None,
           jobs: Iterable[Mapping[str, Any]] | None = None, failures: Iterable[Mapping[str, Any]] | None = None,
           job_results: Iterable[Mapping[str, Any]] | None = None, rehearsal: bool = False) -> dict[str, Any]:
    """The report of a failover from a rec_session_suspend result (a run, a check-mode plan, or a refusal).

    One entry per planned session: volumes, the state before (the diff keeps it when ``sessions`` holds the state
    after) and after, the action and why, whether the mode accepts it, forced or not, data left behind. The state
    after, the jobs and the per-session failures come from the result unless given (the stepwise role reads them
    with rec_session_info and job_info: ``job_results`` are the results of a loop of job_info over the suspend's jobs,
    which give the jobs and, unless ``failures`` is given, the failures). ``offenders`` are the sessions not suspended
    after the run.
    """
    if mode not in MODES:
        raise ValueError("mode must be one of %s, got %r" % (", ".join(MODES), mode))
    if not isinstance(result, Mapping) or not isinstance(result.get("actions"), list):
        raise ValueError("the input must be a rec_session_suspend result with its actions")
    if job_results is not None:
        jobs = jobs_waited(job_results)
        failures = [f for waited in jobs for f in waited["failed_sessions"] or []] if failures is None else failures
    read = _by_id(result.get("sessions"))
    after = read if after_sessions is None else _by_id(after_sessions)
    failures = list(result.get("failed_sessions") or [] if failures is None else failures)
    failed_by_id = _by_id(failures)
    before_by_id = (result.get("diff") or {}).get("before") or {}
    left_behind = {entry.get("copysession_id"): entry.get("uncopied_data_size") or 0 for entry in result.get("data_loss") or []}
    rows = []
    for planned in result["actions"]:
        session_id = planned.get("copysession_id")
        session = read.get(session_id, {})
        before = before_by_id.get(str(session_id), session)
        state = after.get(session_id, {})
        problem = problem_of(planned, before, mode)
        rows.append({
            "copysession_id": session_id,
            "source_volume_name": session.get("source_volume_name") or "",
            "destination_volume_name": session.get("destination_volume_name") or "",
            "transfer_mode": session.get("transfer_mode") or "",
            "uncopied_data_size": session.get("uncopied_data_size") or 0,
            "before": {"status": before.get("status") or "unknown", "phase": before.get("phase") or "unknown"},
            "after": {"status": state.get("status") or "unknown", "phase": state.get("phase") or "unknown"},
            "action": planned.get("action"),
            "reason": planned.get("reason") or "",
            "acceptable": problem == "",
            "problem": problem,
            "forced": planned.get("action") == "force_suspend",
            "data_left_behind": left_behind.get(session_id, 0),
        })
    suspended_ids = {i for i, session in after.items() if v.is_suspend_status(session)}
    planned_ids = {row["copysession_id"] for row in rows}
    suspended = sum(1 for row in rows if row["action"] in SUSPENDING)
    return {
        "rehearsal": bool(rehearsal),
        "changed": suspended > 0 and not rehearsal,
        "summary": {
            "sessions": len(rows),
            "suspended": suspended,
            "forced": sum(1 for row in rows if row["forced"]),
            "already_suspended": sum(1 for row in rows if row["action"] == "none"),
            "refused": sum(1 for row in rows if not row["acceptable"]),
            "data_left_behind": sum(row["data_left_behind"] for row in rows),
        },
        "jobs": [job_row(job, suspended_ids, failures) for job in (result.get("jobs") or [] if jobs is None else jobs)],
        "sessions": rows,
        "offenders": [offender(state, failed_by_id.get(i, {})) for i, state in after.items()
                      if i in planned_ids and i not in suspended_ids],
    }


def _volumes(row: Mapping[str, Any]) -> str:
    return "%s -> %s" % (row.get("source_volume_name"), row.get("destination_volume_name"))


def plan_lines(data: Mapping[str, Any]) -> list[str]:
    fmt = "%-6s %-34s %-8s %-11s %-12s %12s  %-13s %s"
    rows = data["sessions"]
    summary = data["summary"]
    lines = [fmt % ("id", "source -> destination", "status", "phase", "mode", "uncopied", "action", "why")]
    lines += [fmt % (row["copysession_id"], _volumes(row), row["before"]["status"], row["before"]["phase"], row["transfer_mode"],
                     row["uncopied_data_size"], row["action"] + ("" if row["acceptable"] else " REFUSED"),
                     row["reason"] if row["acceptable"] else row["problem"]) for row in rows]
    lines.append("%d session(s): %d to suspend (%d forced, uncopied_data_size %d left behind), %d already suspended, %d refused" % (
        summary["sessions"], summary["suspended"], summary["forced"], summary["data_left_behind"], summary["already_suspended"],
        summary["refused"]))
    return lines


def refused_lines(data: Mapping[str, Any]) -> list[str]:
    fmt = "%-6s %-34s %-8s %-11s %s"
    return [fmt % ("id", "source -> destination", "status", "phase", "why")] + [
        fmt % (row["copysession_id"], _volumes(row), row["before"]["status"], row["before"]["phase"], row["problem"])
        for row in data["sessions"] if not row["acceptable"]]


def report_lines(data: Mapping[str, Any]) -> list[str]:
    fmt = "%-6s %-34s %-22s %-22s %-6s %s"
    rehearsal = data.get("rehearsal")
    lines = [fmt % ("id", "source -> destination", "before", "after", "forced", "left behind (uncopied_data_size)")]
    lines += [fmt % (row["copysession_id"], _volumes(row), "%s/%s" % (row["before"]["status"], row["before"]["phase"]),
                     "%s/%s" % (row["after"]["status"], row["after"]["phase"]), "yes" if row["forced"] else "no", row["data_left_behind"])
              for row in data["sessions"]]
    summary = data["summary"]
    lines.append("%d session(s): %d %s (%d forced), %d already suspended; uncopied_data_size %d not yet copied %s left behind" % (
        summary["sessions"], summary["suspended"], "to suspend" if rehearsal else "suspended", summary["forced"],
        summary["already_suspended"], summary["data_left_behind"], "would be" if rehearsal else "were"))
    for job in data.get("jobs") or []:
        failed = ", ".join(str(f.get("copysession_id")) for f in job.get("failed_sessions") or [])
        lines.append("job %s%s: %s, succeeded %s%s" % (
            job.get("job_id"), " (forced)" if job.get("force") else "", job.get("status") or JOB_END_NOT_READ,
            ", ".join(str(i) for i in job.get("succeeded_sessions") or []) or "-", ", failed " + failed if failed else ""))
    return lines


def offender_lines(data: Mapping[str, Any]) -> list[str]:
    fmt = "%-6s %-34s %-8s %-11s %-9s %-5s %s"
    return [fmt % ("id", "source -> destination", "status", "phase", "finishing", "error", "message")] + [
        fmt % (row["copysession_id"], _volumes(row), row["status"], row["phase"], row["concurrent_suspend_result"] or "-",
               row["error_code"] or "-", row["message"] or "-") for row in data["offenders"]]


def refusal_advice(mode: str) -> list[str]:
    """What to do instead when the mode refuses sessions."""
    if mode != "planned":
        return []
    return ["A planned failover accepts only %s/%s or already suspended sessions and never forces. If the source site is lost, "
            "run rec_failover_mode=unplanned against the surviving array." % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT)]


def view(data: Mapping[str, Any], mode: str) -> dict[str, Any]:
    """What the role shows of a report: its tables as lines, and the few numbers its steps decide on."""
    halted = [row for row in data["sessions"] if v.is_halted(row["before"])]
    return {
        "plan": plan_lines(data),
        "refused": refused_lines(data),
        "refusal_advice": refusal_advice(mode),
        "report": report_lines(data),
        "offenders": offender_lines(data),
        "summary": dict(data["summary"], offenders=len(data["offenders"])),
        "halted_ids": [row["copysession_id"] for row in halted],
        "halted_uncopied": sum(row["uncopied_data_size"] for row in halted),
    }
