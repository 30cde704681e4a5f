# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The decisions and tables of the rec_dr_test role (a disaster-recovery drill), and its drill record.

A drill runs against the production array (the copy source of the REC sessions):

- start: only sessions that are Active and Equivalent, replicating to the declared DR array, are suspended (never with
  force); the DR volumes then hold a consistent copy of production as of the suspend. The drill record (a JSON audit
  record, docs/schemas/rec_report.schema.json, kind drill) names the arrays, the sessions and the times.
- end: reads the drill record, acts only on its sessions, checks that they still copy production -> DR, resumes them with
  the consent to discard what the test wrote on the DR side, waits until they are Equivalent and reports the drill.
- status: which drills are open (sessions suspended by a drill record), read-only.

Every decision is made here, on the sessions rec_session_info read; the role only runs the modules and writes files.
"""

from __future__ import annotations

import calendar
import json
import time
from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_report

KIND = "drill"
PHASES = ("start", "end", "status")
# The drill's state in its record: opening (written before the suspend), open, closing (written before the resume),
# closed (every session back to Equivalent), close_failed (the end ran and some session did not return to Equivalent).
STATES = ("opening", "open", "closing", "closed", "close_failed")
OPEN_STATES = ("opening", "open", "closing", "close_failed")
STAGES = {"opening": "start", "open": "start", "closing": "end", "closed": "end"}

Session = Mapping[str, Any]
Row = dict[str, Any]


def check_phase(phase: Any) -> str:
    if phase not in PHASES:
        raise ValueError("phase must be one of %s, got %r" % (", ".join(PHASES), phase))
    return phase


def _none(value: Any) -> Any:
    """Before ansible-core 2.19 a template of None renders as an empty string."""
    return None if value in ("", None) else value


def _amount(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def sessions_of(result: Any) -> list[Session]:
    if not isinstance(result, Mapping) or not isinstance(result.get("sessions"), list):
        raise ValueError("the input must be a rec_session_info result with its sessions")
    return result["sessions"]


def seconds_between(start: Any, end: Any) -> int | None:
    """Whole seconds from one UTC time of a record (YYYY-MM-DDThh:mm:ssZ) to another; None if either is missing."""
    if not (isinstance(start, str) and isinstance(end, str)):
        return None
    try:
        first = calendar.timegm(time.strptime(start, _rec_report.TIME_FORMAT))
        last = calendar.timegm(time.strptime(end, _rec_report.TIME_FORMAT))
    except ValueError:
        return None
    return max(0, last - first)


def _epoch(stamp: str) -> int:
    return calendar.timegm(time.strptime(stamp, _rec_report.TIME_FORMAT))


def _utc(epoch: int) -> str:
    return time.strftime(_rec_report.TIME_FORMAT, time.gmtime(epoch))


def duration(seconds: Any) -> str:
    if not isinstance(seconds, int):
        return "unknown"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return "%dh %02dm %02ds (%d s)" % (hours, minutes, secs, seconds)
    if minutes:
        return "%dm %02ds (%d s)" % (minutes, secs, seconds)
    return "%d s" % seconds


def record_of(value: Any) -> dict[str, Any] | None:
    """A drill record given as a dict or as JSON text; None for no record (None, empty)."""
    value = _none(value)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError("the drill record is not JSON: %s" % exc) from None
    if not isinstance(value, Mapping):
        raise ValueError("the drill record must be a JSON object, got %s" % type(value).__name__)
    return dict(value)


def record_problem(record: Mapping[str, Any] | None) -> str:
    """Why a record is not a drill record of this collection ('' if it is)."""
    if record is None:
        return "there is no drill record"
    if record.get("schema") != _rec_report.SCHEMA or record.get("kind") != KIND:
        return "it is not a drill record (schema %r, kind %r; expected %s, kind %s)" % (
            record.get("schema"), record.get("kind"), _rec_report.SCHEMA, KIND)
    if not isinstance(record.get("drill"), Mapping) or record["drill"].get("state") not in STATES:
        return "its drill state is not one of %s" % ", ".join(STATES)
    if not isinstance(record.get("sessions"), list):
        return "it names no sessions"
    return ""


def _same_array(record_array: Any, here: Mapping[str, Any]) -> bool:
    """The record's array is this array: same Box ID where both are known, else the same URL."""
    record_array = record_array if isinstance(record_array, Mapping) else {}
    if record_array.get("boxid") and here.get("boxid"):
        return record_array["boxid"] == here["boxid"]
    return bool(record_array.get("url")) and record_array.get("url") == here.get("url")


def _array_text(array: Mapping[str, Any] | None) -> str:
    array = array or {}
    return "%s (Box ID %s, %s)" % (array.get("name") or "name not given", array.get("boxid") or "not given", array.get("url") or "URL not given")


def _state_word(session: Session | None) -> str:
    if session is None:
        return "not found"
    return "%s/%s" % (session.get("status"), session.get("phase"))


def _direction(session: Session) -> str:
    local = session.get("is_local_source_volume")
    if local is True:
        return "%s (production, here) -> %s (DR)" % (session.get("source_volume_name"), session.get("destination_volume_name"))
    if local is False:
        return "%s (peer) -> %s (here)" % (session.get("source_volume_name"), session.get("destination_volume_name"))
    return "%s -> %s (direction not given)" % (session.get("source_volume_name"), session.get("destination_volume_name"))


