# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Suspend of REC sessions: read, plan, validate, act, wait, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _jobs
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import RETRY_BUSY
from ansible_collections.fujitsu.eternus.plugins.module_utils._sessions import read_sessions

SUSPEND_PATH = "/copysession/suspend"


def select_for_suspend(client: Any, session_ids: list[int] | None, match: dict[str, Any] | None) -> dict[int, dict[str, Any] | None]:
    """Requested id -> current session (None when the array does not know it); a match picks REC sessions only."""
    if session_ids is not None:
        found = read_sessions(client, session_ids)
        return {i: found.get(i) for i in session_ids}
    selected = _rec.select_matching_rec(read_sessions(client).values(), match or {})
    if not selected:
        raise errors.InvalidInput("match %s selects no REC session on this array; nothing was changed" % (
            {k: v for k, v in (match or {}).items() if v is not None}))
    return selected


def blocking_message(plan: _rec.SuspendPlan) -> str:
    lines = "; ".join("session %s: %s" % (d.session_id, d.reason) for d in plan.blocking)
    return ("nothing was changed: %d selected session(s) cannot be suspended (%s). Fix them, leave them out of the "
            "selection, or set on_ineligible: skip to suspend the others" % (len(plan.blocking), lines))


def job_settled(entry: dict[str, Any]) -> bool:
    """Nothing more to learn from this job: it ended, was purged, or finished before it could be found."""
    return entry.get("job_id") is None or bool(entry.get("expired")) or _jobs.job_is_terminal(entry.get("job"))


@dataclass
class SuspendProgress:
    """The jobs this run started and the sessions that must end up suspended.

    The sessions are the truth a run waits for, so each poll reads them first; a job is read only
    while one of its sessions shows no sign of it yet (queued, running, or failed for that session).
    """

    jobs: list[dict[str, Any]]
    confirm_ids: list[int]
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.job_of = {i: entry for entry in self.jobs for i in entry.get("copysession_ids") or []}

    def unexplained(self, session_id: int) -> bool:
        """Read, yet neither suspended nor finishing its suspend: only its job can tell why (not reached yet, or failed)."""
        session = self.sessions.get(session_id)
        return session is not None and not _rec.suspend_complete(session) and not _jobs.suspend_still_running(session)

    def settled(self, session_id: int) -> bool:
        session = self.sessions.get(session_id)
        if session is None or _jobs.suspend_still_running(session):
            return False
        if _rec.suspend_complete(session):
            return True
        entry = self.job_of.get(session_id)
        return entry is None or job_settled(entry)

    def unsettled_ids(self) -> list[int]:
        return [i for i in self.confirm_ids if not self.settled(i)]

    def jobs_to_read(self) -> list[dict[str, Any]]:
        entries = {id(self.job_of[i]): self.job_of[i] for i in self.unsettled_ids() if self.unexplained(i) and i in self.job_of}
        return [entry for entry in entries.values() if not job_settled(entry)]

    def done(self) -> bool:
        return not self.unsettled_ids()

    def suspend_due_in(self) -> float | None:
        pending = self.unsettled_ids()
        if any(self.unexplained(i) for i in pending):
            return None
        return _jobs.suspend_due_in(self.sessions.get(i) for i in pending)

    def summary(self) -> dict[str, Any]:
        return {
            "jobs": [{"job_id": j["job_id"], "status": (j.get("job") or {}).get("status"), "expired": j.get("expired", False)}
                     for j in self.jobs],
            "sessions_pending": [{"copysession_id": i, "status": (self.sessions.get(i) or {}).get("status"),
                                  "phase": (self.sessions.get(i) or {}).get("phase"),
                                  "concurrent_suspend_result": (self.sessions.get(i) or {}).get("concurrent_suspend_result"),
                                  "remain_time_to_finish_suspend": (self.sessions.get(i) or {}).get("remain_time_to_finish_suspend")}
                                 for i in self.unsettled_ids()],
        }


