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

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_report

ACTING = ("suspend", "force_suspend", "wait", "none")
SUSPENDING = ("suspend", "force_suspend")
# The report's action for a session already suspended (or still finishing) when this run read it, whose suspend an
# earlier run of the same failover sent (its report is at the same path): it counts as suspended by the failover.
SUSPENDED_EARLIER = "suspended_earlier"
MODES = ("planned", "unplanned")
# Per session, exactly one of these: the summary counts them, and the counts add up to the number of sessions.
OUTCOMES = ("suspended", SUSPENDED_EARLIER, "waited", "already_suspended", "refused", "not_suspended", "pending")
HALTED_WITHOUT_REASON = "halted: needs rec_failover_force_reason=copy_path_recovery to be suspended with force"
JOB_END_NOT_READ = "outcome read from the sessions"
SOURCE, DESTINATION = "source", "destination"

Row = dict[str, Any]


def _by_id(entries: Iterable[Mapping[str, Any]] | None) -> dict[Any, Mapping[str, Any]]:
    return {entry.get("copysession_id"): entry for entry in entries or []}


def direction_of(session: Mapping[str, Any]) -> str | None:
    """Which volume of the pair this array holds: the copy source, the destination, or None when the array does not say."""
    local = session.get("is_local_source_volume")
    return None if not isinstance(local, bool) else (SOURCE if local else DESTINATION)


def problem_of(planned: Mapping[str, Any], before: Mapping[str, Any], mode: str) -> str:
    """Why the mode does not accept a planned action; empty when it does."""
    if planned.get("action") in ACTING:
        return ""
    if mode == "unplanned" and v.is_halted(before):
        # Only reached without a force reason: with one, the module plans a halted session as force_suspend.
        return HALTED_WITHOUT_REASON
    return planned.get("reason") or ""


def peer_problem(session: Mapping[str, Any], peer_boxid: str | None) -> str:
    """Why a session's peer array is not the expected one (rec_failover_peer_boxid); empty when it is or none is expected."""
    if not peer_boxid:
        return ""
    remote = session.get("remote_boxid")
    if not remote:
        return ("the array does not give this session's peer Box ID (remote_boxid): it cannot be checked against "
                "rec_failover_peer_boxid %s" % peer_boxid)
    if remote != peer_boxid:
        return "peer array %s, not the expected rec_failover_peer_boxid %s" % (remote, peer_boxid)
    return ""


def direction_problem(session: Mapping[str, Any], mode: str) -> str:
    """Why this array is the wrong side of the session for the mode; empty when it is the right one or the array does not say.

    A planned failover runs against the array that holds the copy source (the sources stop being copied, the
    destinations become usable); an unplanned one against the surviving array, which holds the copy destination.
    """
    side = direction_of(session)
    peer = session.get("remote_boxid") or "(Box ID not given)"
    if mode == "planned" and side == DESTINATION:
        return ("this array holds the copy destination: a planned failover runs against the array that holds the copy "
                "source, the peer %s" % peer)
    if mode == "unplanned" and side == SOURCE:
        return ("this array holds the copy source: an unplanned failover runs against the surviving array that holds the "
                "copy destination, the peer %s" % peer)
    return ""


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


def offender(session: Mapping[str, Any], failure: Mapping[str, Any], row: Mapping[str, Any] | None = None) -> Row:
    row = row or {}
    return {
        "copysession_id": session.get("copysession_id"),
        "remote_copysession_id": row.get("remote_copysession_id"),
        "remote_boxid": row.get("remote_boxid"),
        "direction": row.get("direction"),
        "source_volume_name": session.get("source_volume_name") or row.get("source_volume_name") or "",
        "destination_volume_name": session.get("destination_volume_name") or row.get("destination_volume_name") or "",
        "status": session.get("status"),
        "phase": session.get("phase"),
        "concurrent_suspend_result": session.get("concurrent_suspend_result"),
        "error_code": failure.get("error_code") or "",
        "message": failure.get("message") or "",
    }