def _base_row(session: Session) -> Row:
    return {
        "copysession_id": session.get("copysession_id"),
        "remote_copysession_id": session.get("remote_copysession_id"),
        "remote_boxid": session.get("remote_boxid"),
        "is_local_source_volume": session.get("is_local_source_volume"),
        "source_volume_name": session.get("source_volume_name"),
        "destination_volume_name": session.get("destination_volume_name"),
        "transfer_mode": session.get("transfer_mode"),
        "status": session.get("status"),
        "phase": session.get("phase"),
        "uncopied_data_size": _amount(session.get("uncopied_data_size")),
        "tracking_data_size": _amount(session.get("tracking_data_size")),
        "direction": _direction(session),
    }


def _identity_problem(session: Session, dr_boxid: str) -> str:
    if session.get("remote_boxid") != dr_boxid:
        return "its peer array is %s, not the declared DR array %s (rec_dr_test_dr_boxid)" % (
            session.get("remote_boxid") or "not given", dr_boxid)
    if session.get("is_local_source_volume") is not True:
        return ("this array does not hold its copy source (is_local_source_volume %s): a drill starts on the production "
                "array, whose data is copied to the DR array" % json.dumps(session.get("is_local_source_volume")))
    return ""


def archive_path(record_path: str, record: Mapping[str, Any]) -> str | None:
    """Where the start of a new drill keeps the record of the drill closed before at the same path."""
    if not record_path:
        return None
    stem = record_path[:-5] if record_path.endswith(".json") else record_path
    drill = record.get("drill") or {}
    stamp = "".join(ch for ch in str(drill.get("closed_at") or drill.get("suspend_sent_at") or record.get("started_at") or "earlier") if ch.isalnum())
    return "%s-%s-%s.json" % (stem, "closed" if drill.get("state") == "closed" else "left-open", stamp)


def _drill_ids(record: Mapping[str, Any] | None) -> list[int]:
    return [entry.get("copysession_id") for entry in (record or {}).get("sessions", []) if isinstance(entry, Mapping)]


# -- start ---------------------------------------------------------------------------------------------------------------

def start_plan(result: Any, dr_boxid: Any, record: Any = None, record_path: str = "", host: str = "the array",
               rehearsal: bool = False) -> dict[str, Any]:
    sessions = [v.normalized(s) for s in sessions_of(result)]
    here = _rec_report.array_identity(result)
    dr_boxid = _none(dr_boxid)
    if not isinstance(dr_boxid, str) or len(dr_boxid) != 40:
        raise ValueError("the DR array's Box ID (rec_dr_test_dr_boxid) must have 40 characters, got %s" % json.dumps(dr_boxid))
    record = record_of(record)
    problems: list[str] = []
    earlier = None
    archive_as = None
    if record is not None:
        wrong = record_problem(record)
        if wrong:
            problems.append("The file at %s %s: it is not overwritten; give another rec_dr_test_record_path." % (record_path or "the record path", wrong))
        elif not _same_array(record.get("array"), here):
            problems.append("The drill record at %s is of another array, %s; this is %s. It is not overwritten: give another "
                            "rec_dr_test_record_path." % (record_path or "the record path", _array_text(record.get("array")), _array_text(here)))
        elif record["drill"]["state"] in ("closing", "close_failed"):
            problems.append("The drill of the record at %s is being closed (state %s since %s): run the end phase again to finish it "
                            "before starting another drill." % (record_path or "the record path", record["drill"]["state"],
                                                                record.get("finished_at") or record.get("started_at")))
        elif record["drill"]["state"] in ("opening", "open"):
            earlier = record
        else:
            archive_as = archive_path(record_path, record)
    notes: list[str] = []
    if earlier is not None:
        by_id = {s.get("copysession_id"): s for s in sessions}
        found = [sid for sid in _drill_ids(earlier) if sid in by_id]
        if not found:
            problems.append("The drill record at %s names an open drill of session(s) %s, none of them selected now: end that drill "
                            "first (rec_dr_test_phase=end), or select its sessions." % (
                                record_path or "the record path", ", ".join(str(i) for i in _drill_ids(earlier))))
        elif not any(v.is_suspend_status(by_id[sid]) for sid in found):
            # Every session of the "open" drill was resumed since, outside this role: that drill is over, a new one starts.
            archive_as = archive_path(record_path, earlier)
            since = earlier["drill"].get("opened_at") or earlier.get("started_at")
            notes.append("The drill record at %s names an open drill (since %s) whose sessions are no longer suspended: it is kept "
                         "as %s and a new drill starts." % (record_path or "the record path", since, archive_as))
            earlier = None
    earlier_ids = set(_drill_ids(earlier))
    rows: list[Row] = []
    for session in sorted(sessions, key=lambda s: s.get("copysession_id") or 0):
        row = _base_row(session)
        problem = _identity_problem(session, dr_boxid)
        if problem:
            row.update(action="refused", reason=problem)
        elif v.is_equivalent(session):
            row.update(action="suspend", reason="%s and %s: suspend (not forced)" % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT))
        elif session.get("copysession_id") in earlier_ids and v.is_suspend_status(session):
            row.update(action="none", reason="suspended by this drill (its record, opened %s)" % (
                earlier["drill"].get("opened_at") or earlier.get("started_at")))
        else:
            row.update(action="refused", reason="%s: a drill starts only from sessions that are %s and %s, and never forces a suspend" % (
                _state_word(session), v.STATUS_ACTIVE, v.PHASE_EQUIVALENT))
        rows.append(row)
    if not rows:
        problems.append("The selection names no REC session on %s." % host)
    refused = [row for row in rows if row["action"] == "refused"]
    to_suspend = [row["copysession_id"] for row in rows if row["action"] == "suspend"]
    carried = [entry for entry in (earlier or {}).get("sessions", [])
               if isinstance(entry, Mapping) and entry.get("copysession_id") not in {row["copysession_id"] for row in rows}]
    plan = {
        "phase": "start", "host": host, "array": here, "dr_boxid": dr_boxid, "rehearsal": bool(rehearsal), "record_path": record_path,
        "rows": rows, "carried": carried, "record": earlier, "archive_as": archive_as if to_suspend else None, "to_suspend": to_suspend,
        "to_resume": [], "worked_ids": [],
        "drill_ids": [row["copysession_id"] for row in rows if row["action"] != "refused"] + [e.get("copysession_id") for e in carried],
        "problems": problems, "notes": notes,
        "refused_count": len(refused) + len(problems),
        # A record to write: a new drill, or an earlier run's record that did not get to "open".
        "write_record": bool(to_suspend) or (earlier is not None and earlier["drill"]["state"] != "open"),
    }
    plan["plan"] = _start_plan_lines(plan)
    plan["refused"] = _refusal_lines(plan, "start")
    return plan


