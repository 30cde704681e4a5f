# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import itertools

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _wait
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import progress as tracking
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary


class FakeClock(_wait.Clock):
    def __init__(self):
        self.t = 1000.0
        self.sleeps = []
        super().__init__(now=lambda: self.t, sleep=self._sleep)

    def _sleep(self, seconds):
        self.sleeps.append(seconds)
        self.t += seconds


def test_poll_delays_start_at_the_interval_and_back_off_to_the_cap():
    delays = list(itertools.islice(_wait.poll_delays(0.5, cap=5.0), 10))
    assert delays[0] == 0.5
    assert all(b >= a for a, b in zip(delays, delays[1:]))
    assert max(delays) == 5.0 and delays[-1] == 5.0


def test_wait_returns_the_value_elapsed_and_polls():
    clock = FakeClock()
    values = iter(["Queued", "Running", "Success"])
    result = _wait.Waiter(timeout=60, poll_interval=0.5, clock=clock).wait(lambda: next(values), lambda v: v == "Success", what="job")
    assert result.value == "Success" and result.polls == 3
    assert clock.sleeps[0] == 0.5
    assert result.elapsed == pytest.approx(sum(clock.sleeps))


def test_wait_never_sleeps_past_the_deadline_and_times_out_with_the_last_state():
    clock = FakeClock()
    waiter = _wait.Waiter(timeout=7, poll_interval=2, cap=5, clock=clock)
    with pytest.raises(errors.WaitTimeout) as caught:
        waiter.wait(lambda: {"status": "Running"}, lambda v: False, what="job 1", describe=lambda v: v["status"])
    assert clock.t - 1000.0 == pytest.approx(7)
    assert clock.sleeps[-1] <= 7 - sum(clock.sleeps[:-1]) + 1e-9
    assert caught.value.last_state == "Running"
    assert "job 1" in caught.value.message and "wait_timeout=7" in caught.value.message
    assert caught.value.to_result()["last_state"] == "Running"


def test_noop_waiter_polls_nothing():
    result = _wait.NoopWaiter().wait(lambda: pytest.fail("check mode must not poll"), lambda v: True, what="x")
    assert result.polls == 0 and result.elapsed == 0


class FakeClient:
    def __init__(self, jobs, sessions):
        self.jobs = list(jobs)
        self.sessions = list(sessions)
        self.calls = []

    def get(self, path, params=None):
        self.calls.append(path)
        answer = self.jobs.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get_all(self, path, key, params=None):
        self.calls.append((path, params["copysession_id"]))
        return self.sessions.pop(0)


def job(status, progress=()):
    return {"job_id": 7, "status": status, "progress_href_list": ["/api/v1/copysession/%d" % i for i in progress]}


def session(i, running):
    return {"copysession_id": i, "status": "Active" if running else "Suspend",
            "concurrent_suspend_result": "Running" if running else "Succeeded"}


def test_job_wait_covers_sessions_still_finishing_their_suspend():
    client = FakeClient([job("Running"), job("Success", progress=[1, 2])],
                        [[session(1, True), session(2, False)], [session(1, False)]])
    progress, result = tracking.wait_for_job(client, 7, _wait.Waiter(timeout=30, clock=FakeClock()))
    assert progress.done() and progress.job["status"] == "Success"
    # once the job is terminal only the sessions still finishing are read, in one request each poll
    assert client.calls == ["/job/7", "/job/7", ("/copysession", "1,2"), ("/copysession", "1")]
    assert result.polls == 3


def test_a_job_purged_after_being_seen_is_expired_not_failed():
    client = FakeClient([job("Running"), errors.NotFound("gone", status=404)], [])
    progress = tracking.wait_for_job(client, 7, _wait.Waiter(timeout=30, clock=FakeClock()))[0]
    assert progress.expired and progress.done() and progress.job["status"] == "Running"


def test_a_job_unknown_from_the_start_is_not_found():
    client = FakeClient([errors.NotFound("gone", status=404)], [])
    with pytest.raises(errors.NotFound):
        tracking.wait_for_job(client, 7, _wait.Waiter(timeout=30, clock=FakeClock()))


def test_job_wait_timeout_carries_the_job_and_pending_sessions():
    client = FakeClient([job("Success", progress=[3])], [[session(3, True)]] * 50)
    with pytest.raises(errors.WaitTimeout) as caught:
        tracking.wait_for_job(client, 7, _wait.Waiter(timeout=10, clock=FakeClock()))
    assert caught.value.last_state == {"job_id": 7, "status": "Success", "expired": False, "sessions_still_finishing": [3]}


@pytest.mark.parametrize("status, running", [("Active", True), ("Error", False), ("Halt", False)])
def test_a_session_in_error_or_halt_is_not_finishing_a_suspend(status, running):
    session = {"copysession_id": 1, "status": status, "concurrent_suspend_result": "Running"}
    assert vocabulary.suspend_still_running(session) is running


def test_a_hint_replaces_the_backoff_but_stays_within_cap_and_deadline():
    clock = FakeClock()
    values = iter(["a", "b", "c"] + ["d"] * 20)
    hints = {"a": 3.1, "b": 60.0}
    waiter = _wait.Waiter(timeout=11, poll_interval=0.4, cap=5, clock=clock)
    with pytest.raises(errors.WaitTimeout):
        waiter.wait(lambda: next(values), lambda v: False, what="x", next_delay=hints.get)
    # first poll after poll_interval, then the array's hint (3.1 s), then capped at 5 s, then the backoff resumes
    assert clock.sleeps[:4] == [0.4, 3.1, 5, pytest.approx(0.6)]
    assert sum(clock.sleeps) == pytest.approx(11)


def test_a_hint_of_zero_does_not_spin():
    clock = FakeClock()
    waiter = _wait.Waiter(timeout=2, poll_interval=0.4, clock=clock)
    with pytest.raises(errors.WaitTimeout):
        waiter.wait(lambda: 1, lambda v: False, what="x", next_delay=lambda v: 0)
    assert min(clock.sleeps[:-1]) >= _wait.MIN_HINTED_DELAY


@pytest.mark.parametrize("sessions, expected", [
    ([session(1, True) | {"remain_time_to_finish_suspend": 3}, session(2, True) | {"remain_time_to_finish_suspend": 1}], 3.1),
    ([session(1, True) | {"remain_time_to_finish_suspend": 3}, session(2, True) | {"remain_time_to_finish_suspend": None}], None),
    ([session(1, True) | {"remain_time_to_finish_suspend": 0}], None),
    ([session(1, False)], None),
])
def test_suspend_due_in_follows_the_arrays_countdown(sessions, expected):
    assert tracking.suspend_due_in(sessions) == (pytest.approx(expected) if expected else None)
