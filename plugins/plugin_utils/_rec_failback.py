# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failback role's decisions: the plan per session, the report of a run, and how far the copy got.

Pure functions over the results of rec_session_info, run on the controller by the role's filters. The copy source is
named from the view of the array the role runs against (the disaster-recovery array): ``local`` or ``remote``.
The text tables the role shows of these are in ``_rec_failback_tables``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v

FAILBACK = "failback"
SWITCH_BACK = "switch_back"
PHASES = (FAILBACK, SWITCH_BACK)

LOCAL = "local"
REMOTE = "remote"
UNKNOWN = "unknown"

SUSPEND = "suspend"
REVERSE = "reverse"
RESUME = "resume"

# The actions of a failover report (docs/schemas/rec_report.schema.json) that mean "suspended by this failover": a
# suspend that ended suspended, or a session an earlier run of the same failover had suspended.
FAILOVER_SUSPENDING = ("suspend", "force_suspend")
FAILOVER_EARLIER = ("suspended_earlier",)
FAILOVER_OUTCOMES = ("suspended", "suspended_earlier")

Row = dict[str, Any]
Session = Mapping[str, Any]


def check_phase(phase: Any) -> str:
    if phase not in PHASES:
        raise ValueError("phase must be one of %s, got %r" % (", ".join(PHASES), phase))
    return phase


def copy_source_for(phase: str) -> str:
    """The copy source a phase leaves: failback makes this array the source, switch_back gives it back to the peer."""
    return LOCAL if check_phase(phase) == FAILBACK else REMOTE


def copy_source_of(session: Session) -> str:
    local = session.get("is_local_source_volume")
    return LOCAL if local is True else REMOTE if local is False else UNKNOWN


def sessions_of(result: Any, module: str = "rec_session_info") -> list[Session]:
    if not isinstance(result, Mapping) or not isinstance(result.get("sessions"), list):
        raise ValueError("the input must be a %s result with its sessions" % module)
    return result["sessions"]


def _refusal(session: Session, home_boxid: str, wanted: str) -> str:
    """Why no phase can fail this session back safely; empty when the phase's own rules decide."""
    current = copy_source_of(session)
    status = session.get("status")
    if session.get("remote_boxid") != home_boxid:
        return ("the peer array of this session is %s, not the home array %s: run the role against the disaster-recovery "
                "array, whose peer is the home array" % (session.get("remote_boxid"), home_boxid))
    if current == UNKNOWN:
        return "the array does not report which side is the copy source (is_local_source_volume %s)" % (
            session.get("is_local_source_volume"),)
    if v.is_error(session):
        return "status %s (error %s): resolve the error first" % (status, session.get("error_code") or "?")
    if v.is_reserved(session):
        return "status %s: the copy has not started" % v.STATUS_RESERVED
    if v.is_halted(session):
        return ("halted (copy path lost): once the copy path is back, suspend it with force and force_reason "
                "copy_path_recovery (rec_failover unplanned), then run again")
    if v.says_suspend_running(session):
        return "a suspend is still finishing (concurrent_suspend_result %s): run again once it shows %s" % (
            v.CONCURRENT_SUSPEND_RUNNING, v.STATUS_SUSPEND)
    if not (v.is_active(session) or v.is_suspend_status(session)):
        return "status %s: not a state this role knows how to fail back safely" % (status,)
    if v.is_stack(session) and not (v.is_active(session) and current == wanted and v.in_equivalent_phase(session)):
        return "transfer mode %s never reaches %s by itself: switch it to %s or %s first" % (
            v.TRANSFER_MODE_STACK, v.PHASE_EQUIVALENT, v.TRANSFER_MODE_SYNCHRONOUS, v.TRANSFER_MODE_CONSISTENCY)
    return ""


def _failback(session: Session) -> tuple[str, list[str]]:
    """An Active or Suspend session of the failback phase: the refusal, or the steps that make this array the source."""
    remote = copy_source_of(session) == REMOTE
    if v.is_active(session) and remote:
        return ("%s with the copy source on the peer array: it copies from the old side onto this array, which was not "
                "failed over (run fujitsu.eternus.rec_failover first) or is not the array where the applications ran"
                % v.STATUS_ACTIVE), []
    if v.is_suspend_status(session):
        return "", [REVERSE, RESUME] if remote else [RESUME]
    return "", []