def _same_array(one: Any, other: Any) -> bool:
    if not isinstance(one, Mapping) or not isinstance(other, Mapping):
        return False
    if one.get("boxid") and other.get("boxid"):
        return one["boxid"] == other["boxid"]
    return bool(one.get("url")) and one.get("url") == other.get("url")


def earlier_suspends(earlier: Any, array: Any, state_now: Mapping[Any, Mapping[str, Any]]) -> tuple[set[Any], str]:
    """The sessions whose suspend an earlier run of this failover sent, from that run's report, and a note for the log.

    The earlier report counts when it is a failover report of this array (same Box ID, or same URL when a Box ID is not
    known). Its sessions with action suspend or force_suspend (not in a rehearsal, which sent nothing) or
    suspended_earlier were suspended by the failover. It is stale - from an earlier failover whose sessions have since
    been resumed - when a session it recorded as suspended is now neither suspended nor finishing a suspend: then it
    counts for nothing.
    """
    if not isinstance(earlier, Mapping) or not earlier:
        return set(), ""
    if earlier.get("schema") != _rec_report.SCHEMA or earlier.get("kind") != "failover" or not isinstance(earlier.get("sessions"), list):
        return set(), "the earlier report at this path is not a failover report of the collection: not used"
    if not _same_array(earlier.get("array"), array):
        return set(), "the earlier report at this path is of another array: not used"
    sent = (SUSPENDED_EARLIER,) if earlier.get("check_mode") else SUSPENDING + (SUSPENDED_EARLIER,)
    ids = set()
    for row in earlier["sessions"]:
        if not isinstance(row, Mapping) or row.get("action") not in sent:
            continue
        now = state_now.get(row.get("copysession_id"))
        recorded_suspended = v.is_suspend_status(row.get("after") or {})
        if now is not None and recorded_suspended and not (v.is_suspend_status(now) or v.suspend_finishing(now)):
            return set(), ("the earlier report at this path (started %s) is of an earlier failover: session %s it suspended "
                           "is no longer suspended; not used" % (earlier.get("started_at"), row.get("copysession_id")))
        ids.add(row.get("copysession_id"))
    return ids, ("earlier run of this failover (report started %s, result %s) sent the suspend of %d session(s)"
                 % (earlier.get("started_at"), earlier.get("result"), len(ids)) if ids else "")


def _outcome(row: Mapping[str, Any], after: Mapping[str, Any], pending: bool) -> str:
    if not row["acceptable"]:
        return "refused"
    if pending and row["action"] in ("suspend", "force_suspend", "wait", SUSPENDED_EARLIER) and not v.suspend_complete(after):
        return "pending"
    if not v.is_suspend_status(after) or v.says_suspend_running(after):
        return "not_suspended"
    if row["action"] in SUSPENDING:
        return "suspended"
    if row["action"] == SUSPENDED_EARLIER:
        return SUSPENDED_EARLIER
    if row["action"] == "wait":
        return "waited"
    return "already_suspended"


def _reason(planned: Mapping[str, Any], uncopied: Any) -> str:
    reason = planned.get("reason") or ""
    # The module's reason for a forced suspend speaks of data lost; with nothing left to copy nothing is.
    if planned.get("action") == "force_suspend" and not uncopied:
        return "halted (copy path lost): forced suspend, nothing is left behind (uncopied_data_size 0)"
    return reason


