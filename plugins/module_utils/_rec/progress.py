# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Trackers of suspend jobs and their sessions while a wait polls them.

In Synchronous and Consistency mode a suspend finishes after its job: the sessions themselves say when it is done.
``JobProgress`` follows one job (``job_info``); ``SuspendProgress`` the jobs of one suspend run, reading the sessions
first and each of the run's jobs until it has ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import (
    decode_job_results, ids_from_hrefs, read_job, read_sessions, unreadable_hrefs)
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

# The array counts remain_time_to_finish_suspend in whole seconds; polling just after it runs out finds the suspend done.
HINT_MARGIN = 0.1


def suspend_due_in(sessions: Iterable[Optional[dict[str, Any]]]) -> float | None:
    """Seconds until the last of these still-finishing suspends is due, as the array counts it; None if unknown."""
    remains = [s.get("remain_time_to_finish_suspend") for s in sessions if vocabulary.suspend_still_running(s)]
    known = [r for r in remains if isinstance(r, (int, float)) and not isinstance(r, bool) and r > 0]
    if not known or len(known) < len(remains):
        return None
    return max(known) + HINT_MARGIN


def _suspend_over(session: dict[str, Any]) -> bool:
    return vocabulary.suspend_complete(session) or vocabulary.ends_a_suspend(session)


def _listed(job: dict[str, Any]) -> list[int]:
    results = decode_job_results(job)
    return results.succeeded + results.in_progress


def job_settled(entry: dict[str, Any]) -> bool:
    """Nothing more to learn from this job: it ended, was purged, or finished before it could be found."""
    return entry.get("job_id") is None or bool(entry.get("expired")) or vocabulary.job_is_terminal(entry.get("job"))


@dataclass
class JobProgress:
    """What a job wait has seen: the job (None until read), the sessions still finishing, expiry."""

    job_id: int
    job: dict[str, Any] | None = None
    sessions: dict[int, dict[str, Any]] | None = None
    expired: bool = False

    @property
    def job_finished(self) -> bool:
        return self.expired or vocabulary.job_is_terminal(self.job)

    @property
    def progress_ids(self) -> list[int]:
        """The sessions whose suspend finishes after the job; all it succeeded for when it names one unreadably."""
        job = self.job or {}
        ids = set(ids_from_hrefs(job.get("progress_href_list")))
        if unreadable_hrefs(job.get("progress_href_list")):
            ids.update(ids_from_hrefs(job.get("succeeded_resource_href_list")))
        return sorted(ids)

    def pending_ids(self) -> list[int]:
        """The seed's rule: a session the job lists in progress_href_list is pending until it reads suspended, or
        falls into Halt or Error; concurrent_suspend_result and the countdown only time the polls."""
        seen = self.sessions or {}
        return [i for i in self.progress_ids if i not in seen or not _suspend_over(seen[i])]

    def done(self) -> bool:
        return self.job_finished and not self.pending_ids()

    def suspend_due_in(self) -> float | None:
        if not self.job_finished:
            return None
        return suspend_due_in((self.sessions or {}).get(i) for i in self.pending_ids())

    def summary(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "status": vocabulary.job_status_of(self.job), "expired": self.expired,
                "sessions_still_finishing": self.pending_ids()}


def job_progress_fetcher(client: Any, progress: JobProgress) -> Callable[[], JobProgress]:
    """One poll: read the job until it is terminal, then only the sessions still finishing their suspend."""

    def fetch() -> JobProgress:
        if not progress.job_finished:
            try:
                progress.job = read_job(client, progress.job_id)
            except errors.NotFound:
                if progress.job is None:
                    raise
                # Finished jobs are purged after a while; having seen it, the job expired rather than failed.
                progress.expired = True
        if progress.job_finished:
            pending = progress.pending_ids()
            if pending:
                progress.sessions = {**(progress.sessions or {}), **read_sessions(client, pending)}
        return progress

    return fetch


def wait_for_job(client: Any, job_id: int, waiter: Any) -> tuple[JobProgress, Any]:
    progress = JobProgress(job_id=job_id)
    result = waiter.wait(job_progress_fetcher(client, progress), lambda p: p.done(),
                         what="job %d to finish and its sessions to complete their suspend" % job_id,
                         describe=lambda p: p.summary() if p is not None else {"job_id": job_id},
                         next_delay=lambda p: p.suspend_due_in())
    return progress, result