def _switch_back(session: Session, confirm_reversed: bool) -> tuple[str, list[str]]:
    """An Active or Suspend session of the switch_back phase: the refusal, or the steps that give the peer the source."""
    local = copy_source_of(session) == LOCAL
    equivalent = v.in_equivalent_phase(session)
    uncopied = session.get("uncopied_data_size", 0)
    if v.is_active(session) and local:
        if not equivalent:
            return ("still copying this array's data to the peer (phase %s, uncopied_data_size %s not yet copied): wait until it is %s "
                    "and run again" % (session.get("phase"), uncopied, v.PHASE_EQUIVALENT)), []
        return "", [SUSPEND, REVERSE, RESUME]
    if v.is_suspend_status(session) and local:
        if not equivalent:
            return ("suspended before the peer held all of this array's data (phase %s, uncopied_data_size %s not yet copied): run the "
                    "failback phase first" % (session.get("phase"), uncopied)), []
        return "", [REVERSE, RESUME]
    if v.is_suspend_status(session):
        if not confirm_reversed:
            return ("suspended with the copy source already on the peer array: after a failover whose failback never ran "
                    "this array holds the newer data and a resume would overwrite it (run the failback phase); if a switch "
                    "back was interrupted after its reverse, set rec_failback_confirm_switch_back_reversed=true"), []
        return "", [RESUME]
    return "", []


def _why(session: Session, steps: list[str], wanted: str) -> str:
    if steps:
        return "copy source %s, status %s, phase %s: %s so that the copy source is %s" % (
            copy_source_of(session), session.get("status"), session.get("phase"), ", ".join(steps), wanted)
    if v.in_equivalent_phase(session):
        return "already %s and %s, copy source %s" % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT, wanted)
    return "already %s, copy source %s: wait until it is %s" % (v.STATUS_ACTIVE, wanted, v.PHASE_EQUIVALENT)