def report(result: Mapping[str, Any], mode: str, *, after_sessions: Iterable[Mapping[str, Any]] | None = None,
           jobs: Iterable[Mapping[str, Any]] | None = None, failures: Iterable[Mapping[str, Any]] | None = None,
           job_results: Iterable[Mapping[str, Any]] | None = None, rehearsal: bool = False,
           peer_boxid: str | None = None, earlier: Mapping[str, Any] | None = None, array: Mapping[str, Any] | None = None,
           pending: bool = False, sent_nothing: bool = False) -> dict[str, Any]:
    """The report of a failover from a rec_session_suspend result (a run, a check-mode plan, or a refusal).

    One entry per planned session: volumes, which side this array holds and the peer, the state before (the diff keeps
    it when ``sessions`` holds the state after) and after, the action and why, whether the mode accepts it, forced or
    not, data left behind, and its outcome. The state after, the jobs and the per-session failures come from the result
    unless given (the stepwise role reads them with rec_session_info and job_info: ``job_results`` are the results of a
    loop of job_info over the suspend's jobs, which give the jobs and, unless ``failures`` is given, the failures).
    ``offenders`` are the sessions not suspended after the run.

    ``peer_boxid`` refuses the sessions whose peer is another array; a session whose copy source (planned) or
    destination (unplanned) is not on this array is refused too. ``earlier`` is the report an earlier run of this
    failover wrote (``earlier_suspends``), ``array`` this array's identity. ``pending`` - the record written before the
    suspend is sent: the sessions to suspend are "pending". ``sent_nothing`` - the result is a check-mode plan of a real
    run that then sent nothing (a refusal, or nothing left to do): the state after is the state before.
    """
    if mode not in MODES:
        raise ValueError("mode must be one of %s, got %r" % (", ".join(MODES), mode))
    if not isinstance(result, Mapping) or not isinstance(result.get("actions"), list):
        raise ValueError("the input must be a rec_session_suspend result with its actions")
    if peer_boxid is not None and not isinstance(peer_boxid, str):
        raise ValueError("peer_boxid must be the Box ID of the peer array (a string), got %r" % (peer_boxid,))
    if job_results is not None:
        jobs = jobs_waited(job_results)
        failures = [f for waited in jobs for f in waited["failed_sessions"] or []] if failures is None else failures
    read = _by_id(result.get("sessions"))
    after = read if after_sessions is None else _by_id(after_sessions)
    failures = list(result.get("failed_sessions") or [] if failures is None else failures)
    failed_by_id = _by_id(failures)
    before_by_id = (result.get("diff") or {}).get("before") or {}
    left_behind = {entry.get("copysession_id"): entry.get("uncopied_data_size") or 0 for entry in result.get("data_loss") or []}
    befores = {planned.get("copysession_id"): dict(read.get(planned.get("copysession_id"), {}),
                                                   **before_by_id.get(str(planned.get("copysession_id")), {}))
               for planned in result["actions"]}
    earlier_ids, earlier_note = earlier_suspends(earlier, array, befores)
    if sent_nothing and after_sessions is None:
        after = {i: dict(read.get(i, {}), **before) for i, before in befores.items()}
    rows = []
    identity_refused = 0
    for planned in result["actions"]:
        session_id = planned.get("copysession_id")
        session = read.get(session_id, {})
        before = befores[session_id]
        state = {} if pending and planned.get("action") in ("suspend", "force_suspend", "wait") else after.get(session_id, {})
        identity = peer_problem(session, peer_boxid) or direction_problem(session, mode)
        identity_refused += bool(identity)
        problem = identity or problem_of(planned, before, mode)
        action = planned.get("action")
        if action in ("none", "wait") and session_id in earlier_ids:
            action = SUSPENDED_EARLIER
        tracking = state.get("tracking_data_size", session.get("tracking_data_size"))
        row = {
            "copysession_id": session_id,
            "remote_copysession_id": session.get("remote_copysession_id"),
            "remote_boxid": session.get("remote_boxid"),
            "is_local_source_volume": session.get("is_local_source_volume"),
            "direction": direction_of(session),
            "source_volume_name": session.get("source_volume_name") or "",
            "destination_volume_name": session.get("destination_volume_name") or "",
            "transfer_mode": session.get("transfer_mode") or "",
            "uncopied_data_size": session.get("uncopied_data_size") or 0,
            "tracking_data_size": tracking if isinstance(tracking, int) and not isinstance(tracking, bool) else None,
            "before": {"status": before.get("status") or "unknown", "phase": before.get("phase") or "unknown"},
            "after": {"status": state.get("status") or "unknown", "phase": state.get("phase") or "unknown"},
            "action": action,
            "planned_action": planned.get("action"),
            "reason": _reason(planned, session.get("uncopied_data_size")),
            "acceptable": problem == "",
            "problem": problem,
            "forced": planned.get("action") == "force_suspend",
            "data_left_behind": left_behind.get(session_id, 0),
        }
        row["outcome"] = _outcome(row, state, pending)
        rows.append(row)
    suspended_ids = {i for i, session in after.items() if v.is_suspend_status(session)}
    planned_ids = {row["copysession_id"] for row in rows}
    counts = {outcome: sum(1 for row in rows if row["outcome"] == outcome) for outcome in OUTCOMES}
    by_id = {row["copysession_id"]: row for row in rows}
    return {
        "rehearsal": bool(rehearsal),
        "changed": counts["suspended"] > 0 and not rehearsal and not pending,
        "summary": dict(sessions=len(rows), **counts, forced=sum(1 for row in rows if row["forced"]),
                        data_left_behind=sum(row["data_left_behind"] for row in rows),
                        identity_refused=identity_refused),
        "earlier_run": earlier_note,
        "jobs": [job_row(job, suspended_ids, failures) for job in (result.get("jobs") or [] if jobs is None else jobs)],
        "sessions": rows,
        "offenders": [] if pending else [offender(state, failed_by_id.get(i, {}), by_id.get(i)) for i, state in after.items()
                                         if i in planned_ids and i not in suspended_ids],
    }


