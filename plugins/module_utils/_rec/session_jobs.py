# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One job per session (resume, reverse): a bounded number of jobs in flight, polled, and deleted once finished."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import (
    decode_job_results, delete_job, find_unfinished_job, post_for_job, read_job, read_sessions)
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import RETRY_BUSY, RETRY_NONE
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.expected import session_progress
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import Plan
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.runner import Acted
from ansible_collections.fujitsu.eternus.plugins.module_utils._wait import NO_WAIT, WaitResult

# The array registers at most 512 jobs and answers 503 beyond that; finished jobs count until they are
# deleted (or purged 30 minutes later). Resume and reverse take one job per session, so a run over
# hundreds of sessions keeps at most this many of its own jobs unfinished, and deletes each one it
# created as soon as it has finished: other users and runs keep most of the array's job slots, while
# 64 parallel jobs already keep the array busy and a poll reads at most 64 jobs.
MAX_JOBS_IN_FLIGHT = 64

JOB_EXPIRED = "Expired"


@dataclass
class SessionJob:
    """The request sent for one session and what became of its job."""

    copysession_id: int
    job_id: int | None = None
    job_href: str | None = None
    job: dict[str, Any] | None = None
    expired: bool = False
    deleted: bool = False
    delete_error: str | None = None
    request_error: dict[str, Any] | None = None
    recovered_after: str | None = None

    @property
    def settled(self) -> bool:
        """Nothing more to learn from the job: refused, finished, purged, or finished before it could be found."""
        return self.request_error is not None or self.job_id is None or self.expired or vocabulary.job_is_terminal(self.job)

    @property
    def job_status(self) -> str | None:
        if self.expired:
            return JOB_EXPIRED
        return vocabulary.job_status_of(self.job)

    def failure(self) -> dict[str, Any] | None:
        """Why the operation failed for this session (the request, or the job), or None."""
        if self.request_error is not None:
            return dict(self.request_error)
        status = self.job_status
        if not vocabulary.job_failed(self.job) or self.expired:
            return None
        for item in decode_job_results(self.job or {}).failed:
            if item.get("copysession_id") in (None, self.copysession_id):
                return {"error_code": item.get("error_code"), "message": item.get("message") or "the job ended %s" % status,
                        "job_id": self.job_id}
        return {"error_code": None, "message": "the job ended %s" % status, "job_id": self.job_id}

    def report(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"copysession_id": self.copysession_id, "job_id": self.job_id, "job_href": self.job_href,
                                 "status": self.job_status, "deleted": self.deleted}
        if self.delete_error:
            entry["delete_error"] = self.delete_error
        if self.recovered_after:
            entry["recovered_after"] = self.recovered_after
        return entry


