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


def plan_row(session: Session, phase: str, home_boxid: str, confirm_reversed: bool = False) -> Row:
    """One session's state before the run, the steps the phase takes for it (in order) and why, or why it is refused."""
    wanted = copy_source_for(phase)
    problem = _refusal(session, home_boxid, wanted)
    steps: list[str] = []
    if not problem:
        problem, steps = _failback(session) if phase == FAILBACK else _switch_back(session, confirm_reversed)
    action = "refused" if problem else "+".join(steps) or ("none" if v.in_equivalent_phase(session) else "wait")
    return {
        "copysession_id": session.get("copysession_id"),
        "remote_copysession_id": session.get("remote_copysession_id"),
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
        "reason": problem or _why(session, steps, wanted),
    }


def plan(result: Any, phase: str, home_boxid: str, confirm_switch_back_reversed: bool = False) -> list[Row]:
    """The plan of a phase for the sessions of a rec_session_info result, one row per session in its order."""
    check_phase(phase)
    if not isinstance(home_boxid, str):
        raise ValueError("home_boxid must be the Box ID of the home array, got %r" % (home_boxid,))
    return [plan_row(session, phase, home_boxid, bool(confirm_switch_back_reversed)) for session in sessions_of(result)]


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
    """The report of a run from its plan: per session before -> after and the steps, the counts; no connection secrets."""
    wanted = copy_source_for(phase)
    after_by_id = {} if rehearsal else {session.get("copysession_id"): session for session in after_sessions or []}
    sessions = []
    for row in check_plan(rows):
        after = after_by_id.get(row["copysession_id"], {})
        sessions.append({
            "copysession_id": row["copysession_id"],
            "remote_copysession_id": row.get("remote_copysession_id"),
            "source_volume_name": after.get("source_volume_name", row.get("source_volume_name")),
            "destination_volume_name": after.get("destination_volume_name", row.get("destination_volume_name")),
            "transfer_mode": row.get("transfer_mode"),
            "before": {"status": row.get("status"), "phase": row.get("phase"), "copy_source": row.get("copy_source")},
            "after": _state_after(None if rehearsal else after, wanted),
            "steps": list(row["steps"]),
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
            "already_in_direction": sum(1 for row in sessions if not row["steps"]),
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