def progress_fetcher(client: Any, progress: SuspendProgress):
    """One poll: the sessions not yet settled in one read, then only the jobs that must explain a session."""

    def fetch() -> SuspendProgress:
        pending = progress.unsettled_ids()
        if pending:
            progress.sessions.update(read_sessions(client, pending))
        finished_now = set()
        for entry in progress.jobs_to_read():
            try:
                entry["job"] = _jobs.read_job(client, entry["job_id"])
            except errors.NotFound:
                # The array answered 202 with this job id, so a 404 means the job was purged (or deleted),
                # also before the first poll; the sessions themselves then tell what happened.
                entry["expired"] = True
            if job_settled(entry):
                finished_now.add(entry["job_id"])
        # A job that ended between the two reads may have reached its sessions after they were read.
        recheck = [i for i in progress.confirm_ids
                   if progress.unexplained(i) and (progress.job_of.get(i) or {}).get("job_id") in finished_now]
        if recheck:
            progress.sessions.update(read_sessions(client, recheck))
        return progress

    return fetch


def post_suspend(client: Any, request: _rec.SuspendRequest) -> dict[str, Any]:
    entry: dict[str, Any] = {"force": request.force, "copysession_ids": list(request.copysession_ids)}
    try:
        # Resent only after a 503, which the array answers before registering anything.
        answer = client.post(SUSPEND_PATH, request.body, retry=RETRY_BUSY) or {}
    except errors.ConnectionFailed as exc:
        if isinstance(exc, errors.TLSVerificationFailed):
            raise
        # The array may have registered the request before the connection broke: resending could
        # suspend twice (and a forced resend would force again), so look for the job instead.
        job = find_unfinished_job(client, request.copysession_ids)
        if job is None and already_applied(client, request.copysession_ids):
            job = {}  # its job finished in the meantime; the sessions themselves show the suspend
        if job is None:
            raise errors.ConnectionFailed(
                "%s; the suspend request for session(s) %s was interrupted and the array shows no unfinished job for it. "
                "Nothing was resent: run the task again, it reads the sessions' state first and suspends only what is left"
                % (exc.message, ", ".join(map(str, request.copysession_ids)))) from None
        answer = {"job_id": job.get("job_id"), "job_href": job.get("job_href")}
        entry["recovered_after"] = exc.message
    entry.update(job_id=answer.get("job_id"), job_href=answer.get("job_href"))
    return entry


def busy_failure(exc: errors.Busy, request: _rec.SuspendRequest, started: list[dict[str, Any]]) -> errors.Busy:
    """503 after the bounded retries: the array registered nothing for this request, say so and what was started before."""
    message = ("%s; the array stayed busy and registered no suspend for session(s) %s: nothing was suspended for them"
               % (exc.message, ", ".join(map(str, request.copysession_ids))))
    if started:
        message += "; already requested before: %s" % "; ".join(
            "session(s) %s in job %s" % (", ".join(map(str, j["copysession_ids"])), j.get("job_id")) for j in started)
    message += ". Run the task again when the array is less busy; it suspends only what is left"
    return errors.Busy(message, status=exc.status, error_code=exc.error_code, internal_code=exc.internal_code,
                       details={"changed": bool(started), "jobs": started})


def failed_while_waiting(exc: errors.EternusError, jobs: list[dict[str, Any]]) -> errors.EternusError:
    """An error after the array accepted the suspend: say so, or the user may think nothing happened and act twice."""
    accepted = "; ".join("session(s) %s%s" % (", ".join(map(str, j["copysession_ids"])), " in job %s" % j["job_id"] if j.get("job_id") else "")
                         for j in jobs)
    note = (". The array had accepted the suspend (%s) and carries on with it: run the task again, it reads the sessions' "
            "state first and only waits for what is still finishing." % accepted) if jobs else ""
    details = dict(exc.details, changed=bool(jobs), jobs=jobs)
    if isinstance(exc, errors.WaitTimeout):
        return errors.WaitTimeout(exc.message.rstrip(".") + note, last_state=exc.last_state, details=details)
    return type(exc)(exc.message.rstrip(".") + note, status=exc.status, error_code=exc.error_code, internal_code=exc.internal_code,
                     details=details)