@dataclass
class SessionJobs:
    """Sends ``POST path_template % id`` for each id, never more than ``max_in_flight`` of its jobs unfinished.

    ``applied(session)`` tells whether a session already shows the operation's effect; it decides, after a
    dropped connection, whether an interrupted request took effect. ``reached(session)`` is what the wait
    waits for (for a resume to Equivalent it is more than applied). ``also_wait_for`` are ids that get no
    request but are waited for all the same (active sessions still copying, for wait_for: equivalent).
    """

    client: Any
    path_template: str
    session_ids: list[int]
    applied: Callable[[dict[str, Any] | None], bool]
    reached: Callable[[dict[str, Any] | None], bool]
    also_wait_for: list[int] = field(default_factory=list)
    max_in_flight: int = MAX_JOBS_IN_FLIGHT
    entries: dict[int, SessionJob] = field(default_factory=dict)
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    # In-flight count when the array last answered 503 after the client's own retries: no new request
    # until one of those jobs has finished (with none in flight, the next poll simply tries again).
    busy_at: int | None = None
    busy_answers: int = 0
    # Set when the array refused this user the operation (401/403): the remaining ids are not sent.
    stopped: str | None = None
    max_seen_in_flight: int = 0

    def __post_init__(self) -> None:
        if self.max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1, got %s" % self.max_in_flight)
        self.unsent: deque[int] = deque(self.session_ids)

    # -- sending -------------------------------------------------------------
    def in_flight(self) -> list[SessionJob]:
        return [entry for entry in self.entries.values() if not entry.settled]

    def send(self) -> None:
        """Send requests for unsent ids while there is room for another job."""
        while self.unsent and self.stopped is None:
            flying = len(self.in_flight())
            if flying >= self.max_in_flight or (self.busy_at is not None and flying and flying >= self.busy_at):
                return
            session_id = self.unsent[0]
            entry = SessionJob(session_id)
            answer: dict[str, Any] | None = None
            # A 503 is answered before anything is registered, so the request may be resent. With none of our
            # jobs in flight the client's backoff waits it out; with some, deleting them as they finish frees
            # slots sooner than any backoff would, so the next poll retries instead.
            retry = RETRY_NONE if flying else RETRY_BUSY
            try:
                answer = post_for_job(self.client, self.path_template % session_id, retry=retry)
            except errors.Busy:
                self.busy_at = flying
                self.busy_answers += 1
                return
            except errors.TLSVerificationFailed:
                raise
            except errors.ConnectionFailed as exc:
                answer = self._recover(entry, exc)
            except (errors.Forbidden, errors.AuthError) as exc:
                entry.request_error = {"error_code": exc.error_code, "message": exc.message, "http_status": exc.status, "job_id": None}
                self.stopped = exc.message
            except errors.EternusError as exc:
                entry.request_error = {"error_code": exc.error_code, "message": exc.message, "http_status": exc.status, "job_id": None}
            self.unsent.popleft()
            self.busy_at = None
            if answer is not None and entry.request_error is None:
                entry.job_id, entry.job_href = answer.get("job_id"), answer.get("job_href")
            self.entries[session_id] = entry
            self.max_seen_in_flight = max(self.max_seen_in_flight, len(self.in_flight()))

    def _recover(self, entry: SessionJob, exc: errors.ConnectionFailed) -> dict[str, Any] | None:
        """After a dropped connection the array may have taken the request: adopt its job, never resend."""
        session_id = entry.copysession_id
        job = find_unfinished_job(self.client, (session_id,))
        if job is None and self.applied(read_sessions(self.client, [session_id]).get(session_id)):
            job = {}  # its job finished in the meantime; the session itself shows the effect
        if job is None:
            entry.request_error = {
                "error_code": None, "http_status": None, "job_id": None,
                "message": "%s; the request was interrupted and the array shows neither a job for it nor its effect. Nothing was "
                           "resent: run the task again, it reads the state first and acts only on what is left" % exc.message}
            return None
        entry.recovered_after = exc.message
        return {"job_id": job.get("job_id"), "job_href": job.get("job_href")}

    # -- polling -------------------------------------------------------------
    def poll_jobs(self) -> None:
        """Read every unfinished job once; delete the ones that finished."""
        for entry in self.in_flight():
            try:
                entry.job = read_job(self.client, entry.job_id)
            except errors.NotFound:
                # Finished jobs are purged after a while (or deleted by someone else): the session's state tells the rest.
                entry.expired = True
                continue
            if vocabulary.job_is_terminal(entry.job):
                self._delete(entry)

    def _delete(self, entry: SessionJob) -> None:
        try:
            entry.deleted = delete_job(self.client, entry.job_id)
            if not entry.deleted:
                entry.delete_error = "not found (404): the array had purged it already, or someone else deleted it"
        except errors.EternusError as exc:
            # Not fatal: the array purges finished jobs by itself after 30 minutes.
            entry.delete_error = exc.message

    def to_confirm(self) -> list[int]:
        """Ids to read: requested ones whose job finished without failing, and the extra ones to wait for."""
        ids = [i for i, entry in self.entries.items() if entry.settled and entry.failure() is None]
        return sorted(set(ids) | set(self.also_wait_for))

    def unconfirmed(self) -> list[int]:
        return [i for i in self.to_confirm() if not self.reached(self.sessions.get(i))]

    def read_progress(self) -> None:
        pending = self.unconfirmed()
        if pending:
            self.sessions.update(read_sessions(self.client, pending))

    def done_sending(self) -> bool:
        return not self.unsent or self.stopped is not None

    def done(self) -> bool:
        return self.done_sending() and not self.in_flight() and not self.unconfirmed()

    def step(self, *, confirm: bool) -> "SessionJobs":
        """One poll: the jobs in flight, then more requests, then (waiting) the sessions' progress."""
        self.poll_jobs()
        self.send()
        if confirm:
            self.read_progress()
        return self

    # -- reporting -----------------------------------------------------------
    def jobs(self) -> list[dict[str, Any]]:
        return [entry.report() for entry in self.entries.values() if entry.job_id is not None or entry.recovered_after]

    def accepted(self) -> list[int]:
        """Ids whose request the array took (a job was registered, or the effect is there)."""
        return [i for i, entry in self.entries.items() if entry.request_error is None]

    def failures(self) -> list[dict[str, Any]]:
        failed = []
        for session_id, entry in self.entries.items():
            failure = entry.failure()
            if failure is not None:
                failed.append(dict(failure, copysession_id=session_id))
        for session_id in self.unsent:
            failed.append({"copysession_id": session_id, "error_code": None, "job_id": None,
                           "message": "not sent: the array refused an earlier request of this run (%s)" % self.stopped})
        return failed

    def summary(self) -> dict[str, Any]:
        """The state of the run as a person watching it wants to see it (a timeout's last_state)."""
        return {
            "jobs_in_flight": [{"copysession_id": e.copysession_id, "job_id": e.job_id, "status": e.job_status} for e in self.in_flight()],
            "not_sent": list(self.unsent),
            "array_busy": self.busy_at is not None,
            "sessions_pending": [session_progress(i, self.sessions.get(i)) for i in self.unconfirmed()],
            "busy_answers": self.busy_answers,
            "most_jobs_in_flight": self.max_seen_in_flight,
        }


