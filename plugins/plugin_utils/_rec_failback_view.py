# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the rec_failback role shows: its plan, refusal, progress, verify and report as text lines, and the few values
its steps decide on.

Lines rather than one text because ansible.builtin.debug and assertion messages show a list one line per item. Built in
Python rather than Jinja templates because the same loops in Jinja cost seconds at 1,000 sessions.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback as fb

PLAN = "%-6s %-34s %-8s %-11s %-6s %12s  %-22s %s"
REFUSED = "%-6s %-34s %-8s %-11s %-6s %s"
REPORT = "%-6s %-34s %-30s %-30s %s"
PROGRESS = "%-6s %-34s %-8s %-11s %8s %12s"
OFFENDERS = "%-6s %-34s %-8s %-11s %-11s %8s %12s %s"


def _volumes(row: Mapping[str, Any]) -> str:
    return "%s -> %s" % (row.get("source_volume_name"), row.get("destination_volume_name"))


def _array_named(copy_source: str) -> str:
    return "this array" if copy_source == fb.LOCAL else "the peer array"


def _state(state: Mapping[str, Any]) -> str:
    return "%s/%s/%s" % (state.get("status"), state.get("phase"), state.get("copy_source"))


def plan_lines(rows: list[Mapping[str, Any]], phase: str, host: str, rehearsal: bool) -> list[str]:
    wanted = fb.copy_source_for(phase)
    counts = fb.count_steps(rows)
    lines = ["REC %s plan for %s: the copy source becomes %s (%s)%s" % (
        phase, host, _array_named(wanted), wanted, ", rehearsal (check mode)" if rehearsal else "")]
    lines.append(PLAN % ("id", "source -> destination", "status", "phase", "source", "uncopied", "steps", "why"))
    lines += [PLAN % (row["copysession_id"], _volumes(row), row["status"], row["phase"], row["copy_source"], row["uncopied_data_size"],
                      row["action"] if row["acceptable"] else row["action"].upper(), row["reason"]) for row in rows]
    lines.append("%d session(s): %d to suspend, %d to reverse, %d to resume, %d already in the wanted direction, %d refused" % (
        len(rows), counts[fb.SUSPEND], counts[fb.REVERSE], counts[fb.RESUME],
        sum(1 for row in rows if row["acceptable"] and not row["steps"]), sum(1 for row in rows if not row["acceptable"])))
    return lines


def refused_lines(rows: list[Mapping[str, Any]], phase: str, host: str) -> list[str]:
    refused = [row for row in rows if not row["acceptable"]]
    return [
        "Refused before any change: %d session(s) of %s cannot be part of the %s." % (len(refused), host, phase),
        "Run the role against the disaster-recovery array (where the applications ran during the outage); failback makes it "
        "the copy source, switch_back gives the copy source back to the peer.",
        REFUSED % ("id", "source -> destination", "status", "phase", "source", "why"),
    ] + [REFUSED % (row["copysession_id"], _volumes(row), row["status"], row["phase"], row["copy_source"], row["reason"])
         for row in refused]


def report_lines(data: Mapping[str, Any], host: str) -> list[str]:
    rehearsal = data["rehearsal"]
    summary = data["summary"]
    lines = ["REC %s report for %s%s" % (
        data["phase"], host, ', REHEARSAL (check mode): nothing was sent, "after" is what a run would leave' if rehearsal else "")]
    lines.append(REPORT % ("id", "source -> destination (now)", "before (status/phase/source)", "after (status/phase/source)", "steps"))
    lines += [REPORT % (row["copysession_id"], _volumes(row), _state(row["before"]), _state(row["after"]), ", ".join(row["steps"]) or "-")
              for row in data["sessions"]]
    done = ("to suspend", "to reverse", "to resume") if rehearsal else ("suspended", "reversed", "resumed")
    lines.append("%d session(s): %d %s, %d %s, %d %s, %d already in the wanted direction; copy source %s" % (
        summary["sessions"], summary["suspended"], done[0], summary["reversed"], done[1], summary["resumed"], done[2],
        summary["already_in_direction"], _array_named(data["copy_source"])))
    return lines


def progress_lines(sessions: Iterable[Mapping[str, Any]]) -> list[str]:
    return [PROGRESS % ("id", "source -> destination", "status", "phase", "progress", "uncopied")] + [
        PROGRESS % (session.get("copysession_id"), _volumes(session), session.get("status"), session.get("phase"),
                    "%s%%" % (session.get("progress"),), session.get("uncopied_data_size")) for session in sessions]


def offender_lines(offenders: list[Mapping[str, Any]], sessions: int, phase: str, host: str) -> list[str]:
    return [
        "Not %s/%s with the copy source %s after the %s of %s: %d of %d session(s). A rerun continues from their current state." % (
            v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, fb.copy_source_for(phase), phase, host, len(offenders), sessions),
        OFFENDERS % ("id", "source -> destination", "status", "phase", "copy source", "progress", "uncopied", "error"),
    ] + [OFFENDERS % (session.get("copysession_id"), _volumes(session), session.get("status"), session.get("phase"),
                      fb.LOCAL if session.get("is_local_source_volume") else fb.REMOTE, "%s%%" % (session.get("progress"),),
                      session.get("uncopied_data_size"), session.get("error_code") or "-") for session in offenders]


def view(rows: Any, phase: str, *, host: str, after_sessions: Iterable[Mapping[str, Any]] | None = None,
         rehearsal: bool = False) -> dict[str, Any]:
    """The plan's tables (and the report's, from the state after), its counts and the sessions of each step."""
    rows = fb.check_plan(rows)
    data = fb.report(rows, phase, after_sessions=after_sessions, rehearsal=rehearsal)
    counts = fb.count_steps(rows)
    return {
        "plan": plan_lines(rows, phase, host, rehearsal),
        "refused": refused_lines(rows, phase, host),
        "report": report_lines(data, host),
        "summary": {"sessions": len(rows), "to_suspend": counts[fb.SUSPEND], "to_reverse": counts[fb.REVERSE],
                    "to_resume": counts[fb.RESUME], "refused": sum(1 for row in rows if not row["acceptable"])},
        "session_ids": [row["copysession_id"] for row in rows],
        "to_suspend": [row["copysession_id"] for row in rows if fb.SUSPEND in row["steps"]],
        "to_reverse": [row["copysession_id"] for row in rows if fb.REVERSE in row["steps"]],
        "to_resume": [row["copysession_id"] for row in rows if fb.RESUME in row["steps"]],
    }


def progress_view(result: Any, phase: str, *, host: str) -> dict[str, Any]:
    """How far the copy got and, for a verify, the sessions not at the phase's goal, as lines; and whether to wait on."""
    state = fb.progress(result, phase)
    sessions = state["sessions"]
    return {
        "waiting": state["waiting"],
        "progress": progress_lines(sessions),
        "offenders": offender_lines(state["offenders"], len(sessions), phase, host),
        "verified": "%d session(s) of %s are %s and %s, copy source %s" % (
            len(sessions), host, v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, _array_named(fb.copy_source_for(phase))),
        "wrong_direction": state["wrong_direction"],
        "summary": {"sessions": len(sessions), "offenders": len(state["offenders"])},
    }
