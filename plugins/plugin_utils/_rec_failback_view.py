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

import textwrap
from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback as fb

PLAN = "%-6s %-44s %-40s %-8s %-11s %9s %8s %-22s %-22s %s"
REPORT = "%-6s %-44s %-40s %-30s %-30s %s"
PROGRESS = "%-6s %-44s %-40s %-8s %-11s %8s %12s"
OFFENDERS = "%-6s %-44s %-40s %-8s %-11s %-11s %8s %12s %s"
WRAP = 116


def _volumes(row: Mapping[str, Any]) -> str:
    """The volumes with the direction as this array sees it: which one is here, which one on the peer array."""
    local = row.get("copy_source") or fb.copy_source_of(row)
    where = {fb.LOCAL: ("here", "peer"), fb.REMOTE: ("peer", "here")}.get(local, ("?", "?"))
    return "%s (%s) -> %s (%s)" % (row.get("source_volume_name"), where[0], row.get("destination_volume_name"), where[1])


def _peer(row: Mapping[str, Any]) -> str:
    return row.get("remote_boxid") or "peer Box ID unknown"


def _array_named(copy_source: str) -> str:
    return "this array" if copy_source == fb.LOCAL else "the peer array"


def _state(state: Mapping[str, Any]) -> str:
    return "%s/%s/%s" % (state.get("status"), state.get("phase"), state.get("copy_source"))


def _here(row: Mapping[str, Any]) -> str:
    return "-" if row.get("changes_here") is None else str(row["changes_here"])


def _home(row: Mapping[str, Any]) -> str:
    if row.get("changes_home") is not None:
        return "%s%s" % (row["changes_home"], " (report)" if row.get("changes_home_from") == "failover report" else "")
    return {"home side not read": "not read", "not found on the home array": "not found"}.get(row.get("changes_home_from"), "-")


def _session_head(row: Mapping[str, Any]) -> str:
    return "session %s: %s, peer %s, %s/%s, changes since the suspend (tracking_data_size): here %s, home %s" % (
        row["copysession_id"], _volumes(row), _peer(row), row.get("status"), row.get("phase"), _here(row), _home(row))


