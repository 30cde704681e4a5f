# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bulk suspend: one request per group of sessions, recovery of an interrupted request, and the wait for the end."""

from __future__ import annotations

from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import (
    chunked, decode_job_results, delete_job, find_unfinished_job, id_list_limit, learn_shorter_limit, post_for_job, read_sessions,
    refused_as_too_long)
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import RETRY_BUSY
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.describe import SESSIONS_DESCRIBED, bounded, count, describe_session, id_list
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import SuspendPlan, SuspendRequest
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.progress import SuspendProgress, job_settled, progress_fetcher
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.runner import Acted

SUSPEND_PATH = "/copysession/suspend"
JOB_EXPIRED = "Expired"


def post_suspend(client: Any, request: SuspendRequest) -> dict[str, Any]:
    entry: dict[str, Any] = {"force": request.force, "copysession_ids": list(request.copysession_ids), "deleted": False}
    try:
        # Resent only after a 503, which the array answers before registering anything.
        answer = post_for_job(client, SUSPEND_PATH, request.body, retry=RETRY_BUSY)
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
                % (exc.message, id_list(request.copysession_ids))) from None
        answer = {"job_id": job.get("job_id"), "job_href": job.get("job_href")}
        entry["recovered_after"] = exc.message
    entry.update(job_id=answer.get("job_id"), job_href=answer.get("job_href"))
    return entry


def already_applied(client: Any, session_ids: tuple[int, ...]) -> bool:
    sessions = read_sessions(client, session_ids)
    return all(vocabulary.suspend_complete(sessions.get(i)) or vocabulary.suspend_still_running(sessions.get(i)) for i in session_ids)


def busy_failure(exc: errors.Busy, request: SuspendRequest, started: list[dict[str, Any]]) -> errors.Busy:
    """503 after the bounded retries: the array registered nothing for this request, say so and what was started before."""
    message = ("%s; the array stayed busy and registered no suspend for session(s) %s: nothing was suspended for them"
               % (exc.message, id_list(request.copysession_ids)))
    if started:
        message += "; already requested before: %s" % bounded(
            ("session(s) %s in job %s" % (id_list(j["copysession_ids"]), j.get("job_id")) for j in started), "jobs")
    message += ". Run the task again when the array is less busy; it suspends only what is left"
    return errors.Busy(message, status=exc.status, error_code=exc.error_code, internal_code=exc.internal_code,
                       details={"changed": bool(started), "jobs": started})


def failed_while_waiting(exc: errors.EternusError, jobs: list[dict[str, Any]]) -> errors.EternusError:
    """An error after the array accepted the suspend: say so, or the user may think nothing happened and act twice."""
    accepted = bounded(("session(s) %s%s" % (id_list(j["copysession_ids"]), " in job %s" % j["job_id"] if j.get("job_id") else "")
                        for j in jobs), "jobs")
    note = (". The array had accepted the suspend (%s) and carries on with it: run the task again, it reads the sessions' "
            "state first and only waits for what is still finishing." % accepted) if jobs else ""
    details = dict(exc.details, changed=bool(jobs), jobs=jobs)
    if isinstance(exc, errors.WaitTimeout):
        return errors.WaitTimeout(exc.message.rstrip(".") + note, last_state=exc.last_state, details=details)
    return type(exc)(exc.message.rstrip(".") + note, status=exc.status, error_code=exc.error_code, internal_code=exc.internal_code,
                     details=details)


