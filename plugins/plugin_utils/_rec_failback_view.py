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
from ansible_collections.fujitsu.eternus.plugins.plugin_utils._rec_report import table

# The headers of the tables; each column is as wide as its widest cell (_rec_report.table), so every value starts
# where its header does.
VOLUMES = "source -> destination (here = this array)"
PLAN = ("id", VOLUMES, "peer Box ID", "status", "phase", "uncopied", "changes here", "changes home", "steps", "why")
REPORT = ("id", "source -> destination (now)", "peer Box ID", "before (status/phase/source)", "after (status/phase/source)", "steps")
PROGRESS = ("id", VOLUMES, "peer Box ID", "status", "phase", "progress", "uncopied")
OFFENDERS = ("id", VOLUMES, "peer Box ID", "status", "phase", "copy source", "progress", "uncopied", "error")
WRONG_DIRECTION = ("id", VOLUMES, "peer Box ID", "status", "phase", "copy source")
WRAP = 116


def _volumes(row: Mapping[str, Any]) -> str:
    """The volumes with the direction as this array sees it: which one is here, which one on the peer array."""
    local = row.get("copy_source") or fb.copy_source_of(row)
    where = {fb.LOCAL: ("here", "peer"), fb.REMOTE: ("peer", "here")}.get(local, ("?", "?"))
    return "%s (%s) -> %s (%s)" % (row.get("source_volume_name"), where[0], row.get("destination_volume_name"), where[1])


def _peer(row: Mapping[str, Any]) -> str:
    return row.get("remote_boxid") or "peer Box ID unknown"


def _array_words(array: Mapping[str, Any] | None) -> str:
    """This array as the failover's titles name it: name, Box ID (as the array gives it) and URL."""
    array = array if isinstance(array, Mapping) else {}
    return "%s, Box ID %s, %s" % (array.get("name") or "name not given", array.get("boxid") or "not given",
                                  array.get("url") or "URL not known")


def _title(kind: str, phase: str, host: str, array: Mapping[str, Any] | None, home_boxid: str | None) -> str:
    """``REC failback plan for site-b (site-b, Box ID ..., https://...), expected home Box ID ...``: the array the run
    talks to and the home array it expects, as the failover's titles do."""
    named = " (%s)" % _array_words(array) if array is not None else ""
    home = ", expected home Box ID %s" % home_boxid if home_boxid else ""
    return "REC %s %s for %s%s%s" % (phase, kind, host, named, home)


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