@dataclass
class SuspendProgress:
    """The jobs this run started and the sessions that must end up suspended.

    The sessions are the truth a run waits for, so each poll reads them first; then each of the run's jobs
    that has not ended yet (its end says which sessions it took, and which it failed).
    """

    jobs: list[dict[str, Any]]
    confirm_ids: list[int]
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Sessions this run's job failed because another job had already taken them (a suspend finishing that the
    # session gave no sign of): that job, by session. They are waited for like the run's own.
    other_jobs: dict[int, int] = field(default_factory=dict)
    looked_for_other_jobs: set[int] = field(default_factory=set)
    _decoded: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.job_of = {i: entry for entry in self.jobs for i in entry.get("copysession_ids") or []}

    def unexplained(self, session_id: int) -> bool:
        """Read, yet neither suspended nor finishing its suspend: only its job can tell why (not reached yet, or failed)."""
        session = self.sessions.get(session_id)
        return session is not None and not vocabulary.suspend_complete(session) and not vocabulary.suspend_still_running(session)

    def settled(self, session_id: int) -> bool:
        session = self.sessions.get(session_id)
        if session is None or vocabulary.suspend_still_running(session):
            return False
        if vocabulary.suspend_complete(session):
            return True
        if session_id in self.other_jobs:
            return vocabulary.ends_a_suspend(session)
        entry = self.job_of.get(session_id)
        if entry is None:
            return True
        if not job_settled(entry):
            return False
        # The seed: in Synchronous and Consistency mode the job reaches Success before the suspend is done, so a
        # session the job took is pending until it reads suspended (or Halt, Error), whatever the hints say.
        return vocabulary.ends_a_suspend(session) or not self.taken_by_job(entry, session_id)

    def taken_by_job(self, entry: dict[str, Any], session_id: int) -> bool:
        job = entry.get("job")
        return bool(job) and not entry.get("expired") and self.results_of(job).accepted(session_id)

    def results_of(self, job: dict[str, Any]) -> Any:
        """The job's per-session outcome, decoded once per reading of the job: asked for every one of its (up to 512)
        sessions on every poll, decoding it each time would cost the square of the number of sessions."""
        cached = self._decoded.get(id(job))
        if cached is None or cached[0] is not job:
            cached = (job, decode_job_results(job))
            self._decoded[id(job)] = cached
        return cached[1]

    def refused_by_own_job(self) -> list[int]:
        """Sessions this run's ended job did not take, not (yet) suspended, whose other jobs were not looked for yet."""
        refused = []
        for session_id in self.confirm_ids:
            session, entry = self.sessions.get(session_id), self.job_of.get(session_id)
            if session is None or entry is None or not entry.get("job") or not job_settled(entry):
                continue
            if session_id in self.looked_for_other_jobs or vocabulary.suspend_complete(session):
                continue
            if vocabulary.ends_a_suspend(session) or self.taken_by_job(entry, session_id):
                continue
            refused.append(session_id)
        return refused

    def adopt_other_jobs(self, jobs: list[dict[str, Any]], session_ids: list[int]) -> None:
        own = {entry.get("job_id") for entry in self.jobs}
        for session_id in session_ids:
            self.looked_for_other_jobs.add(session_id)
            taking = [job.get("job_id") for job in jobs
                      if job.get("job_id") not in own and isinstance(job.get("job_id"), int) and session_id in _listed(job)]
            if taking:
                self.other_jobs[session_id] = max(taking)

    def unsettled_ids(self) -> list[int]:
        return [i for i in self.confirm_ids if not self.settled(i)]

    def jobs_to_read(self) -> list[dict[str, Any]]:
        """Every job of the run, on each poll until it has ended. The sessions decide when the suspend is done; the job's
        end tells which sessions it took and which it failed (another job may have suspended them), and lets the run
        delete it. A job still running when the sessions are done is read once more in that last poll, not waited for."""
        return [entry for entry in self.jobs if not job_settled(entry)]

    def done(self) -> bool:
        return not self.unsettled_ids()

    def suspend_due_in(self) -> float | None:
        pending = self.unsettled_ids()
        if any(self.unexplained(i) for i in pending):
            return None
        return suspend_due_in(self.sessions.get(i) for i in pending)

    def summary(self) -> dict[str, Any]:
        keys = ("status", "phase", "concurrent_suspend_result", "remain_time_to_finish_suspend")
        return {
            "jobs": [{"job_id": j["job_id"], "status": vocabulary.job_status_of(j.get("job")), "expired": j.get("expired", False)}
                     for j in self.jobs],
            "sessions_pending": [dict({"copysession_id": i}, **{key: (self.sessions.get(i) or {}).get(key) for key in keys})
                                 for i in self.unsettled_ids()],
        }


def progress_fetcher(client: Any, progress: SuspendProgress) -> Callable[[], SuspendProgress]:
    """One poll: the sessions not yet settled in one read, then only the jobs that must explain a session."""

    def fetch() -> SuspendProgress:
        pending = progress.unsettled_ids()
        if pending:
            progress.sessions.update(read_sessions(client, pending))
        finished_now = set()
        for entry in progress.jobs_to_read():
            try:
                entry["job"] = read_job(client, entry["job_id"])
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
        # A session the run's job did not take may be suspending under another job already (an array that gives no
        # "still finishing" word shows nothing of it): the user's jobs tell, read once and only in that case.
        refused = progress.refused_by_own_job()
        if refused:
            progress.adopt_other_jobs(client.get_all("/job", "job_list"), refused)
        return progress

    return fetch