def _short(boxid: Any) -> str:
    return str(boxid) if boxid else "?"


def _volumes(row: Mapping[str, Any]) -> str:
    """The pair as seen from this array: which volume is here, which side it is, and the peer array's Box ID."""
    source, destination, peer = row.get("source_volume_name"), row.get("destination_volume_name"), _short(row.get("remote_boxid"))
    if row.get("direction") == SOURCE:
        return "%s (here, source) -> %s on %s" % (source, destination, peer)
    if row.get("direction") == DESTINATION:
        return "%s on %s -> %s (here, destination)" % (source, peer, destination)
    return "%s -> %s (peer %s, which side is here not given)" % (source, destination, peer)


# The tables of every view are built the same way (_rec_report.table).
table = _rec_report.table


def _count_words(summary: Mapping[str, Any], rehearsal: bool) -> str:
    words = [("suspended", "to suspend" if rehearsal else "suspended by this run"),
             (SUSPENDED_EARLIER, "finished by an earlier run of this failover"),
             ("waited", "a suspend started before this run, waited for" if not rehearsal else "a suspend started before, to wait for"),
             ("already_suspended", "already suspended before"),
             ("refused", "refused"),
             ("not_suspended", "NOT suspended"),
             ("pending", "suspend being sent")]
    shown = ["%d %s" % (summary[key], text) for key, text in words if summary.get(key) or key == "suspended"]
    return "%d session(s): %s" % (summary["sessions"], ", ".join(shown))


def _left_behind(summary: Mapping[str, Any], rehearsal: bool) -> str:
    if not summary["forced"]:
        return "nothing forced"
    return "%d forced, uncopied_data_size %d %s left behind" % (
        summary["forced"], summary["data_left_behind"], "would be" if rehearsal else "was")


def plan_lines(data: Mapping[str, Any]) -> list[str]:
    rows = data["sessions"]
    lines = table(("id", "peer id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "mode", "uncopied",
                   "tracking", "action", "why"),
                  [(row["copysession_id"], row.get("remote_copysession_id") if row.get("remote_copysession_id") is not None else "?",
                    _volumes(row), row["before"]["status"], row["before"]["phase"], row["transfer_mode"], row["uncopied_data_size"],
                    "?" if row.get("tracking_data_size") is None else row["tracking_data_size"],
                    row["action"] + ("" if row["acceptable"] else " REFUSED"), row["reason"] if row["acceptable"] else row["problem"])
                   for row in rows])
    lines.append("%s; %s" % (_count_words(data["summary"], True), _left_behind(data["summary"], True)))
    if data.get("earlier_run"):
        lines.append("Earlier run: " + data["earlier_run"])
    return lines