# The headers of the tables; each column is as wide as its widest cell (_rec_report.table), so every value starts
# where its header does.
PLAN = ("id", "source -> destination", "peer Box ID", "status/phase", "uncopied", "action")


def _start_plan_lines(plan: Mapping[str, Any]) -> list[str]:
    lines = ["REC drill start on %s, %s: DR array %s%s" % (
        plan["host"], _array_text(plan["array"]), plan["dr_boxid"],
        "; REHEARSAL (check mode): nothing will be sent" if plan["rehearsal"] else "; nothing has been sent yet")]
    lines += _rec_report.table(PLAN, [(row["copysession_id"], _volumes(row), row["remote_boxid"] or "-", "%s/%s" % (row["status"], row["phase"]),
                                       row["uncopied_data_size"] if row["uncopied_data_size"] is not None else "-",
                                       "%s: %s" % (row["action"].upper() if row["action"] == "refused" else row["action"], row["reason"]))
                                      for row in plan["rows"]])
    for entry in plan["carried"]:
        lines.append("%-6s in the drill record, not selected now: kept in the drill" % entry.get("copysession_id"))
    lines += plan.get("notes") or []
    if plan["to_suspend"]:
        verb = "Would suspend" if plan["rehearsal"] else "Suspending"
        lines.append(verb + " %d session(s): %s. The DR copy then holds production's data as of the suspend." % (
            len(plan["to_suspend"]), ", ".join(str(i) for i in plan["to_suspend"])))
    elif not plan["refused_count"]:
        lines.append("Nothing to suspend: the drill of the record is open already (since %s)." % (
            (plan["record"] or {}).get("drill", {}).get("opened_at") or "an earlier run"))
    return lines


def _volumes(row: Mapping[str, Any]) -> str:
    return "%s -> %s" % (row.get("source_volume_name"), row.get("destination_volume_name"))


def _refusal_lines(plan: Mapping[str, Any], phase: str) -> list[str]:
    if not plan["refused_count"]:
        return []
    rows = [row for row in plan["rows"] if row["action"] == "refused"]
    lines = ["Refused before any change: the drill %s on %s (%s) sends nothing." % (phase, plan["host"], _array_text(plan["array"]))]
    lines += ["  " + problem for problem in plan["problems"]]
    for row in rows:
        lines.append("  session %s: %s, peer %s, %s/%s: %s" % (row["copysession_id"], row["direction"], row["remote_boxid"] or "not given",
                                                               row["status"], row["phase"], row["reason"]))
    if rows:
        lines.append("  Select only the sessions of the drill (rec_dr_test_session_ids or rec_dr_test_match) and run again.")
    return lines


# -- end -----------------------------------------------------------------------------------------------------------------

def _dr_session(dr_reads: Any, record: Mapping[str, Any], entry: Mapping[str, Any]) -> tuple[Session | None, str]:
    """The DR array's view of a drill session: the read of the array whose Box ID is the record's DR array."""
    reads = dr_reads if isinstance(dr_reads, list) else [dr_reads] if isinstance(dr_reads, Mapping) else []
    dr_boxid = record.get("expected_peer_boxid")
    for read in reads:
        if not isinstance(read, Mapping) or read.get("failed") or not isinstance(read.get("sessions"), list):
            continue
        if (read.get("array") or {}).get("boxid") != dr_boxid:
            continue
        for session in read["sessions"]:
            if session.get("copysession_id") == entry.get("remote_copysession_id") and session.get("remote_boxid") == (record.get("array") or {}).get("boxid"):
                return session, "read on the DR array"
        return None, "not found on the DR array"
    return None, "DR array not read"


