# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting: pure predicates polled on a monotonic clock with a backing-off interval."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._sessions import read_sessions

# The first poll comes after poll_interval seconds (jobs on the array take at least a
# moment); later polls back off by POLL_BACKOFF_FACTOR up to POLL_INTERVAL_CAP seconds,
# so a long wait costs few requests while a short one is noticed quickly. When the array
# itself says how long it still needs (remain_time_to_finish_suspend), the next poll comes
# right after that instead, still within the cap and the deadline.
DEFAULT_POLL_INTERVAL = 0.4
POLL_INTERVAL_CAP = 5.0
POLL_BACKOFF_FACTOR = 1.5

JOB_TERMINAL = ("Success", "Error", "Partial_Error", "Canceled")
# The array counts remain_time_to_finish_suspend in whole seconds; polling just after it runs
# out finds the suspend done, and a floor keeps a stale 0 from turning into a busy loop.
HINT_MARGIN = 0.1
MIN_HINTED_DELAY = 0.2


@dataclass
class Clock:
    """Time source; tests pass a fake one so waits run without sleeping."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass
class WaitResult:
    value: Any
    elapsed: float
    polls: int


def poll_delays(first: float, cap: float = POLL_INTERVAL_CAP, factor: float = POLL_BACKOFF_FACTOR) -> Iterator[float]:
    delay = max(0.0, first)
    while True:
        yield delay
        delay = min(cap, max(delay, 0.05) * factor)


class Waiter:
    """Polls fetch() until done(value) holds, within timeout seconds (never sleeping past the deadline)."""

    def __init__(self, *, timeout: float, poll_interval: float = DEFAULT_POLL_INTERVAL,
                 cap: float = POLL_INTERVAL_CAP, clock: Clock | None = None) -> None:
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.cap = max(cap, poll_interval)
        self.clock = clock or Clock()

    def wait(self, fetch: Callable[[], Any], done: Callable[[Any], bool], *, what: str,
             describe: Callable[[Any], Any] | None = None,
             next_delay: Callable[[Any], float | None] | None = None) -> WaitResult:
        """next_delay(value) may name the seconds until the awaited state is due; None keeps the backoff."""
        start = self.clock.now()
        deadline = start + self.timeout
        polls = 0
        value: Any = None
        backoff = poll_delays(self.poll_interval, self.cap)
        delay = next(backoff)
        while True:
            remaining = deadline - self.clock.now()
            if remaining <= 0:
                break
            self.clock.sleep(min(delay, remaining))
            value = fetch()
            polls += 1
            if done(value):
                return WaitResult(value=value, elapsed=round(self.clock.now() - start, 3), polls=polls)
            hint = next_delay(value) if next_delay else None
            delay = min(self.cap, max(hint, MIN_HINTED_DELAY)) if hint is not None else next(backoff)
        elapsed = round(self.clock.now() - start, 3)
        last = describe(value) if describe else value
        raise errors.WaitTimeout(
            "timed out after %s seconds (wait_timeout=%s, %d polls) waiting for %s" % (elapsed, self.timeout, polls, what),
            last_state=last, details={"elapsed": elapsed, "polls": polls})


class NoopWaiter:
    """Check mode: nothing was sent, so there is nothing to wait for."""

    timeout = 0

    def wait(self, fetch: Callable[[], Any], done: Callable[[Any], bool], *, what: str,
             describe: Callable[[Any], Any] | None = None,
             next_delay: Callable[[Any], float | None] | None = None) -> WaitResult:
        return WaitResult(value=None, elapsed=0.0, polls=0)


def job_is_terminal(job: dict[str, Any] | None) -> bool:
    return bool(job) and job.get("status") in JOB_TERMINAL


@dataclass
class JobProgress:
    """What a job wait has seen: the job (None until read), the sessions still finishing, expiry."""

    job_id: int
    job: dict[str, Any] | None = None
    sessions: dict[int, dict[str, Any]] | None = None
    expired: bool = False

    @property
    def job_finished(self) -> bool:
        return self.expired or job_is_terminal(self.job)

    @property
    def progress_ids(self) -> list[int]:
        return sorted(i for i in (session_id_from_href(h) for h in (self.job or {}).get("progress_href_list") or []) if i is not None)

    def pending_ids(self) -> list[int]:
        seen = self.sessions or {}
        return [i for i in self.progress_ids if i not in seen or suspend_still_running(seen[i])]

    def done(self) -> bool:
        return self.job_finished and not self.pending_ids()

    def suspend_due_in(self) -> float | None:
        if not self.job_finished:
            return None
        return suspend_due_in((self.sessions or {}).get(i) for i in self.pending_ids())

    def summary(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "status": (self.job or {}).get("status"), "expired": self.expired,
                "sessions_still_finishing": self.pending_ids()}


# A session that fell into Error or Halt cannot finish a suspend, whatever concurrent_suspend_result
# still says: waiting on it would only run into wait_timeout.
STATUSES_ENDING_A_SUSPEND = ("Error", "Halt")


def suspend_still_running(session: dict[str, Any] | None) -> bool:
    """A suspend in Synchronous/Consistency mode finishes after its job: the session says so itself."""
    return (bool(session) and session.get("concurrent_suspend_result") == "Running"
            and session.get("status") not in STATUSES_ENDING_A_SUSPEND)


def suspend_due_in(sessions: Iterable[dict[str, Any] | None]) -> float | None:
    """Seconds until the last of these still-finishing suspends is due, as the array counts it; None if unknown."""
    remains = [s.get("remain_time_to_finish_suspend") for s in sessions if suspend_still_running(s)]
    known = [r for r in remains if isinstance(r, (int, float)) and not isinstance(r, bool) and r > 0]
    if not known or len(known) < len(remains):
        return None
    return max(known) + HINT_MARGIN


def session_id_from_href(href: Any) -> int | None:
    tail = str(href or "").rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def read_job(client: Any, job_id: int) -> dict[str, Any]:
    return client.get("/job/%d" % job_id)


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


def wait_for_job(client: Any, job_id: int, waiter: Any) -> tuple[JobProgress, WaitResult]:
    progress = JobProgress(job_id=job_id)
    result = waiter.wait(job_progress_fetcher(client, progress), lambda p: p.done(),
                         what="job %d to finish and its sessions to complete their suspend" % job_id,
                         describe=lambda p: p.summary() if p is not None else {"job_id": job_id},
                         next_delay=lambda p: p.suspend_due_in())
    return progress, result