def job_failures(jobs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each session's failure as its job reported it. A failure the job tied to no session is the session's when the
    job had only that one; otherwise it goes, as the array said it, to every session of the job it may concern."""
    failures: dict[int, dict[str, Any]] = {}
    for entry in jobs:
        if not entry.get("job"):
            continue
        unmatched = []
        for item in decode_job_results(entry["job"]).failed:
            if item.get("copysession_id") is None:
                unmatched.append(item)
            else:
                failures[item["copysession_id"]] = dict(item, job_id=entry["job_id"])
        for session_id in entry.get("copysession_ids") or []:
            if unmatched and session_id not in failures:
                failures[session_id] = _unmatched_failure(unmatched, entry, single=len(entry["copysession_ids"]) == 1)
    return failures


def _unmatched_failure(items: list[dict[str, Any]], entry: dict[str, Any], *, single: bool) -> dict[str, Any]:
    if single and len(items) == 1:
        return dict(items[0], job_id=entry["job_id"])
    said = "; ".join("%s%s" % (item["message"], " (error_code %s)" % item["error_code"] if item.get("error_code") else "")
                     for item in items)
    return {"error_code": items[0].get("error_code") if len(items) == 1 else None, "job_id": entry["job_id"],
            "message": "job %s reported failures it tied to no session: %s" % (entry["job_id"], said),
            "items": [item.get("item") for item in items]}


def not_suspended_reason(job_entry: dict[str, Any] | None, session: dict[str, Any]) -> str:
    """Why a session is not suspended although its job listed no failure for it: the job's end and the session's state."""
    reason = "the session did not reach %s" % vocabulary.STATUS_SUSPEND
    job_status = vocabulary.job_status_of((job_entry or {}).get("job"))
    if job_entry is not None and job_entry.get("expired"):
        reason = "job %s was purged by the array before it reported a result; %s" % (job_entry.get("job_id"), reason)
    elif job_status is not None and not vocabulary.job_lists_its_failures(job_entry.get("job")):
        reason = "job %s ended %s; %s" % (job_entry.get("job_id"), job_status, reason)
    state = ["status %s" % session.get("status"), "phase %s" % session.get("phase")]
    unusual = vocabulary.unusual_concurrent_suspend(session)
    if unusual is not None:
        state.append("concurrent suspend %s" % unusual)
    return "%s (now %s)" % (reason, ", ".join(state))


def wait_for_suspend(module: Any, client: Any, plan: SuspendPlan, jobs: list[dict[str, Any]]):
    """Wait for the jobs and the sessions, then delete the jobs that ended.

    Returns the sessions as last read, per-session failures, the wait's cost, and the sessions another request
    suspended: this run's job failed for them (or did not take them) and they ended suspended all the same.
    """
    progress = SuspendProgress(jobs=[dict(j, job=None) for j in jobs], confirm_ids=plan.to_confirm)
    waited = module.waiter().wait(progress_fetcher(client, progress), lambda p: p.done(),
                                  what="the suspend of session(s) %s to complete" % id_list(plan.to_confirm),
                                  describe=lambda p: p.summary(), next_delay=lambda p: p.suspend_due_in())
    for entry, seen in zip(jobs, progress.jobs):
        # A status read while the job still ran would be stale by now: only an end is reported.
        entry["status"] = JOB_EXPIRED if seen.get("expired") else vocabulary.job_status_of(seen.get("job")) if job_settled(seen) else None
    failures = job_failures(progress.jobs)
    job_of = progress.job_of

    def refused_yet_suspended(session_id: int) -> bool:
        """Suspended, yet not by this run's job: its own job failed for it (or another job had taken it) and did not take it."""
        entry = job_of.get(session_id)
        taken = entry is not None and progress.taken_by_job(entry, session_id)
        suspended = vocabulary.suspend_complete(progress.sessions.get(session_id))
        return suspended and (session_id in failures or session_id in progress.other_jobs) and not taken

    def elsewhere(session_id: int) -> bool:
        """Suspended by another request, as far as the array tells it: this run's job was refused because a suspend of
        the session was still running or its state allowed none (it was suspended already), or another job that takes
        the session is listed. Any other failure of this run's job is not explained by the session ending suspended: it
        fails the task."""
        return refused_yet_suspended(session_id) and (
            session_id in progress.other_jobs or vocabulary.refused_as_suspended_by_another_request(failures.get(session_id)))

    unnamed = [i for i in plan.to_confirm
               if refused_yet_suspended(i) and i not in progress.other_jobs and i not in progress.looked_for_other_jobs]
    if unnamed:
        try:
            progress.adopt_other_jobs(client.get_all("/job", "job_list"), unnamed)
        except errors.EternusError:
            pass  # only names the other job; without it, the array's refusal alone decides
    failed, by_others = [], []
    for session_id in plan.to_confirm:
        session = progress.sessions.get(session_id) or {}
        failure = failures.get(session_id, {})
        own_job = failure.get("job_id") or (job_of.get(session_id) or {}).get("job_id")
        if elsewhere(session_id):
            by_others.append({"copysession_id": session_id, "job_id": progress.other_jobs.get(session_id), "refused_job_id": own_job,
                              "error_code": failure.get("error_code"), "message": failure.get("message")})
            continue
        if refused_yet_suspended(session_id):
            failed.append({"copysession_id": session_id, "error_code": failure.get("error_code"), "job_id": own_job,
                           "message": own_failure_of_a_suspended_session(own_job, failure)})
            continue
        if vocabulary.suspend_complete(session):
            continue
        if session_id in progress.other_jobs:
            failure = dict(failure, message="%s; job %s had already taken the session" % (
                failure.get("message") or "this run's suspend was refused", progress.other_jobs[session_id]))
        failed.append({"copysession_id": session_id, "error_code": failure.get("error_code"),
                       "message": failure.get("message") or not_suspended_reason(job_of.get(session_id), session),
                       "job_id": own_job})
    warn_suspended_elsewhere(module, by_others)
    delete_finished_jobs(client, jobs, progress.jobs)
    return progress.sessions, failed, waited, by_others


def own_failure_of_a_suspended_session(own_job: Any, failure: dict[str, Any]) -> str:
    """Why a session that reads suspended still fails the task: this run's job failed it, and nothing the array says
    shows that another request suspended it (not a refusal because a suspend was still running, no other job listed)."""
    return ("this run's suspend job %s failed it: %s. The session reads %s now, but the array's error is neither that a "
            "suspend of it was still running nor that its state allowed none, and no other job suspending it is listed, "
            "so this run does not count it as suspended by another request; check the session and the array's error" % (
                own_job, failure.get("message") or "no message", vocabulary.STATUS_SUSPEND))


def warn_suspended_elsewhere(module: Any, by_others: list[dict[str, Any]]) -> None:
    """One warning per other job: the array refused this run's suspend of these sessions, and that job suspended them."""
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for entry in by_others:
        groups.setdefault((entry["job_id"], entry["refused_job_id"]), []).append(entry)
    for (other_job, own_job), entries in groups.items():
        said = entries[0]
        refusal = ", ".join(part for part in ("error_code %s" % said["error_code"] if said.get("error_code") else "",
                                              said.get("message") or "") if part) or "it did not take them"
        by_whom = ("job %s was already suspending them; that job suspended them" % other_job if other_job is not None else
                   "another request had already suspended them or was suspending them (the array's refusal says so; "
                   "that request's job is no longer listed, or belongs to another user); they are suspended")
        module.ansible.warn("session(s) %s: the array refused this run's suspend (job %s: %s) because %s, so this run changed "
                            "nothing for them" % (id_list(e["copysession_id"] for e in entries), own_job, refusal, by_whom))


def warn_data_loss(module: Any, plan: SuspendPlan) -> None:
    """One warning per forced session that leaves data behind (the first few, then one for the rest); none where the
    array says nothing is left (0)."""
    losses = [loss for loss in plan.data_loss if not (loss["uncopied_data_size"] == 0 and not isinstance(loss["uncopied_data_size"], bool))]
    verb = "check mode: a real run would force-suspend" if module.check_mode else "force-suspending"
    for loss in losses[:SESSIONS_DESCRIBED]:
        uncopied = loss["uncopied_data_size"]
        what = ("the data not yet copied (uncopied_data_size %s) stays behind and the destination copy becomes unusable" % uncopied
                if isinstance(uncopied, (int, float)) and not isinstance(uncopied, bool) else
                "the array does not report how much data is not yet copied (uncopied_data_size unknown); whatever was not "
                "copied stays behind and the destination copy becomes unusable")
        module.ansible.warn("%s %s: %s" % (verb, describe_session(loss["copysession_id"], plan.sessions.get(loss["copysession_id"])), what))
    if len(losses) > SESSIONS_DESCRIBED:
        rest = losses[SESSIONS_DESCRIBED:]
        module.ansible.warn("%s %s more session(s) that leave data behind: %s; each one's uncopied_data_size is in data_loss"
                            % (verb, count(len(rest)), id_list((loss["copysession_id"] for loss in rest), "data_loss")))


def delete_finished_jobs(client: Any, jobs: list[dict[str, Any]], seen: list[dict[str, Any]]) -> None:
    """Delete the run's jobs that have ended, as resume and reverse do: finished jobs count against the array's 512
    until deleted. Done once the wait is over rather than as each job ends, so that a run suspending the same sessions
    at the same time can still find (and name) this run's job while the sessions finish."""
    for entry, job in zip(jobs, seen):
        if not entry.get("job_id") or job.get("expired") or not vocabulary.job_is_terminal(job.get("job")):
            continue
        try:
            entry["deleted"] = delete_job(client, entry["job_id"])
            if not entry["deleted"]:
                entry["delete_error"] = "not found (404): the array had purged it already, or someone else deleted it"
        except errors.EternusError as exc:
            # Not fatal: the array purges finished jobs by itself 30 minutes after they end.
            entry["delete_error"] = exc.message


def act_suspend(module: Any, client: Any, plan: SuspendPlan) -> Acted:
    """Send the plan's suspend requests and, with ``wait``, wait until every session shows the suspend finished."""
    jobs: list[dict[str, Any]] = []
    pending = list(plan.requests)
    while pending:
        request = pending.pop(0)
        limit = id_list_limit(client)
        if len(request.copysession_ids) > limit:
            pending[:0] = [SuspendRequest(tuple(ids), request.force) for ids in chunked(request.copysession_ids, limit)]
            continue
        try:
            jobs.append(post_suspend(client, request))
        except errors.Busy as exc:
            raise busy_failure(exc, request, jobs) from None
        except errors.BadRequest as exc:
            # Too many ids for this array: it registered nothing, so the halves are sent instead.
            if not refused_as_too_long(exc, request.copysession_ids):
                raise
            limit = learn_shorter_limit(client, len(request.copysession_ids))
            pending[:0] = [SuspendRequest(tuple(ids), request.force) for ids in chunked(request.copysession_ids, limit)]
    acted = Acted(changed=plan.changed, done_ids=plan.to_suspend + plan.to_force, jobs=jobs)
    if module.params["wait"] and plan.to_confirm:
        try:
            seen, acted.failed, waited, by_others = wait_for_suspend(module, client, plan, jobs)
        except errors.EternusError as exc:
            raise failed_while_waiting(exc, jobs) from None
        acted.sessions, acted.elapsed, acted.polls = seen, waited.elapsed, waited.polls
        final = {**plan.sessions, **seen}
        elsewhere = {entry["copysession_id"] for entry in by_others}
        failed_ids = {entry["copysession_id"] for entry in acted.failed}
        refused = {entry["copysession_id"] for entry in acted.failed
                   if entry.get("error_code") is not None or vocabulary.suspend_complete(final.get(entry["copysession_id"]))}
        # Every session that ended suspended, as for those whose suspend was already finishing; what another request
        # suspended was not changed by this run, and the message and suspended_by_other_jobs say so. A session this
        # run's job failed is in failed_sessions only, even if it reads suspended, and is not this run's change.
        acted.done_ids = [i for i in plan.to_confirm if vocabulary.suspend_complete(final.get(i)) and i not in failed_ids]
        acted.changed = bool(set(plan.to_suspend + plan.to_force) - elsewhere - refused)
        acted.extra = {"suspended_by_other_jobs": by_others}
    return acted