def _wrapped(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(text, WRAP, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [indent]


def _steps(row: Mapping[str, Any]) -> str:
    if row["acceptable"]:
        return row["action"] + (" DISCARDS HOME" if row.get("discards_home_changes") else "")
    return "REFUSED" if row.get("blocking", True) else "REFUSED, LEFT AS IS"


def plan_lines(rows: list[Mapping[str, Any]], phase: str, host: str, rehearsal: bool) -> list[str]:
    wanted = fb.copy_source_for(phase)
    counts = fb.count_steps(rows)
    lines = ["REC %s plan for %s (before any change): the copy source becomes %s (%s)%s" % (
        phase, host, _array_named(wanted), wanted, ", rehearsal (check mode)" if rehearsal else "")]
    lines.append(PLAN % ("id", "source -> destination (here = this array)", "peer Box ID", "status", "phase", "uncopied",
                         "changes here", "changes home", "steps", "why"))
    lines += [PLAN % (row["copysession_id"], _volumes(row), _peer(row), row["status"], row["phase"], row["uncopied_data_size"],
                      _here(row), _home(row), _steps(row), row["reason"]) for row in rows]
    lines.append("%d session(s): %d to suspend, %d to reverse, %d to resume, %d already in the wanted direction, %d refused, "
                 "%d refused and left as they are (changes: tracking_data_size since the suspend, in the array's units)" % (
                     len(rows), counts[fb.SUSPEND], counts[fb.REVERSE], counts[fb.RESUME],
                     sum(1 for row in rows if row["acceptable"] and not row["steps"]), _blocking(rows), _left(rows)))
    return lines


def _blocking(rows: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for row in rows if not row["acceptable"] and row.get("blocking", True))


def _left(rows: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for row in rows if not row["acceptable"] and not row.get("blocking", True))


def refused_lines(rows: list[Mapping[str, Any]], phase: str, host: str) -> list[str]:
    refused = [row for row in rows if not row["acceptable"] and row.get("blocking", True)]
    lines = [
        "Refused before any change: %d session(s) of %s cannot be part of the %s; nothing was sent to any session of %s." % (
            len(refused), host, phase, host),
        "Run the role against the disaster-recovery array (where the applications ran during the outage); failback makes it "
        "the copy source, switch_back gives the copy source back to the peer.",
    ]
    for row in refused:
        lines += [_session_head(row)] + _wrapped(row["reason"])
    return lines


def left_lines(rows: list[Mapping[str, Any]], phase: str, host: str) -> list[str]:
    left = [row for row in rows if not row["acceptable"] and not row.get("blocking", True)]
    lines = ["Refused and left as they are: %d session(s) of %s are not part of this %s (the failover did not suspend them); "
             "the %s goes on with the others." % (len(left), host, phase, phase)]
    for row in left:
        lines += [_session_head(row)] + _wrapped(row["reason"])
    return lines


def report_lines(data: Mapping[str, Any], host: str) -> list[str]:
    rehearsal = data["rehearsal"]
    summary = data["summary"]
    lines = ["REC %s report for %s%s" % (
        data["phase"], host, ', REHEARSAL (check mode): nothing was sent, "after" is what a run would leave' if rehearsal else "")]
    lines.append(REPORT % ("id", "source -> destination (now)", "peer Box ID", "before (status/phase/source)",
                           "after (status/phase/source)", "steps"))
    lines += [REPORT % (row["copysession_id"], _volumes(dict(row, copy_source=row["after"]["copy_source"])), _peer(row),
                        _state(row["before"]), _state(row["after"]),
                        ", ".join(row["steps"]) or ("REFUSED" if row.get("refused") else "-")) for row in data["sessions"]]
    done = ("to suspend", "to reverse", "to resume") if rehearsal else ("suspended", "reversed", "resumed")
    lines.append("%d session(s): %d %s, %d %s, %d %s, %d already in the wanted direction, %d refused and left as they are; "
                 "copy source %s" % (
                     summary["sessions"], summary["suspended"], done[0], summary["reversed"], done[1], summary["resumed"], done[2],
                     summary["already_in_direction"], summary["left_as_they_are"] + summary["refused"],
                     _array_named(data["copy_source"])))
    if summary["home_changes_discarded"]:
        lines.append("rec_failback_discard_home_changes: %s the changes recorded on the home side (tracking_data_size %d in "
                     "total, in the array's units)" % ("would discard" if rehearsal else "discarded", summary["home_changes_discarded"]))
    return lines


def _with_source(session: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(session, copy_source=fb.copy_source_of(session))


def progress_lines(sessions: Iterable[Mapping[str, Any]]) -> list[str]:
    return [PROGRESS % ("id", "source -> destination (here = this array)", "peer Box ID", "status", "phase", "progress", "uncopied")] + [
        PROGRESS % (session.get("copysession_id"), _volumes(_with_source(session)), _peer(session), session.get("status"), session.get("phase"),
                    "%s%%" % (session.get("progress"),), session.get("uncopied_data_size")) for session in sessions]


def offender_lines(offenders: list[Mapping[str, Any]], sessions: int, phase: str, host: str) -> list[str]:
    return [
        "Not %s/%s with the copy source %s after the %s of %s: %d of %d session(s). A rerun continues from their current state." % (
            v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, fb.copy_source_for(phase), phase, host, len(offenders), sessions),
        OFFENDERS % ("id", "source -> destination (here = this array)", "peer Box ID", "status", "phase", "copy source", "progress",
                     "uncopied", "error"),
    ] + [OFFENDERS % (session.get("copysession_id"), _volumes(_with_source(session)), _peer(session), session.get("status"), session.get("phase"),
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
        "left": left_lines(rows, phase, host),
        "report": report_lines(data, host),
        "summary": {"sessions": len(rows), "to_suspend": counts[fb.SUSPEND], "to_reverse": counts[fb.REVERSE],
                    "to_resume": counts[fb.RESUME], "refused": _blocking(rows), "left": _left(rows)},
        "session_ids": [row["copysession_id"] for row in rows],
        # The sessions the run works on and waits for: every selected one but those refused and left as they are.
        "worked_ids": [row["copysession_id"] for row in rows if row["acceptable"]],
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