def further_on(given: Mapping[str, Any] | None, on_file: Any) -> Mapping[str, Any] | None:
    """The record on file instead of the one given as a dict (an AWX artifact of the start) when it is the same drill
    further on - a rerun of the end then goes on from what the first end wrote."""
    try:
        on_file = record_of(on_file)
    except ValueError:
        return given
    if given is None or on_file is None or record_problem(given) or record_problem(on_file):
        return given
    if on_file["drill"].get("id") != given["drill"].get("id") or not _same_array(on_file.get("array"), given.get("array") or {}):
        return given
    return on_file if STATES.index(on_file["drill"]["state"]) > STATES.index(given["drill"]["state"]) else given


def end_plan(result: Any, record: Any, dr_boxid: Any = None, dr_reads: Any = None, record_path: str = "", host: str = "the array",
             rehearsal: bool = False, record_on_file: Any = None) -> dict[str, Any]:
    sessions = {s.get("copysession_id"): v.normalized(s) for s in sessions_of(result)}
    here = _rec_report.array_identity(result)
    record = further_on(record_of(record), record_on_file)
    dr_boxid = _none(dr_boxid)
    problems: list[str] = []
    wrong = record_problem(record)
    if wrong:
        problems.append("The drill record at %s: %s. The end acts only on the sessions a drill record names." % (record_path or "(given as a dict)", wrong))
        record = None
    elif not _same_array(record.get("array"), here):
        problems.append("The drill record at %s is of another array pair: it was opened on %s with DR array %s; this is %s. "
                        "Nothing is resumed: run the end with the record of this array." % (
                            record_path or "(given as a dict)", _array_text(record.get("array")), record.get("expected_peer_boxid"), _array_text(here)))
    elif dr_boxid and record.get("expected_peer_boxid") != dr_boxid:
        problems.append("The drill record at %s names DR array %s, not rec_dr_test_dr_boxid %s: another array pair's drill. Nothing is resumed." % (
            record_path or "(given as a dict)", record.get("expected_peer_boxid"), dr_boxid))
    rows: list[Row] = []
    closed = False
    if record is not None and not problems:
        closed = record["drill"]["state"] == "closed"
        for entry in record["sessions"]:
            sid = entry.get("copysession_id")
            session = sessions.get(sid)
            row = _base_row(session or entry)
            row.update(copysession_id=sid, resynchronised=entry.get("resynchronised"), dr_changes=entry.get("dr_changes_discarded"),
                       dr_changes_from=entry.get("dr_changes_from") or "", at_start=entry.get("at_start"))
            if session is None:
                row.update(status=None, phase=None, action="refused", reason="not found on this array")
            elif any(mine != recorded for mine, recorded in ((session.get("remote_boxid"), record.get("expected_peer_boxid")),
                                                             (session.get("remote_copysession_id"), entry.get("remote_copysession_id")))):
                row.update(action="refused", reason="not the drill's pair: peer %s session %s on this array, the record has peer %s session %s" % (
                    session.get("remote_boxid"), session.get("remote_copysession_id"), record.get("expected_peer_boxid"), entry.get("remote_copysession_id")))
            elif session.get("is_local_source_volume") is not True:
                row.update(action="refused", reason=(
                    "the direction is no longer production -> DR (is_local_source_volume %s): the DR array holds the copy source now "
                    "(a failover or a reverse since the drill started?); a resume would copy the DR side over production"
                    % json.dumps(session.get("is_local_source_volume"))))
            elif v.is_suspend_status(session) and not v.suspend_finishing(session):
                shown = _amount(session.get("tracking_data_size"))
                dr_session, dr_from = _dr_session(dr_reads, record, entry)
                row.update(action="resume", reason="suspended by the drill: resume from production, discarding the DR side's changes",
                           resynchronised=shown, dr_changes=_amount((dr_session or {}).get("tracking_data_size")), dr_changes_from=dr_from)
            elif v.is_equivalent(session):
                row.update(action="none", reason="%s and %s already%s" % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT,
                                                                          " (the drill is closed)" if closed else " (resumed by an earlier run)"))
            elif v.is_active(session):
                row.update(action="wait", reason="%s, still copying (resumed by an earlier run): wait for %s" % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT))
            elif closed:
                row.update(action="left", reason="%s: the drill is closed; this state is not the drill's doing and is left as it is" % _state_word(session))
            else:
                row.update(action="refused", reason="%s: the end resumes only suspended sessions and waits for copying ones" % _state_word(session))
            rows.append(row)
    refused = [row for row in rows if row["action"] == "refused"]
    to_resume = [row["copysession_id"] for row in rows if row["action"] == "resume"]
    worked = [row["copysession_id"] for row in rows if row["action"] in ("resume", "wait")]
    plan = {
        "phase": "end", "host": host, "array": here, "dr_boxid": (record or {}).get("expected_peer_boxid") or dr_boxid, "rehearsal": bool(rehearsal),
        "record_path": record_path, "record": record, "rows": rows, "carried": [], "to_suspend": [], "to_resume": to_resume,
        "worked_ids": worked, "drill_ids": [row["copysession_id"] for row in rows], "problems": problems,
        # What the DR array showed of the test's writes, for the resume's destination_changes_on_peer (by this array's ids).
        "dr_changes_on_peer": {row["copysession_id"]: row["dr_changes"] for row in rows if row["action"] == "resume" and row.get("dr_changes") is not None},
        "refused_count": len(refused) + len(problems), "closed": closed,
        "write_record": bool(worked) or (record is not None and not problems and record["drill"]["state"] != "closed"),
    }
    plan["plan"] = _end_plan_lines(plan)
    plan["refused"] = _refusal_lines(plan, "end")
    return plan