def already_applied(client: Any, session_ids: tuple[int, ...]) -> bool:
    sessions = read_sessions(client, session_ids)
    return all(_rec.suspend_complete(sessions.get(i)) or _jobs.suspend_still_running(sessions.get(i)) for i in session_ids)


def find_unfinished_job(client: Any, session_ids: tuple[int, ...]) -> dict[str, Any] | None:
    """The newest job of this user that covers exactly these sessions and has not finished."""
    wanted = set(session_ids)
    candidates = [job for job in client.get_all("/job", "job_list")
                  if not _jobs.job_is_terminal(job)
                  and {_jobs.session_id_from_href(h) for h in job.get("resource_href_list") or []} == wanted]
    return max(candidates, key=lambda job: job.get("job_id") or 0, default=None)


def job_failures(jobs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    failures: dict[int, dict[str, Any]] = {}
    for entry in jobs:
        if entry.get("job"):
            for item in _rec.decode_job_results(entry["job"]).failed:
                failures[item.get("copysession_id")] = dict(item, job_id=entry["job_id"])
    return failures


def warn_data_loss(module: Any, plan: _rec.SuspendPlan) -> None:
    for loss in plan.data_loss:
        module.ansible.warn("%s session %s (%s -> %s): the data not yet copied (%s) stays behind and the destination copy "
                            "becomes unusable" % ("check mode: a real run would force-suspend" if module.check_mode else "force-suspending",
                                                  loss["copysession_id"], loss["source_volume_name"],
                                                  loss["destination_volume_name"], loss["uncopied_data_size"]))


def wait_for_suspend(module: Any, client: Any, plan: _rec.SuspendPlan, jobs: list[dict[str, Any]]):
    """Wait for the jobs and the sessions; returns the sessions as last read, per-session failures and the wait's cost."""
    progress = SuspendProgress(jobs=[dict(j, job=None) for j in jobs], confirm_ids=plan.to_confirm)
    waited = module.waiter().wait(progress_fetcher(client, progress), lambda p: p.done(),
                                  what="the suspend of session(s) %s to complete" % ", ".join(map(str, plan.to_confirm)),
                                  describe=lambda p: p.summary(), next_delay=lambda p: p.suspend_due_in())
    for entry, seen in zip(jobs, progress.jobs):
        # A status read while the job still ran would be stale by now: only an end is reported.
        entry["status"] = "Expired" if seen.get("expired") else (seen.get("job") or {}).get("status") if job_settled(seen) else None
    failures = job_failures(progress.jobs)
    job_of = progress.job_of
    failed = []
    for session_id in plan.to_confirm:
        session = progress.sessions.get(session_id) or {}
        if _rec.suspend_complete(session):
            continue
        failure = failures.get(session_id, {})
        failed.append({"copysession_id": session_id, "error_code": failure.get("error_code"),
                       "message": failure.get("message") or not_suspended_reason(job_of.get(session_id), session),
                       "job_id": failure.get("job_id") or (job_of.get(session_id) or {}).get("job_id"),
                       "status": session.get("status"), "phase": session.get("phase")})
    return progress.sessions, failed, waited


def not_suspended_reason(job_entry: dict[str, Any] | None, session: dict[str, Any]) -> str:
    """Why a session is not suspended although its job listed no failure for it: the job's end and the session's state."""
    reason = "the session did not reach Suspend"
    if job_entry is not None and job_entry.get("expired"):
        reason = "job %s was purged by the array before it reported a result; %s" % (job_entry.get("job_id"), reason)
    elif job_entry is not None and (job_entry.get("job") or {}).get("status") not in (None, "Success", "Partial_Error", "Error"):
        reason = "job %s ended %s; %s" % (job_entry.get("job_id"), job_entry["job"]["status"], reason)
    state = ["status %s" % session.get("status"), "phase %s" % session.get("phase")]
    if session.get("concurrent_suspend_result") not in (None, "Running", "Succeeded"):
        state.append("concurrent suspend %s" % session["concurrent_suspend_result"])
    return "%s (now %s)" % (reason, ", ".join(state))


def failure_message(failed: list[dict[str, Any]], suspended: list[int]) -> str:
    details = "; ".join("session %s: %s%s" % (f["copysession_id"], f["message"],
                                              " (error_code %s)" % f["error_code"] if f["error_code"] else "") for f in failed)
    return "suspend failed for session(s) %s: %s; suspended: %s" % (
        ", ".join(str(f["copysession_id"]) for f in failed), details, ", ".join(map(str, suspended)) or "none")


def suspend(module: Any, client: Any) -> dict[str, Any]:
    """The whole run of rec_session_suspend; raises a collection error to fail the task."""
    params = module.params
    selected = select_for_suspend(client, params["session_ids"], params["match"])
    plan = _rec.plan_suspend(selected, force=params["force"], on_ineligible=params["on_ineligible"],
                             force_scope=params["force_scope"])
    if plan.blocking:
        # The sessions as read, so a caller can show the refused ones without reading them again.
        raise errors.InvalidInput(blocking_message(plan), details={
            "changed": False, "actions": plan.actions,
            "ineligible_sessions": plan.ineligible_sessions,
            "sessions": [selected[i] for i in sorted(selected) if selected[i] is not None]})
    warn_data_loss(module, plan)

    decisions = {d.session_id: d for d in plan.decisions}
    jobs: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    elapsed, polls = 0.0, 0
    suspended = plan.to_suspend + plan.to_force
    if module.check_mode:
        final = {i: _rec.planned_after(decisions[i], s) for i, s in selected.items()}
    else:
        for request in plan.requests:
            try:
                jobs.append(post_suspend(client, request))
            except errors.Busy as exc:
                raise busy_failure(exc, request, jobs) from None
        final = dict(selected)
        if params["wait"] and plan.to_confirm:
            try:
                seen, failed, waited = wait_for_suspend(module, client, plan, jobs)
            except errors.EternusError as exc:
                raise failed_while_waiting(exc, jobs) from None
            final.update(seen)
            elapsed, polls = waited.elapsed, waited.polls
            suspended = [i for i in plan.to_confirm if _rec.suspend_complete(final.get(i))]

    result = {
        "changed": plan.changed,
        "actions": plan.actions,
        "suspended": sorted(suspended),
        "already_suspended": plan.already_suspended,
        "forced": plan.to_force,
        # Not "skipped"/"failed": Ansible reads those result keys as the task's own status.
        "skipped_sessions": plan.skipped_sessions,
        "failed_sessions": failed,
        "data_loss": plan.data_loss,
        "sessions": [final[i] for i in sorted(final) if final[i] is not None],
        "jobs": jobs,
        "elapsed": elapsed,
        "polls": polls,
        "diff": _rec.session_diff(selected, final, [d.session_id for d in plan.decisions if d.action != _rec.ACTION_INELIGIBLE]),
    }
    result["msg"] = summary_message(result, module.check_mode, params["wait"])
    if failed:
        raise errors.JobFailed(failure_message(failed, result["suspended"]), details=result)
    return result


def summary_message(result: dict[str, Any], check_mode: bool, wait: bool) -> str:
    parts = []
    verb = "would suspend" if check_mode else ("suspended" if wait else "requested the suspend of")
    if result["suspended"]:
        parts.append("%s %d session(s): %s" % (verb, len(result["suspended"]), ", ".join(map(str, result["suspended"]))))
    if result["forced"]:
        parts.append("%s forced: %s" % ("would be" if check_mode else "of them", ", ".join(map(str, result["forced"]))))
    if result["already_suspended"]:
        parts.append("already suspended: %s" % ", ".join(map(str, result["already_suspended"])))
    if result["skipped_sessions"]:
        parts.append("skipped: %s" % ", ".join(str(s["copysession_id"]) for s in result["skipped_sessions"]))
    return "; ".join(parts) or "nothing to do"