def refused_lines(data: Mapping[str, Any]) -> list[str]:
    return table(("id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "why"),
                 [(row["copysession_id"], _volumes(row), row["before"]["status"], row["before"]["phase"], row["problem"])
                  for row in data["sessions"] if not row["acceptable"]])


def identity_lines(data: Mapping[str, Any], mode: str, peer_boxid: str | None, array: Mapping[str, Any] | None) -> list[str]:
    """Why the run is on the wrong array or with the wrong peer, before any plan: empty when neither."""
    rows = data["sessions"]
    here = _array_words(array)
    wrong_peer = [row for row in rows if peer_problem(row, peer_boxid)]
    wrong_side = [row for row in rows if direction_problem(row, mode)]
    lines = []
    if wrong_side:
        peers = sorted({_short(row.get("remote_boxid")) for row in wrong_side})
        if mode == "planned":
            lines.append("Refused before any change: this array (%s) is the copy destination of %d of the %d selected session(s): "
                         "if a failback has run, the sites have swapped roles. A planned failover runs against the array that "
                         "holds the copy sources: run it against the peer array (Box ID %s)." % (here, len(wrong_side), len(rows), ", ".join(peers)))
        else:
            lines.append("Refused before any change: this array (%s) is the copy source of %d of the %d selected session(s): its "
                         "volumes are usable already. An unplanned failover runs against the surviving array that holds the copy "
                         "destinations: the peer array (Box ID %s)." % (here, len(wrong_side), len(rows), ", ".join(peers)))
        lines += table(("id", "volumes (this array's side, the peer's Box ID)", "status"),
                       [(row["copysession_id"], _volumes(row), row["before"]["status"]) for row in wrong_side])
    if wrong_peer:
        lines.append("Refused before any change: %d of the %d selected session(s) of this array (%s) do not replicate with the "
                     "expected peer, rec_failover_peer_boxid %s:" % (len(wrong_peer), len(rows), here, peer_boxid))
        lines += table(("id", "volumes (this array's side, the peer's Box ID)", "why"),
                       [(row["copysession_id"], _volumes(row), peer_problem(row, peer_boxid)) for row in wrong_peer])
    return lines


def _array_words(array: Mapping[str, Any] | None) -> str:
    array = array or {}
    return "%s, Box ID %s, %s" % (array.get("name") or "name not given", array.get("boxid") or "not given",
                                  array.get("url") or "URL not known")


def report_lines(data: Mapping[str, Any]) -> list[str]:
    rehearsal = data.get("rehearsal")
    words = {"suspended": "to suspend" if rehearsal else "suspended", SUSPENDED_EARLIER: "finished by an earlier run",
             "waited": "suspend of another run, waited for", "already_suspended": "already suspended before",
             "refused": "REFUSED", "not_suspended": "NOT SUSPENDED", "pending": "suspend being sent"}
    lines = table(("id", "volumes (this array's side, the peer's Box ID)", "before", "after", "outcome", "forced",
                   "left behind (uncopied_data_size)"),
                  [(row["copysession_id"], _volumes(row), "%s/%s" % (row["before"]["status"], row["before"]["phase"]),
                    "%s/%s" % (row["after"]["status"], row["after"]["phase"]), words.get(row.get("outcome"), row.get("outcome")),
                    "yes" if row["forced"] else "no", row["data_left_behind"]) for row in data["sessions"]])
    lines.append("%s; %s" % (_count_words(data["summary"], bool(rehearsal)), _left_behind(data["summary"], bool(rehearsal))))
    if data.get("earlier_run"):
        lines.append("Earlier run: " + data["earlier_run"])
    for job in data.get("jobs") or []:
        failed = ", ".join(str(f.get("copysession_id")) for f in job.get("failed_sessions") or [])
        lines.append("job %s%s (%s): suspended %s%s" % (
            job.get("job_id"), " (forced)" if job.get("force") else "",
            "status %s" % job["status"] if job.get("status") else JOB_END_NOT_READ,
            ", ".join(str(i) for i in job.get("succeeded_sessions") or []) or "-", "; failed " + failed if failed else ""))
    return lines


def offender_lines(data: Mapping[str, Any]) -> list[str]:
    return table(("id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "finishing", "error", "message"),
                 [(row["copysession_id"], _volumes(row), row["status"], row["phase"], row["concurrent_suspend_result"] or "-",
                   row["error_code"] or "-", row["message"] or "-") for row in data["offenders"]])


def refusal_advice(mode: str) -> list[str]:
    """What to do instead when the mode refuses sessions."""
    if mode != "planned":
        return []
    return ["A planned failover accepts only %s/%s or already suspended sessions and never forces. If the source site is lost, "
            "run rec_failover_mode=unplanned against the surviving array." % (v.STATUS_ACTIVE, v.PHASE_EQUIVALENT)]


def halted_refusal(data: Mapping[str, Any]) -> list[str]:
    """Why an unplanned failover without a force reason is refused, as lines: the halted sessions and the data at stake."""
    halted = [row for row in data["sessions"] if v.is_halted(row["before"])]
    uncopied = sum(row["uncopied_data_size"] for row in halted)
    lines = ["Refused before any change: an unplanned failover suspends the halted sessions %s with force." % (
        ", ".join(str(row["copysession_id"]) for row in halted) or "(none now)")]
    if uncopied:
        lines.append("That throws away the data not yet copied (uncopied_data_size %d in total; the vendor warns that the "
                     "destination copy can then be unusable)." % uncopied)
    else:
        lines.append("Nothing is left to copy (uncopied_data_size 0 for every halted session): no data is thrown away.")
    lines.append("If the source site is really lost, set rec_failover_force_reason=copy_path_recovery.")
    return lines + table(("id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "uncopied"),
                         [(row["copysession_id"], _volumes(row), row["before"]["status"], row["before"]["phase"],
                           row["uncopied_data_size"]) for row in halted])


def view(data: Mapping[str, Any], mode: str, *, peer_boxid: str | None = None, array: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the role shows of a report: its tables as lines, and the few numbers its steps decide on."""
    halted = [row for row in data["sessions"] if v.is_halted(row["before"])]
    return {
        "identity": identity_lines(data, mode, peer_boxid, array),
        "plan": plan_lines(data),
        "refused": refused_lines(data),
        "refusal_advice": refusal_advice(mode),
        "halted_refusal": halted_refusal(data),
        "report": report_lines(data),
        "offenders": offender_lines(data),
        "summary": dict(data["summary"], offenders=len(data["offenders"])),
        "halted_ids": [row["copysession_id"] for row in halted],
        "halted_uncopied": sum(row["uncopied_data_size"] for row in halted),
        "sessions_refused": [row["copysession_id"] for row in data["sessions"] if not row["acceptable"]],
        "to_send": [row["copysession_id"] for row in data["sessions"] if row["planned_action"] in ("suspend", "force_suspend", "wait")],
    }


def envelope(data: Mapping[str, Any], mode: str, *, started_at: str, check_mode: bool, array: Mapping[str, Any],
             run_by: Mapping[str, Any], peer_boxid: str | None, force_reason: str | None, host: str | None,
             finished_at: str | None = None, result: str | None = None) -> dict[str, Any]:
    """The failover report as written to the JSON file: the audit envelope (docs/schemas/rec_report.schema.json) around it."""
    if result in (None, "stopped"):
        # stopped: the role did not get to its end and sent nothing (another array of the play failed and
        # eternus_stop_all_on_failure stopped this one) - unless it was refused itself.
        summary = data["summary"]
        computed = ("running" if summary.get("pending") else "refused" if summary.get("refused")
                    else "failed" if data.get("offenders") else "succeeded")
        result = "stopped" if result == "stopped" and computed not in ("running", "refused") else computed
    return _rec_report.envelope("failover", mode, data, started_at=started_at,
                                finished_at=None if result == "running" else (finished_at or _rec_report.utc_now()),
                                check_mode=check_mode, array=array, run_by_=run_by, expected_peer_boxid=peer_boxid,
                                result=result, host=host, extra={"force_reason": force_reason or None})