END_PLAN = ("id", "source -> destination", "peer Box ID", "status/phase", "production chg", "DR chg discarded", "action")


def _changes(value: Any, source: str = "") -> str:
    if value is None:
        return {"DR array not read": "not read", "not found on the DR array": "not found"}.get(source, "not shown")
    return str(value)


def _end_plan_lines(plan: Mapping[str, Any]) -> list[str]:
    record = plan["record"] or {}
    drill = record.get("drill") or {}
    lines = ["REC drill end on %s, %s: DR array %s, drill opened %s%s" % (
        plan["host"], _array_text(plan["array"]), plan["dr_boxid"] or "not given", drill.get("opened_at") or "(not recorded)",
        "; REHEARSAL (check mode): nothing will be sent" if plan["rehearsal"] else "; nothing has been sent yet")]
    if not plan["rows"]:
        return lines
    lines += _rec_report.table(END_PLAN, [(row["copysession_id"], _volumes(row), row["remote_boxid"] or "-", "%s/%s" % (row["status"], row["phase"]),
                                           _changes(row.get("resynchronised")), _changes(row.get("dr_changes"), row.get("dr_changes_from", "")),
                                           "%s: %s" % (row["action"].upper() if row["action"] == "refused" else row["action"], row["reason"]))
                                          for row in plan["rows"]])
    if plan["to_resume"]:
        discarded = [row for row in plan["rows"] if row["action"] == "resume"]
        verb = "Would resume" if plan["rehearsal"] else "Resuming"
        dr_side = ", ".join("session %s: %s" % (row["copysession_id"], _changes(row.get("dr_changes"), row.get("dr_changes_from", "")))
                            for row in discarded)
        production = ", ".join("session %s: %s" % (row["copysession_id"], _changes(row.get("resynchronised"))) for row in discarded)
        lines.append(verb + " %d session(s) from production with discard_destination_changes: true: what the test wrote on the DR "
                     "volumes is discarded (%s), production's tracked changes are copied to DR (%s), in the array's units." % (
                         len(discarded), dr_side, production))
    if plan["worked_ids"]:
        lines.append("Then wait until session(s) %s are %s and %s." % (", ".join(str(i) for i in plan["worked_ids"]), v.STATUS_ACTIVE, v.PHASE_EQUIVALENT))
    elif not plan["refused_count"]:
        if plan.get("closed"):
            lines.append("Nothing to resume: the drill is closed (%s)." % (drill.get("closed_at") or "earlier"))
        else:
            lines.append("Nothing to resume: every session of the drill is %s already." % v.PHASE_EQUIVALENT)
    return lines


# -- the drill record ----------------------------------------------------------------------------------------------------

def _state(session: Session | None) -> dict[str, Any]:
    if session is None:
        return {"status": "unknown", "phase": "unknown"}
    return {"status": session.get("status") or "unknown", "phase": session.get("phase") or "unknown"}