def run(module: Any, jobs: SessionJobs, *, wait: bool, what: str) -> WaitResult:
    """Send every request within the job bound and, with ``wait``, wait until each session has reached its goal.

    Without ``wait`` the run still polls when it has more sessions than job slots (a job must finish
    before the next request), but returns as soon as the last request is accepted.
    """
    jobs.send()
    done: Callable[[SessionJobs], bool] = SessionJobs.done if wait else SessionJobs.done_sending
    if done(jobs):
        return NO_WAIT
    try:
        return module.waiter().wait(lambda: jobs.step(confirm=wait), done, what=what, describe=lambda value: jobs.summary())
    except errors.WaitTimeout as exc:
        # Requests were sent: the task did change something, and the jobs say what the array is still doing.
        exc.details.update(changed=bool(jobs.accepted()), jobs=jobs.jobs(), failed_sessions=jobs.failures())
        raise


def act_per_session(module: Any, client: Any, plan: Plan, path_template: str, *, applied: Callable[[Any], bool],
                    reached: Callable[[Any], bool], what: str, also_wait_for: list[int] | None = None,
                    explain: Callable[[dict[str, Any]], dict[str, Any]] = dict) -> Acted:
    """Resume and reverse: one job per session of the plan, then (with ``wait``) until each session has ``reached``."""
    wait = module.params["wait"]
    runner = SessionJobs(client, path_template, plan.to_act, applied=applied, reached=reached,
                         also_wait_for=also_wait_for if wait and also_wait_for else [])
    waited = run(module, runner, wait=wait, what=what)
    failed = [explain(f) for f in runner.failures()]
    final = {**plan.sessions, **runner.sessions}
    failed_ids = {f["copysession_id"] for f in failed}
    done = [i for i in plan.to_act if (reached(final.get(i)) if wait else i not in failed_ids)]
    return Acted(changed=bool(runner.accepted()), done_ids=done, jobs=runner.jobs(), failed=failed, sessions=runner.sessions,
                 elapsed=waited.elapsed, polls=waited.polls)