def plan_lines(rows: list[Mapping[str, Any]], phase: str, host: str, rehearsal: bool, array: Mapping[str, Any] | None = None,
               home_boxid: str | None = None) -> list[str]:
    wanted = fb.copy_source_for(phase)
    counts = fb.count_steps(rows)
    lines = ["%s: the copy source becomes %s (%s); %s" % (
        _title("plan", phase, host, array, home_boxid), _array_named(wanted), wanted,
        "REHEARSAL (check mode): nothing will be sent" if rehearsal else "nothing has been sent yet")]
    lines += table(PLAN, [(row["copysession_id"], _volumes(row), _peer(row), row["status"], row["phase"], row["uncopied_data_size"],
                           _here(row), _home(row), _steps(row), row["reason"]) for row in rows])
    lines.append("%d session(s): %d to suspend, %d to reverse, %d to resume, %d already in the wanted direction, %d refused "
                 "(each stops the run), %d left as they are (not this run's to change) (changes: tracking_data_size since the "
                 "suspend, in the array's units)" % (
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


def refused_line(rows: list[Mapping[str, Any]], phase: str, host: str) -> str:
    """The one line a failed task shows: the refusal's lines are shown by a task of their own before it."""
    refused = [str(row["copysession_id"]) for row in rows if not row["acceptable"] and row.get("blocking", True)]
    return "%s: refused before any change: %d session(s) cannot be part of the %s (listed above): %s." % (
        host, len(refused), phase, ", ".join(refused) or "none")


def left_lines(rows: list[Mapping[str, Any]], phase: str, host: str) -> list[str]:
    left = [row for row in rows if not row["acceptable"] and not row.get("blocking", True)]
    lines = ["Refused and left as they are: %d session(s) of %s are not part of this %s (the failover did not suspend them); "
             "the %s goes on with the others." % (len(left), host, phase, phase)]
    for row in left:
        lines += [_session_head(row)] + _wrapped(row["reason"])
    return lines


def report_lines(data: Mapping[str, Any], host: str, array: Mapping[str, Any] | None = None, home_boxid: str | None = None) -> list[str]:
    rehearsal = data["rehearsal"]
    summary = data["summary"]
    lines = ["%s%s" % (_title("report", data["phase"], host, array, home_boxid),
                       '; REHEARSAL (check mode): nothing was sent, "after" is what a run would leave' if rehearsal else "")]
    lines += table(REPORT, [(row["copysession_id"], _volumes(dict(row, copy_source=row["after"]["copy_source"])), _peer(row),
                             _state(row["before"]), _state(row["after"]),
                             ", ".join(row["steps"]) or ("REFUSED" if row.get("refused") else "-")) for row in data["sessions"]])
    done = ("to suspend", "to reverse", "to resume") if rehearsal else ("suspended", "reversed", "resumed")
    lines.append("%d session(s): %d %s, %d %s, %d %s, %d already in the wanted direction, %d left as they are; "
                 "copy source of the others: %s" % (
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
    return table(PROGRESS, [(session.get("copysession_id"), _volumes(_with_source(session)), _peer(session), session.get("status"),
                             session.get("phase"), "%s%%" % (session.get("progress"),), session.get("uncopied_data_size"))
                            for session in sessions])


def offender_lines(offenders: list[Mapping[str, Any]], sessions: int, phase: str, host: str) -> list[str]:
    return [
        "Not %s/%s with the copy source %s after the %s of %s: %d of %d session(s). A rerun continues from their current state." % (
            v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, fb.copy_source_for(phase), phase, host, len(offenders), sessions),
    ] + table(OFFENDERS, [(session.get("copysession_id"), _volumes(_with_source(session)), _peer(session), session.get("status"),
                           session.get("phase"), fb.copy_source_of(session), "%s%%" % (session.get("progress"),),
                           session.get("uncopied_data_size"), session.get("error_code") or "-") for session in offenders])


def wrong_direction_lines(sessions: list[Mapping[str, Any]], phase: str, host: str) -> list[str]:
    """The sessions the resume refuses because their copy source is not the phase's, as a table after why."""
    if not sessions:
        return []
    return [
        "Refused before the resume on %s: %d session(s) do not have their copy source %s. A resume would copy from the old "
        "side over the newer data. Nothing was resumed; check the reverse and run again." % (host, len(sessions), fb.copy_source_for(phase)),
    ] + table(WRONG_DIRECTION, [(session.get("copysession_id"), _volumes(_with_source(session)), _peer(session), session.get("status"),
                                 session.get("phase"), "%s (is_local_source_volume %s)" % (
                                     fb.copy_source_of(session), session.get("is_local_source_volume"))) for session in sessions])


def destination_changes_on_peer(rows: Iterable[Mapping[str, Any]], phase: str) -> dict[str, int]:
    """For the failback's resume (run on this array, the copy source): the changes recorded on the home side (the
    destination) as the role read them on the home array, by this array's copy session id. A number from the failover's
    report is not given: it is as old as the failover. The switch back resumes with this array the destination, which
    shows its own changes: nothing to give."""
    if phase != fb.FAILBACK:
        return {}
    return {str(row["copysession_id"]): row["changes_home"] for row in rows
            if fb.RESUME in row["steps"] and row.get("changes_home_from") == "home array"
            and isinstance(row.get("changes_home"), int) and not isinstance(row.get("changes_home"), bool)}


def view(rows: Any, phase: str, *, host: str, after_sessions: Iterable[Mapping[str, Any]] | None = None,
         rehearsal: bool = False, array: Mapping[str, Any] | None = None, home_boxid: str | None = None) -> dict[str, Any]:
    """The plan's tables (and the report's, from the state after), its counts and the sessions of each step.

    ``array``: this array as rec_session_info names it (name, boxid, url), ``home_boxid``: the expected home array; the
    titles name both.
    """
    rows = fb.check_plan(rows)
    data = fb.report(rows, phase, after_sessions=after_sessions, rehearsal=rehearsal)
    counts = fb.count_steps(rows)
    # Before ansible-core 2.19 a template of None renders as an empty string.
    array = None if array in (None, "") else array
    home_boxid = home_boxid or None
    if array is not None and not isinstance(array, Mapping):
        raise ValueError("array must be this array as rec_session_info names it (a dict of name, boxid, url), got %r" % (type(array).__name__,))
    return {
        "plan": plan_lines(rows, phase, host, rehearsal, array, home_boxid),
        "refused": refused_lines(rows, phase, host),
        "refused_line": refused_line(rows, phase, host),
        "left": left_lines(rows, phase, host),
        "report": report_lines(data, host, array, home_boxid),
        "destination_changes_on_peer": destination_changes_on_peer(rows, phase),
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
        "offenders_line": "%s: %d of %d session(s) are not %s/%s with the copy source %s after the %s (listed above); a rerun "
                          "continues from their current state." % (
                              host, len(state["offenders"]), len(sessions), v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, fb.copy_source_for(phase), phase),
        "wrong_direction_lines": wrong_direction_lines(state["wrong_direction"], phase, host),
        "wrong_direction_line": "%s: refused before the resume: session(s) %s do not have their copy source %s (listed above); "
                                "nothing was resumed." % (
                                    host, ", ".join(str(session.get("copysession_id")) for session in state["wrong_direction"]) or "none",
                                    fb.copy_source_for(phase)),
        "verified": "%d session(s) of %s are %s and %s, copy source %s" % (
            len(sessions), host, v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, _array_named(fb.copy_source_for(phase))),
        "wrong_direction": state["wrong_direction"],
        "summary": {"sessions": len(sessions), "offenders": len(state["offenders"])},
    }