def _seconds(value: Any) -> int | None:
    """A module's elapsed (float seconds) as whole seconds; None if it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return int(round(value))


def time_to_equivalent(drill: Mapping[str, Any], runs: list[Mapping[str, Any]]) -> str:
    """How time_to_equivalent_seconds was measured: measured (by this end's resume, from its requests until it read every
    session Equivalent), upper_bound (an earlier, interrupted end sent the resume: resume_sent_at to equivalent_at) or
    unknown (no end of this drill sent a resume)."""
    if drill.get("time_to_equivalent_seconds") is None:
        return "unknown"
    return "upper_bound" if sum(1 for run in runs if run.get("phase") == "end") > 1 else "measured"


def drill_record(plan: Mapping[str, Any], stage: str, after: Any = None, audit: Any = None, resume: Any = None) -> dict[str, Any]:
    """The drill record to write at a stage: opening / open (start), closing / closed (end).

    ``after``: the rec_session_info result read after the suspend (open) or after the wait (closed).
    ``audit``: started_at, finished_at (None for opening/closing), now (the time of this write), run_by, host, check_mode;
    for closed, resume_finished_at: the time the resume task returned (it had read every session Equivalent).
    ``resume``: for closed, the rec_session_resume result of this run (its ``elapsed``: the seconds from its resume
    requests until it read every session Equivalent) - the time to Equivalent when this run sent the drill's resume.
    """
    if stage not in STAGES:
        raise ValueError("stage must be one of %s, got %r" % (", ".join(STAGES), stage))
    audit = {key: _none(value) for key, value in dict(audit or {}).items()}
    now = audit.get("now") or _rec_report.utc_now()
    earlier = plan.get("record") or {}
    drill = dict(earlier.get("drill") or {})
    after_sessions = {s.get("copysession_id"): v.normalized(s) for s in sessions_of(after)} if after is not None else {}
    by_id = {entry.get("copysession_id"): dict(entry) for entry in earlier.get("sessions", []) if isinstance(entry, Mapping)}
    run = {"phase": STAGES[stage], "started_at": audit.get("started_at"), "finished_at": audit.get("finished_at"),
           "result": None, "run_by": _rec_report.run_by(**(audit.get("run_by") or {})), "reason": audit.get("reason")}
    offenders: list[dict[str, Any]] = []
    if stage in ("opening", "open"):
        if not earlier or earlier.get("drill", {}).get("state") not in ("opening", "open"):
            drill = {"state": "opening", "id": None, "suspend_sent_at": None, "opened_at": None, "resume_sent_at": None, "equivalent_at": None,
                     "closed_at": None, "open_seconds": None, "time_to_equivalent_seconds": None, "runs": []}
            by_id = {}
        for row in plan["rows"]:
            if row["action"] == "refused":
                continue
            entry = by_id.get(row["copysession_id"]) or {
                "copysession_id": row["copysession_id"], "remote_copysession_id": row["remote_copysession_id"], "remote_boxid": row["remote_boxid"],
                "source_volume_name": row["source_volume_name"], "destination_volume_name": row["destination_volume_name"],
                "transfer_mode": row["transfer_mode"], "at_start": {"status": row["status"], "phase": row["phase"]},
                "opened": None, "after": None, "resynchronised": None, "dr_changes_discarded": None, "dr_changes_shown": False,
                "dr_changes_from": "", "equivalent_again": None}
            by_id[row["copysession_id"]] = entry
        if stage == "opening":
            drill["suspend_sent_at"] = drill.get("suspend_sent_at") or now
            result = "running"
        else:
            for sid, entry in by_id.items():
                session = after_sessions.get(sid)
                entry["opened"] = _state(session) if session is not None else entry.get("opened") or _state(None)
                if not v.is_suspend_status(session) and session is not None:
                    offenders.append({"copysession_id": sid, "status": session.get("status"), "phase": session.get("phase"),
                                      "message": "not suspended after the drill start"})
            drill["opened_at"] = drill.get("opened_at") or now
            drill["suspend_sent_at"] = drill.get("suspend_sent_at") or now
            result = "failed" if offenders else "succeeded"
        drill["state"] = stage
        drill["id"] = drill.get("id") or "%s-%s" % (plan["array"].get("boxid") or plan["host"], drill["suspend_sent_at"])
    else:
        rows = {row["copysession_id"]: row for row in plan["rows"]}
        for sid, entry in by_id.items():
            row = rows.get(sid) or {}
            if row.get("action") == "resume" and entry.get("resynchronised") is None:
                entry["resynchronised"] = row.get("resynchronised")
                entry["dr_changes_discarded"] = row.get("dr_changes")
                entry["dr_changes_shown"] = row.get("dr_changes") is not None
                entry["dr_changes_from"] = row.get("dr_changes_from") or ""
        if stage == "closing":
            drill["resume_sent_at"] = drill.get("resume_sent_at") or now
            drill["state"] = "closing"
            result = "running"
        else:
            for sid, entry in by_id.items():
                session = after_sessions.get(sid)
                entry["after"] = _state(session)
                entry["equivalent_again"] = bool(v.is_equivalent(session) and session.get("is_local_source_volume") is True)
                if not entry["equivalent_again"]:
                    offenders.append({"copysession_id": sid, "status": (session or {}).get("status"), "phase": (session or {}).get("phase"),
                                      "message": "did not return to %s with production as the copy source" % v.PHASE_EQUIVALENT})
            # The resume's own measure when this run sent it (and no earlier end did); after an interrupted end, the record's
            # times (an upper bound); when no end of the drill sent a resume (sessions resumed outside the role), unknown.
            earlier_ends = [r for r in drill.get("runs") or [] if r.get("phase") == "end" and r.get("started_at") != run["started_at"]]
            resume = resume if isinstance(resume, Mapping) else {}
            measured = None
            if plan.get("to_resume") and not earlier_ends and not resume.get("skipped") and not resume.get("failed"):
                measured = _seconds(resume.get("elapsed"))
            sent_before = bool(earlier_ends) and drill.get("resume_sent_at") is not None
            drill["resume_sent_at"] = drill.get("resume_sent_at") or now
            returned = audit.get("resume_finished_at") if measured is not None else None
            if returned and seconds_between(drill["resume_sent_at"], returned) is not None:
                # The record before the resume was written before the module started (and logged in, and read): the
                # resume was sent its measured time before it returned, having read every session Equivalent.
                drill["resume_sent_at"] = max(drill["resume_sent_at"], _utc(_epoch(returned) - measured))
            if not offenders:
                drill["equivalent_at"] = drill.get("equivalent_at") or returned or now
                drill["closed_at"] = drill.get("closed_at") or now
            drill["state"] = "close_failed" if offenders else "closed"
            drill["open_seconds"] = seconds_between(drill.get("opened_at"), drill.get("resume_sent_at"))
            if offenders:
                drill["time_to_equivalent_seconds"] = None
            elif measured is not None:
                drill["time_to_equivalent_seconds"] = measured
            elif sent_before:
                drill["time_to_equivalent_seconds"] = seconds_between(drill.get("resume_sent_at"), drill.get("equivalent_at"))
            else:
                drill["time_to_equivalent_seconds"] = None
            result = "failed" if offenders else "succeeded"
    run["result"] = result
    runs = list(drill.get("runs") or [])
    # The record written before the change and the one after it are one run.
    if runs and runs[-1].get("result") == "running" and runs[-1].get("phase") == run["phase"] and runs[-1].get("started_at") == run["started_at"]:
        runs.pop()
    drill["runs"] = runs + [run]
    drill["record_path"] = plan.get("record_path") or None
    entries = [by_id[sid] for sid in sorted(by_id, key=lambda i: i or 0)]
    resync = [e["resynchronised"] for e in entries if isinstance(e.get("resynchronised"), int)]
    discarded = [e["dr_changes_discarded"] for e in entries if isinstance(e.get("dr_changes_discarded"), int)]
    opened = [e["opened"] for e in entries if (e.get("opened") or {}).get("status") not in (None, "unknown")]
    summary = {
        "sessions": len(entries),
        "suspended_by_drill": sum(1 for state in opened if v.is_suspend_status(state)),
        "equivalent_again": sum(1 for e in entries if e.get("equivalent_again") is True),
        "not_equivalent": sum(1 for e in entries if e.get("equivalent_again") is False),
        "resynchronised_total": sum(resync) if resync else None,
        "dr_changes_discarded_total": sum(discarded) if discarded else None,
        "dr_changes_not_shown": sum(1 for e in entries if e.get("resynchronised") is not None and not e.get("dr_changes_shown")),
    }
    body = {"drill": drill, "summary": summary, "sessions": entries, "offenders": offenders}
    return envelope(STAGES[stage], body, started_at=audit.get("started_at") or now, finished_at=audit.get("finished_at"),
                    check_mode=bool(audit.get("check_mode")), array=plan["array"], run_by_=run["run_by"],
                    expected_peer_boxid=plan.get("dr_boxid"), result=result, host=audit.get("host") or plan.get("host"))


def envelope(mode: str, body: Mapping[str, Any], *, started_at: str, finished_at: str | None, check_mode: bool, array: Mapping[str, Any],
             run_by_: Mapping[str, Any], expected_peer_boxid: str | None, result: str, host: str | None) -> dict[str, Any]:
    """The audit envelope of docs/schemas/rec_report.schema.json with kind drill (mode: the phase that wrote it)."""
    if result not in _rec_report.RESULTS:
        raise ValueError("result must be one of %s, got %r" % (", ".join(_rec_report.RESULTS), result))
    report: dict[str, Any] = {
        "schema": _rec_report.SCHEMA, "schema_version": _rec_report.SCHEMA_VERSION, "kind": KIND,
        "collection_version": _rec_report.COLLECTION_VERSION, "started_at": started_at, "finished_at": finished_at, "result": result,
        "check_mode": bool(check_mode), "mode": mode, "run_by": dict(run_by_), "host": host,
        "array": {"url": array.get("url"), "boxid": array.get("boxid"), "name": array.get("name")},
        "expected_peer_boxid": expected_peer_boxid,
    }
    report.update(body)
    return report


# -- the drill report, as an auditor reads it ----------------------------------------------------------------------------

REPORT = ("id", "source -> destination", "peer id", "at start", "now / after", "resynchronised", "DR discarded", "back to " + v.PHASE_EQUIVALENT)


def report_lines(record: Any, host: str = "the array") -> list[str]:
    record = record_of(record) or {}
    drill = record.get("drill") or {}
    summary = record.get("summary") or {}
    state = drill.get("state")
    title = {"closed": "closed", "close_failed": "CLOSE FAILED", "open": "OPEN", "opening": "OPENING (interrupted start?)",
             "closing": "CLOSING (interrupted end?)"}.get(state, str(state))
    lines = ["REC drill report for %s, %s -> DR array %s: %s" % (host, _array_text(record.get("array")), record.get("expected_peer_boxid"), title)]
    lines.append("  drill %s; record %s" % (drill.get("id"), drill.get("record_path") or "(not written to a file)"))
    lines.append("  DR copy opened (suspend sent %s, suspended %s): the DR volumes held production's data as of that suspend" % (
        drill.get("suspend_sent_at") or "-", drill.get("opened_at") or "-"))
    if state in ("closing", "closed", "close_failed"):
        open_seconds = drill.get("open_seconds")
        if open_seconds is None:
            open_seconds = seconds_between(drill.get("opened_at"), drill.get("resume_sent_at"))
        lines.append("  DR copy open for %s (until the resume was sent at %s)" % (duration(open_seconds), drill.get("resume_sent_at") or "-"))
        reached = "reached %s" % drill["equivalent_at"] if drill.get("equivalent_at") else "not reached"
        how = time_to_equivalent(drill, drill.get("runs") or [])
        if how == "measured":
            lines.append("  time to %s after the resume: %s (measured by the resume, from its requests until it read every session %s; %s)" % (
                v.PHASE_EQUIVALENT, duration(drill["time_to_equivalent_seconds"]), v.PHASE_EQUIVALENT, reached))
        elif how == "upper_bound":
            lines.append("  time to %s after the resume: at most %s (an earlier, interrupted end sent the resume at %s; %s)" % (
                v.PHASE_EQUIVALENT, duration(drill["time_to_equivalent_seconds"]), drill.get("resume_sent_at"), reached))
        elif state == "closing":
            lines.append("  time to %s after the resume: not known yet (the end has not finished: run it again)" % v.PHASE_EQUIVALENT)
        elif state == "close_failed" or not drill.get("equivalent_at"):
            lines.append("  time to %s after the resume: unknown (not every session returned to %s)" % (v.PHASE_EQUIVALENT, v.PHASE_EQUIVALENT))
        else:
            lines.append("  time to %s after the resume: unknown (no end of this drill sent a resume: the sessions were resumed outside "
                         "the role; %s)" % (v.PHASE_EQUIVALENT, reached))
        lines.append("  tracked changes resynchronised from production: %s in total; DR-side changes discarded: %s in total (in the array's units)" % (
            _changes(summary.get("resynchronised_total")), _changes(summary.get("dr_changes_discarded_total"))))
    rows = []
    for entry in record.get("sessions") or []:
        after = entry.get("after") or entry.get("opened") or {}
        rows.append((entry.get("copysession_id"), _volumes(entry), entry.get("remote_copysession_id"),
                     "%s/%s" % ((entry.get("at_start") or {}).get("status"), (entry.get("at_start") or {}).get("phase")),
                     "%s/%s" % (after.get("status"), after.get("phase")),
                     _changes(entry.get("resynchronised")), _changes(entry.get("dr_changes_discarded"), entry.get("dr_changes_from", "")),
                     {True: "yes", False: "NO"}.get(entry.get("equivalent_again"), "-")))
    lines += _rec_report.table(REPORT, rows)
    offenders = record.get("offenders") or []
    if offenders:
        lines.append("  NOT as the drill needs them: " + "; ".join("session %s %s/%s: %s" % (
            o.get("copysession_id"), o.get("status"), o.get("phase"), o.get("message")) for o in offenders))
    elif state == "closed":
        lines.append("  every session of the drill is %s and %s again, production -> DR" % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT))
    runs = drill.get("runs") or []
    for run in runs:
        who = run.get("run_by") or {}
        awx = " (AWX job %s, %s)" % (who.get("awx_job_id"), who.get("awx_user_name")) if who.get("awx_job_id") else ""
        reason = "; reason: %s" % run["reason"] if run.get("reason") else ""
        values = (run.get("phase"), run.get("started_at"), run.get("finished_at") or "(running)", run.get("result"),
                  who.get("user") or "unknown user", awx, reason)
        lines.append("  run: %s %s .. %s %s by %s%s%s" % values)
    return lines


# -- status --------------------------------------------------------------------------------------------------------------

def status_view(result: Any, records: Any, host: str = "the array") -> dict[str, Any]:
    """The drills whose record names this array, and how their sessions are now; reads nothing itself."""
    sessions = {s.get("copysession_id"): v.normalized(s) for s in sessions_of(result)}
    here = _rec_report.array_identity(result)
    given = records if isinstance(records, list) else [] if _none(records) is None else [records]
    mine = []
    unreadable = 0
    for item in given:
        try:
            record = record_of(item)
        except ValueError:
            unreadable += 1
            continue
        if record is None or record_problem(record) or not _same_array(record.get("array"), here):
            continue
        mine.append(record)
    lines = ["REC drills on %s, %s (read-only):" % (host, _array_text(here))]
    drills = []
    for record in sorted(mine, key=lambda r: (r.get("drill") or {}).get("suspend_sent_at") or ""):
        drill = record["drill"]
        ids = _drill_ids(record)
        suspended = [sid for sid in ids if v.is_suspend_status(sessions.get(sid))]
        is_open = drill.get("state") in OPEN_STATES
        drills.append({"id": drill.get("id"), "state": drill.get("state"), "open": is_open, "dr_boxid": record.get("expected_peer_boxid"),
                       "sessions": ids, "suspended": suspended, "opened_at": drill.get("opened_at"), "closed_at": drill.get("closed_at"),
                       "record_path": drill.get("record_path")})
        if is_open:
            lines.append("  drill %s OPEN (%s) since %s, DR array %s, record %s: %d of %d session(s) suspended" % (
                drill.get("id"), drill.get("state"), drill.get("opened_at") or drill.get("suspend_sent_at"), record.get("expected_peer_boxid"),
                drill.get("record_path") or "-", len(suspended), len(ids)))
            for sid in ids:
                session = sessions.get(sid)
                lines.append("    session %s: %s, %s, tracked changes here %s" % (
                    sid, _direction(session) if session else "not found on this array", _state_word(session),
                    _changes(_amount((session or {}).get("tracking_data_size")))))
        else:
            lines.append("  drill %s closed at %s (DR array %s, %d session(s), open %s)" % (
                drill.get("id"), drill.get("closed_at"), record.get("expected_peer_boxid"), len(ids), duration(drill.get("open_seconds"))))
    if not mine:
        lines.append("  no drill record of this array")
    if unreadable:
        lines.append("  %d file(s) given as drill records are not JSON: left out" % unreadable)
    summary = {"records": len(mine), "open": sum(1 for d in drills if d["open"]),
               "suspended_by_drills": sum(len(d["suspended"]) for d in drills if d["open"])}
    return {"lines": lines, "drills": drills, "summary": summary}


def sessions_suspended(result: Any, ids: Iterable[int]) -> list[int]:
    """Of ids, those the read shows suspended."""
    sessions = {s.get("copysession_id"): s for s in sessions_of(result)}
    return [sid for sid in ids if v.is_suspend_status(sessions.get(sid))]