def _amount(value: Any) -> int | None:
    """A tracking_data_size as a number, None when the array does not show it."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Evidence:
    """What the role knows besides this array's read: the failover's JSON report(s) and the home array's read.

    ``reports`` None: no failover report was given. ``home`` None: the home array was not read.
    """

    def __init__(self, here_boxid: Any, home_boxid: str, reports: Any = None, home: Any = None) -> None:
        # Before ansible-core 2.19 a template of None renders as an empty string: "" is "not given" too.
        reports = None if reports == "" else reports
        home = None if home == "" else home
        self.here_boxid = here_boxid if isinstance(here_boxid, str) and here_boxid else None
        self.home_boxid = home_boxid
        self.given = reports is not None and reports != []
        self.by_here: dict[Any, Mapping[str, Any]] = {}
        self.by_home: dict[Any, Mapping[str, Any]] = {}
        self.used = 0
        for report in _reports(reports):
            if report.get("check_mode") or report.get("rehearsal"):
                continue
            side = self._writer(report)
            if side == "here":
                index = self.by_here
            elif side == "home":
                index = self.by_home
            else:
                continue
            self.used += 1
            for entry in report["sessions"]:
                if isinstance(entry, Mapping):
                    index[entry.get("copysession_id")] = entry
        self.home_read = home is not None
        home_list = sessions_of(home) if isinstance(home, Mapping) else home
        if home is not None and (not isinstance(home_list, list) or not all(isinstance(s, Mapping) for s in home_list)):
            raise ValueError("home_sessions must be the sessions rec_session_info read on the home array (or its result), "
                             "got %r" % (type(home).__name__,))
        self.home = {s.get("copysession_id"): s for s in home_list or []}

    def _writer(self, report: Mapping[str, Any]) -> str:
        """Which array wrote a failover report: "here", "home" or "" (another pair, or not to be told).

        By the Box ID the report names; where the array did not give its own (an older firmware), by the peers of its
        sessions, which every array reports: all of them the home array means this side of the pair; none of them the
        home array (and this array's Box ID, where known) means the home array. Its entries are then matched both ways
        by copy session id (``failover_entry``).
        """
        array = report.get("array")
        boxid = array.get("boxid") if isinstance(array, Mapping) else None
        if boxid:
            return "here" if boxid == self.here_boxid else "home" if boxid == self.home_boxid else ""
        peers = {entry.get("remote_boxid") for entry in report.get("sessions") or [] if isinstance(entry, Mapping)}
        if not peers or None in peers or "" in peers:
            return ""
        if peers == {self.home_boxid}:
            return "here"
        if self.home_boxid not in peers and (self.here_boxid is None or peers == {self.here_boxid}) and len(peers) == 1:
            return "home"
        return ""

    def failover_entry(self, session: Session) -> tuple[Mapping[str, Any] | None, str]:
        """The failover report's entry of a session (matched by Box ID and copy session id) and which array wrote it."""
        entry = self.by_here.get(session.get("copysession_id"))
        if entry is not None:
            return entry, "this array"
        if session.get("remote_boxid") == self.home_boxid:
            entry = self.by_home.get(session.get("remote_copysession_id"))
            # The home array's entry names this session as its peer (where the report says so).
            if entry is not None and entry.get("remote_copysession_id") in (None, session.get("copysession_id")):
                return entry, "the home array"
        return None, ""

    def home_session(self, session: Session) -> Session | None:
        found = self.home.get(session.get("remote_copysession_id"))
        if found is None:
            return None
        peer = found.get("remote_boxid")
        if self.here_boxid and peer and peer != self.here_boxid:
            return None
        return found


def _reports(reports: Any) -> list[Mapping[str, Any]]:
    if reports is None:
        return []
    listed = reports if isinstance(reports, list) else [reports]
    for report in listed:
        if not isinstance(report, Mapping) or not isinstance(report.get("sessions"), list):
            raise ValueError("failover_reports must be the JSON report(s) of rec_failover (a dict with its sessions, or a list "
                             "of them), got %r" % (type(report).__name__,))
        if report.get("kind") not in (None, "failover"):
            raise ValueError("failover_reports: a report of kind %r, not the report of a failover" % (report.get("kind"),))
    return listed


def suspended_by_failover(entry: Mapping[str, Any] | None) -> bool:
    """True when the failover's report shows that it suspended the session (or that an earlier run of it did): its
    ``outcome`` is one of FAILOVER_OUTCOMES; a report without outcomes: a suspend that ended suspended."""
    if entry is None:
        return False
    if "outcome" in entry:
        return entry.get("outcome") in FAILOVER_OUTCOMES
    action = entry.get("action")
    if action in FAILOVER_EARLIER:
        return True
    after = entry.get("after")
    return action in FAILOVER_SUSPENDING and isinstance(after, Mapping) and v.is_suspend_status(after)


def _failover_said(entry: Mapping[str, Any] | None, evidence: Evidence) -> str:
    if not evidence.given:
        return "no failover report"
    if evidence.used == 0:
        return "no failover report of this array or of the home array"
    if entry is None:
        return "not in the failover report"
    if suspended_by_failover(entry):
        return "suspended by the failover"
    if entry.get("outcome", entry.get("action")) in ("already_suspended", "none"):
        return "already suspended when the failover ran"
    return "the failover's outcome was %s (%s)" % (entry.get("outcome", entry.get("action")), _state_text(entry.get("after")))


def _state_text(state: Any) -> str:
    if not isinstance(state, Mapping):
        return "state after unknown"
    return "after: %s/%s" % (state.get("status"), state.get("phase"))


def _home_changes(session: Session, evidence: Evidence, entry: Mapping[str, Any] | None, entry_from: str) -> tuple[int | None, str]:
    """The changes recorded on the home side since the suspend, and where the number comes from."""
    if evidence.home_read:
        home = evidence.home_session(session)
        if home is None:
            return None, "not found on the home array"
        amount = _amount(home.get("tracking_data_size"))
        return amount, "home array" if amount is not None else "not shown by the home array"
    if entry is not None and entry_from == "the home array" and _amount(entry.get("tracking_data_size")) is not None:
        return entry["tracking_data_size"], "failover report"
    return None, "home side not read"


def _changes_text(amount: int | None, source: str) -> str:
    if amount is None:
        return source
    return "%d (%s)" % (amount, "read on the home array" if source == "home array" else "at the failover, its report")


def _overwrite_check(session: Session, steps: list[str], phase: str, evidence: Evidence, consent: bool,
                     facts: Row) -> tuple[str, bool]:
    """Why a resume of this session would overwrite changes or cannot be proven to be the failback's: the refusal and
    whether it stops the run (True) or leaves only this session as it is (False). Empty when it may go on."""
    if RESUME not in steps:
        return "", True
    home = facts["changes_home"]
    home_text = _changes_text(home, facts["changes_home_from"])
    if phase == SWITCH_BACK:
        here = facts["changes_here"]
        if here:
            return ("a switch back's resume copies the home array over this array and would discard the changes recorded on "
                    "this array since the suspend (tracking_data_size %d, in the array's units); run the failback phase "
                    "first, which copies them home, then switch back" % here), True
        return "", True
    if consent:
        return "", True
    tail = ("; to fail it back anyway and discard the home side's changes set rec_failback_discard_home_changes: true")
    amounts = "changes recorded since the suspend, tracking_data_size in the array's units: home side %s, this array %s" % (
        home_text, "not shown" if facts["changes_here"] is None else facts["changes_here"])
    said = facts["failover"]
    if not evidence.given or evidence.used == 0:
        return ("%s (rec_failback_failover_report): nothing shows that the failover suspended this session, and its resume "
                "would copy this array over the home side, discarding the changes recorded there (%s)%s"
                % (said, amounts, tail)), True
    if not facts["suspended_by_failover"]:
        return ("left as it is: %s, so not the failback's to resume; a resume would copy this array over the home side, "
                "discarding the changes recorded there (%s)%s" % (said, amounts, tail)), False
    if home:
        return ("a resume would copy this array over the home side and discard the changes recorded there (%s)%s"
                % (amounts, tail)), True
    return "", True


def plan_row(session: Session, phase: str, home_boxid: str, confirm_reversed: bool = False,
             evidence: Evidence | None = None, discard_home_changes: bool = False) -> Row:
    """One session's state before the run, the steps the phase takes for it (in order) and why, or why it is refused."""
    evidence = evidence or Evidence(None, home_boxid)
    wanted = copy_source_for(phase)
    entry, entry_from = evidence.failover_entry(session)
    changes_home, changes_home_from = _home_changes(session, evidence, entry, entry_from)
    facts: Row = {
        "changes_here": _amount(session.get("tracking_data_size")),
        "changes_home": changes_home,
        "changes_home_from": changes_home_from,
        "failover": _failover_said(entry, evidence),
        "suspended_by_failover": suspended_by_failover(entry) if evidence.given else None,
    }
    problem = _refusal(session, home_boxid, wanted)
    steps: list[str] = []
    blocking = True
    if not problem and phase == SWITCH_BACK and evidence.given and evidence.used and not facts["suspended_by_failover"] \
            and v.is_suspend_status(session) and copy_source_of(session) == REMOTE and not discard_home_changes:
        # Never failed back and not the failover's: the switch back leaves it as the failback did.
        problem, blocking = ("left as it is: %s, and never failed back (copy source still on the home array)"
                             % facts["failover"]), False
    elif not problem:
        problem, steps = _failback(session) if phase == FAILBACK else _switch_back(session, confirm_reversed)
        if not problem:
            problem, blocking = _overwrite_check(session, steps, phase, evidence, discard_home_changes, facts)
            if problem:
                steps = []
    action = "refused" if problem else "+".join(steps) or ("none" if v.in_equivalent_phase(session) else "wait")
    return dict({
        "copysession_id": session.get("copysession_id"),
        "remote_copysession_id": session.get("remote_copysession_id"),
        "remote_boxid": session.get("remote_boxid"),
        "source_volume_name": session.get("source_volume_name"),
        "destination_volume_name": session.get("destination_volume_name"),
        "transfer_mode": session.get("transfer_mode"),
        "status": session.get("status"),
        "phase": session.get("phase"),
        "copy_source": copy_source_of(session),
        "uncopied_data_size": session.get("uncopied_data_size", 0),
        "steps": steps,
        "action": action,
        "acceptable": not problem,
        "blocking": bool(problem) and blocking,
        "discards_home_changes": bool(discard_home_changes and phase == FAILBACK and RESUME in steps),
        "reason": problem or _why(session, steps, wanted),
    }, **facts)


def plan(result: Any, phase: str, home_boxid: str, confirm_switch_back_reversed: bool = False, failover_reports: Any = None,
         home_sessions: Any = None, discard_home_changes: bool = False) -> list[Row]:
    """The plan of a phase for the sessions of a rec_session_info result, one row per session in its order.

    ``failover_reports``: the failover's JSON report(s) (None: not given); ``home_sessions``: the home array's sessions
    as rec_session_info read them (None: not read); ``discard_home_changes``: the operator's consent to resume sessions
    the failover did not suspend and to discard the changes recorded on the home side.
    """
    check_phase(phase)
    if not isinstance(home_boxid, str):
        raise ValueError("home_boxid must be the Box ID of the home array, got %r" % (home_boxid,))
    sessions = sessions_of(result)
    array = result.get("array")
    evidence = Evidence(array.get("boxid") if isinstance(array, Mapping) else None, home_boxid, failover_reports, home_sessions)
    return [plan_row(session, phase, home_boxid, bool(confirm_switch_back_reversed), evidence, bool(discard_home_changes))
            for session in sessions]


def check_plan(rows: Any) -> list[Mapping[str, Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) and "steps" in row for row in rows):
        raise ValueError("the input must be the plan of rec_failback_plan (a list of rows with their steps)")
    return rows


def count_steps(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = {SUSPEND: 0, REVERSE: 0, RESUME: 0}
    for row in rows:
        for step in counts:
            counts[step] += step in row["steps"]
    return counts


def _state_after(after: Session | None, wanted: str) -> Row:
    if after is None:
        # A rehearsal's "after" is what the run would leave.
        return {"status": v.STATUS_ACTIVE, "phase": v.PHASE_EQUIVALENT, "copy_source": wanted}
    return {"status": after.get("status", UNKNOWN), "phase": after.get("phase", UNKNOWN), "copy_source": copy_source_of(after)}


def report(rows: Any, phase: str, *, after_sessions: Iterable[Session] | None = None, rehearsal: bool = False) -> dict[str, Any]:
    """The report of a run from its plan: per session before -> after, the steps, the peer, the changes recorded on
    both sides and what the failover's report said, or why it was refused; the counts; no connection secrets."""
    wanted = copy_source_for(phase)
    after_by_id = {} if rehearsal else {session.get("copysession_id"): session for session in after_sessions or []}
    sessions = []
    for row in check_plan(rows):
        after = after_by_id.get(row["copysession_id"], {})
        refused = not row.get("acceptable", True)
        sessions.append({
            "copysession_id": row["copysession_id"],
            "remote_copysession_id": row.get("remote_copysession_id"),
            "remote_boxid": row.get("remote_boxid"),
            "source_volume_name": after.get("source_volume_name", row.get("source_volume_name")),
            "destination_volume_name": after.get("destination_volume_name", row.get("destination_volume_name")),
            "transfer_mode": row.get("transfer_mode"),
            "before": {"status": row.get("status"), "phase": row.get("phase"), "copy_source": row.get("copy_source")},
            # A rehearsal's "after" is what the run would leave; a refused session is left as it was (the run does not
            # read it again).
            "after": _state_after(None if rehearsal else after, wanted) if not refused else
            _state_after(after, wanted) if after else
            {"status": row.get("status"), "phase": row.get("phase"), "copy_source": row.get("copy_source")},
            "steps": list(row["steps"]),
            "refused": refused,
            "refusal_stops_the_run": bool(row.get("blocking")) if refused else False,
            "reason": row.get("reason"),
            "changes_here": row.get("changes_here"),
            "changes_home": row.get("changes_home"),
            "changes_home_from": row.get("changes_home_from"),
            "failover": row.get("failover"),
            "suspended_by_failover": row.get("suspended_by_failover"),
            "discards_home_changes": bool(row.get("discards_home_changes")),
        })
    counts = count_steps(sessions)
    return {
        "phase": phase,
        "copy_source": wanted,
        "rehearsal": bool(rehearsal),
        "changed": any(row["steps"] for row in sessions) and not rehearsal,
        "summary": {
            "sessions": len(sessions),
            "suspended": counts[SUSPEND],
            "reversed": counts[REVERSE],
            "resumed": counts[RESUME],
            "already_in_direction": sum(1 for row in sessions if not row["steps"] and not row["refused"]),
            "refused": sum(1 for row in sessions if row["refusal_stops_the_run"]),
            "left_as_they_are": sum(1 for row in sessions if row["refused"] and not row["refusal_stops_the_run"]),
            "home_changes_discarded": sum(row["changes_home"] or 0 for row in sessions if row["discards_home_changes"]),
        },
        "sessions": sessions,
    }


def progress(result: Any, phase: str) -> dict[str, Any]:
    """Where the sessions of a rec_session_info result stand against the phase's goal: Active, Equivalent, copying
    from the phase's copy source.

    ``waiting`` - every session is Active and one is still copying: a wait goes on (a session no longer Active ends it,
    there is nothing left to wait for). ``offenders`` - the sessions not at the goal: not Active, then still copying,
    then copying the wrong way. ``wrong_direction`` - the sessions whose copy source is not the phase's.
    """
    sessions = sessions_of(result)
    wanted_local = copy_source_for(phase) == LOCAL
    not_active = [session for session in sessions if not v.is_active(session)]
    copying = [session for session in sessions if v.is_active(session) and not v.in_equivalent_phase(session)]
    wrong_direction = [session for session in sessions if session.get("is_local_source_volume") != wanted_local]
    return {
        "waiting": not not_active and bool(copying),
        "offenders": not_active + copying + [session for session in wrong_direction if v.is_equivalent(session)],
        "wrong_direction": wrong_direction,
        "sessions": sessions,
    }
