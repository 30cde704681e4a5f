# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How the suspend reports what the array did not finish, and how a stopped run unwinds."""

from __future__ import annotations

import os
import signal

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _module
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import progress as tracking
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import suspend_jobs


class OneJobClient:
    """Answers GET /job/{id} with 404 and the session read with the given sessions."""

    def __init__(self, sessions):
        self.sessions = sessions
        self.paths = []

    def get(self, path, params=None):
        self.paths.append(path)
        raise errors.NotFound("GET %s failed with HTTP 404" % path, status=404)

    def get_all(self, path, list_key, params=None):
        self.paths.append(path)
        return self.sessions


def test_a_404_on_the_runs_own_job_before_any_poll_saw_it_is_a_purge():
    client = OneJobClient([{"copysession_id": 1, "status": "Active", "phase": "Equivalent"}])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1]}], confirm_ids=[1])
    tracking.progress_fetcher(client, progress)()
    assert progress.jobs[0]["expired"] and progress.done()
    # the session showed no sign of the job, so the job was read; once it was known to be gone the session was read again
    assert client.paths == ["/copysession", "/job/8192001", "/copysession"]


def test_the_runs_job_is_read_until_it_has_ended_while_the_sessions_decide_when_it_is_done():
    # Issue 15: the job's end says which sessions it took or failed (another job may have suspended them) and lets the
    # run delete it; the sessions still decide when the suspend is done.
    class FinishedJobClient(OneJobClient):
        def get(self, path, params=None):
            self.paths.append(path)
            return {"job_id": 8192001, "status": "Success", "progress_href_list": ["/api/v1/copysession/2"],
                    "succeeded_resource_href_list": ["/api/v1/copysession/1", "/api/v1/copysession/2"]}

    client = FinishedJobClient([{"copysession_id": 1, "status": "Suspend", "concurrent_suspend_result": "Succeeded"},
                                {"copysession_id": 2, "status": "Active", "concurrent_suspend_result": "Running",
                                 "remain_time_to_finish_suspend": 2}])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1, 2]}], confirm_ids=[1, 2])
    tracking.progress_fetcher(client, progress)()
    assert client.paths == ["/copysession", "/job/8192001"]
    assert progress.unsettled_ids() == [2]
    assert progress.suspend_due_in() == pytest.approx(2.1)
    # once ended, the job is not read again: the next poll reads only the session still finishing
    client.sessions = [{"copysession_id": 2, "status": "Suspend", "concurrent_suspend_result": "Succeeded"}]
    tracking.progress_fetcher(client, progress)()
    assert client.paths == ["/copysession", "/job/8192001", "/copysession"]
    assert progress.done()


def test_a_session_the_job_has_not_reached_yet_is_waited_for_on_the_backoff():
    class QueuedJobClient(OneJobClient):
        def get(self, path, params=None):
            self.paths.append(path)
            return {"job_id": 8192001, "status": "Queued"}

    client = QueuedJobClient([{"copysession_id": 1, "status": "Active", "phase": "Equivalent"}])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1]}], confirm_ids=[1])
    tracking.progress_fetcher(client, progress)()
    assert client.paths == ["/copysession", "/job/8192001"]
    assert not progress.done() and progress.suspend_due_in() is None


@pytest.mark.parametrize("job_entry, session, expected", [
    ({"job_id": 7, "expired": True}, {"status": "Active", "phase": "Equivalent"},
     "job 7 was purged by the array before it reported a result; the session did not reach Suspend (now status Active, phase Equivalent)"),
    ({"job_id": 7, "job": {"status": "Canceled"}}, {"status": "Active", "phase": "Equivalent"},
     "job 7 ended Canceled; the session did not reach Suspend (now status Active, phase Equivalent)"),
    ({"job_id": 7, "job": {"status": "Success"}}, {"status": "Halt", "phase": "Equivalent", "concurrent_suspend_result": "Failed"},
     "the session did not reach Suspend (now status Halt, phase Equivalent, concurrent suspend Failed)"),
])
def test_not_suspended_reason_says_how_the_job_ended_and_where_the_session_is(job_entry, session, expected):
    assert suspend_jobs.not_suspended_reason(job_entry, session) == expected


def test_busy_failure_says_nothing_was_suspended_and_what_was_requested_before():
    request = type("Request", (), {"copysession_ids": (8,)})()
    started = [{"job_id": 8192001, "copysession_ids": [1, 2]}]
    failure = suspend_jobs.busy_failure(errors.Busy("POST x failed with HTTP 503", status=503), request, started)
    assert "registered no suspend for session(s) 8: nothing was suspended for them" in failure.message
    assert "session(s) 1, 2 in job 8192001" in failure.message
    assert failure.to_result()["changed"] is True


def test_a_stop_signal_becomes_interrupted_and_later_signals_are_ignored_until_the_run_ends():
    previous = {s: signal.getsignal(s) for s in _module.STOP_SIGNALS}
    try:
        signal.signal(signal.SIGTERM, _module.raise_interrupted)
        with pytest.raises(errors.Interrupted) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
        assert "interrupted by SIGTERM" in caught.value.message and "run the task again" in caught.value.message
        assert all(signal.getsignal(s) == signal.SIG_IGN for s in _module.STOP_SIGNALS)
        assert not isinstance(caught.value, errors.EternusError)
    finally:
        for stop_signal, handler in previous.items():
            signal.signal(stop_signal, handler)


@pytest.mark.parametrize("error", [
    errors.ConnectionFailed("GET https://a/api/v1/job/7: cannot reach a"),
    errors.WaitTimeout("timed out after 1 seconds", last_state={"jobs": []}, details={"elapsed": 1.0, "polls": 2}),
])
def test_an_error_after_the_suspend_was_accepted_says_so_and_keeps_its_type(error):
    jobs = [{"job_id": 7, "copysession_ids": [1, 2]}, {"job_id": None, "copysession_ids": [8]}]
    failure = suspend_jobs.failed_while_waiting(error, jobs)
    assert type(failure) is type(error)
    assert failure.message.startswith(error.message)
    assert "The array had accepted the suspend (session(s) 1, 2 in job 7; session(s) 8)" in failure.message
    result = failure.to_result()
    assert result["changed"] is True and result["jobs"] == jobs
    if isinstance(error, errors.WaitTimeout):
        assert result["last_state"] == {"jobs": []} and result["polls"] == 2


def test_a_jobs_outcome_is_decoded_once_per_reading_not_once_per_session(monkeypatch):
    # 512 sessions in one job, asked about session by session on every poll: decoding the job's lists for each of them
    # cost the square of the number of sessions (minutes of CPU at 10,000 sessions).
    ids = list(range(1, 513))
    job = {"job_id": 8192001, "status": "Success", "succeeded_resource_href_list": ["/api/v1/copysession/%d" % i for i in ids]}
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": job, "copysession_ids": ids}], confirm_ids=ids)
    progress.sessions.update({i: {"copysession_id": i, "status": "Active", "phase": "Equivalent"} for i in ids})
    decoded = []
    real = tracking.decode_job_results
    monkeypatch.setattr(tracking, "decode_job_results", lambda j: decoded.append(j) or real(j))

    assert progress.unsettled_ids() == ids and progress.refused_by_own_job() == []
    assert len(decoded) == 1
    # A new reading of the job is decoded again.
    progress.jobs[0]["job"] = dict(job, succeeded_resource_href_list=job["succeeded_resource_href_list"][:10])
    assert progress.refused_by_own_job() == ids[10:]
    assert len(decoded) == 2
