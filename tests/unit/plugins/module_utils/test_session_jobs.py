# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One job per session against an in-memory array: the bound on jobs in flight, 503, deletion, failures."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import RETRY_BUSY, RETRY_NONE
from ansible_collections.fujitsu.eternus.plugins.module_utils import _wait
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import operations
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import session_jobs
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

from .test_jobs import FakeClock
from .test_rec import rec_session


class FakeArray:
    """Answers the client calls the runner makes. A job finishes on its second read; finished jobs stay
    registered (and count against ``max_jobs``) until deleted, like on the array."""

    def __init__(self, sessions, *, max_jobs=512, copy_reads=0):
        self.sessions = {s["copysession_id"]: dict(s) for s in sessions}
        self.max_jobs = max_jobs
        self.jobs = {}
        self.next_job_id = 8192001
        self.posts = []
        self.deleted = []
        self.busy_answers = 0
        self.max_unfinished = 0
        self.fail_next = {}
        self.refuse_with = None
        self.drop_next_post = None
        self.busy_always = 0
        # resumed sessions report Copying for this many session reads before they are Equivalent
        self.copy_reads = copy_reads
        self.copy_left = {}

    def unfinished(self):
        return [j for j in self.jobs.values() if not vocabulary.job_is_terminal(j)]

    # -- client interface ---------------------------------------------------
    def post(self, path, json=None, *, retry=RETRY_BUSY):
        assert json is None
        # the client's own backoff only when none of the run's jobs could free a slot sooner
        assert retry == (RETRY_NONE if self.unfinished() else RETRY_BUSY)
        session_id, operation = int(path.split("/")[2]), path.split("/")[3]
        if self.refuse_with:
            self.posts.append(session_id)
            raise self.refuse_with
        if self.busy_always or len(self.jobs) >= self.max_jobs:
            self.busy_always = max(0, self.busy_always - 1)
            self.busy_answers += 1
            raise errors.Busy("POST %s failed with HTTP 503 (gave up after 6 attempts)" % path, status=503, error_code="0053")
        self.posts.append(session_id)
        job_id = self.next_job_id
        self.next_job_id += 1
        self.jobs[job_id] = {"job_id": job_id, "status": "Queued", "reads": 0, "operation": operation,
                             "resource_href_list": ["/api/v1/copysession/%d" % session_id]}
        self.max_unfinished = max(self.max_unfinished, len(self.unfinished()))
        if self.drop_next_post == session_id:
            self.drop_next_post = None
            raise errors.ConnectionFailed("POST %s: cannot reach the array: connection reset" % path)
        return {"job_id": job_id, "job_href": "/api/v1/job/%d" % job_id}

    def get(self, path, params=None):
        job = self.jobs.get(int(path.rsplit("/", 1)[1]))
        if job is None:
            raise errors.NotFound("GET %s failed with HTTP 404" % path, status=404)
        job["reads"] += 1
        if job["reads"] >= 2 and job["status"] == "Queued":
            self._finish(job)
        return {k: v for k, v in job.items() if k not in ("reads", "operation")}

    def _finish(self, job):
        session_id = int(job["resource_href_list"][0].rsplit("/", 1)[1])
        failure = self.fail_next.pop(session_id, None)
        if failure:
            job.update(status="Error", failed_resource_info_list=[dict(failure, resource_href=job["resource_href_list"][0])])
            return
        job["status"] = "Success"
        session = self.sessions[session_id]
        if job["operation"] == "resume":
            session.update(status="Active", phase="Copying", progress=50, uncopied_data_size=512)
            self.copy_left[session_id] = self.copy_reads
        else:
            session["is_local_source_volume"] = not session["is_local_source_volume"]

    def delete(self, path):
        job_id = int(path.rsplit("/", 1)[1])
        assert vocabulary.job_is_terminal(self.jobs[job_id]), "deleted an unfinished job"
        del self.jobs[job_id]
        self.deleted.append(job_id)

    def get_all(self, path, list_key, params=None):
        if path == "/job":
            return [{k: v for k, v in j.items() if k != "reads"} for j in self.jobs.values()]
        ids = [int(i) for i in params["copysession_id"].split(",")] if params else sorted(self.sessions)
        found = []
        for session_id in ids:
            if session_id not in self.sessions:
                continue
            session = self.sessions[session_id]
            if session_id in self.copy_left:
                if self.copy_left[session_id] <= 0 and session["transfer_mode"] != "Stack":
                    session.update(phase="Equivalent", progress=100, uncopied_data_size=0)
                self.copy_left[session_id] -= 1
            found.append(dict(session))
        return found


def suspended(count, **overrides):
    return [rec_session(i, status="Suspend", phase="Equivalent", **overrides) for i in range(1, count + 1)]


def fake_module(check_mode=False, timeout=3600, **params):
    clock = FakeClock()
    defaults = {"session_ids": None, "match": None, "on_ineligible": "fail", "wait": True, "wait_for": "resumed", "copy_source": "remote"}
    defaults.update(params)
    module = SimpleNamespace(params=defaults, check_mode=check_mode, clock=clock, warnings=[],
                             array={"url": "https://array-a.example:5665", "boxid": "BOXID-A", "name": "array-a"})
    module.ansible = SimpleNamespace(warn=module.warnings.append)
    module.waiter = lambda: _wait.Waiter(timeout=timeout, poll_interval=0.5, clock=clock)
    return module


def run_jobs(array, ids, *, max_in_flight, wait=True, timeout=3600, reached=None):
    runner = session_jobs.SessionJobs(array, operations.RESUME_PATH, ids, applied=lambda s: (s or {}).get("status") == "Active",
                                      reached=reached or (lambda s: (s or {}).get("status") == "Active"), max_in_flight=max_in_flight)
    result = session_jobs.run(fake_module(timeout=timeout), runner, wait=wait, what="the test")
    return runner, result


def test_the_default_bound_stays_far_under_the_array_job_limit():
    assert 1 <= session_jobs.MAX_JOBS_IN_FLIGHT <= 128


def test_never_more_than_the_bound_in_flight_every_session_sent_once_and_every_job_deleted():
    array = FakeArray(suspended(300))
    runner, result = run_jobs(array, list(range(1, 301)), max_in_flight=16)
    assert array.max_unfinished == 16
    assert runner.max_seen_in_flight == 16
    assert sorted(array.posts) == list(range(1, 301))
    assert array.jobs == {} and len(array.deleted) == 300
    assert runner.failures() == []
    assert all(job["deleted"] and job["status"] == "Success" for job in runner.jobs())
    assert runner.done() and result.polls >= 300 // 16


def test_a_busy_array_is_waited_out_not_fatal():
    # finished jobs count until deleted: a cap of 5 is hit long before the bound of 64
    array = FakeArray(suspended(40), max_jobs=5)
    runner, _result = run_jobs(array, list(range(1, 41)), max_in_flight=64)
    assert array.busy_answers > 0 and runner.busy_answers == array.busy_answers
    assert sorted(array.posts) == list(range(1, 41))
    assert array.max_unfinished <= 5
    assert array.jobs == {} and runner.failures() == []


def test_busy_with_nothing_of_ours_in_flight_is_retried_on_the_next_poll():
    array = FakeArray(suspended(2))
    array.busy_always = 3
    runner, result = run_jobs(array, [1, 2], max_in_flight=64)
    assert runner.busy_answers == 3
    assert array.posts == [1, 2]
    assert result.polls >= 3
    assert runner.failures() == []


def test_a_busy_array_that_never_frees_a_slot_times_out_with_what_is_left():
    array = FakeArray(suspended(3))
    array.busy_always = 10**6
    with pytest.raises(errors.WaitTimeout) as caught:
        run_jobs(array, [1, 2, 3], max_in_flight=64, timeout=30)
    assert caught.value.last_state["not_sent"] == [1, 2, 3]
    assert caught.value.last_state["array_busy"] is True
    assert array.posts == []
    assert caught.value.details["changed"] is False


def test_wait_false_still_keeps_the_bound_and_returns_once_everything_is_sent():
    array = FakeArray(suspended(10))
    runner, _result = run_jobs(array, list(range(1, 11)), max_in_flight=4, wait=False)
    assert array.max_unfinished == 4
    assert sorted(array.posts) == list(range(1, 11))
    assert runner.in_flight() and runner.done_sending()
    assert len(runner.jobs()) == 10


def test_a_dropped_connection_is_never_resent_the_job_is_adopted():
    array = FakeArray(suspended(3))
    array.drop_next_post = 2
    runner, _result = run_jobs(array, [1, 2, 3], max_in_flight=64)
    assert array.posts == [1, 2, 3]
    adopted = [job for job in runner.jobs() if job["copysession_id"] == 2][0]
    assert "connection reset" in adopted["recovered_after"]
    assert adopted["status"] == "Success" and adopted["deleted"]
    assert runner.failures() == []


def test_a_dropped_connection_without_a_job_or_effect_is_a_failure_not_a_resend():
    array = FakeArray(suspended(2))
    array.drop_next_post = 1
    original_post = array.post

    def post_then_lose_the_job(path, json=None, *, retry=RETRY_BUSY):
        try:
            return original_post(path, json, retry=retry)
        except errors.ConnectionFailed:
            array.jobs.clear()
            raise

    array.post = post_then_lose_the_job
    runner, _result = run_jobs(array, [1, 2], max_in_flight=64)
    assert array.posts == [1, 2]
    failures = runner.failures()
    assert [f["copysession_id"] for f in failures] == [1]
    assert "Nothing was resent" in failures[0]["message"]


def test_a_refused_user_stops_after_the_first_request():
    array = FakeArray(suspended(5))
    array.refuse_with = errors.Forbidden("POST .../reverse failed with HTTP 403 (error_code 0003): Tenant users may not reverse.",
                                         status=403, error_code="0003")
    runner, result = run_jobs(array, [1, 2, 3, 4, 5], max_in_flight=64)
    assert array.posts == [1]
    failures = runner.failures()
    assert [f["copysession_id"] for f in failures] == [1, 2, 3, 4, 5]
    assert failures[0]["http_status"] == 403
    assert "not sent" in failures[1]["message"]
    assert runner.accepted() == [] and runner.jobs() == [] and result.polls == 0


def test_a_failed_job_is_reported_with_the_array_error_and_still_deleted():
    array = FakeArray(suspended(3))
    array.fail_next[2] = {"error_code": "0199", "message": "Simulated failure."}
    runner, _result = run_jobs(array, [1, 2, 3], max_in_flight=64)
    assert runner.failures() == [{"copysession_id": 2, "error_code": "0199", "message": "Simulated failure.", "job_id": 8192002}]
    assert array.jobs == {}
    assert runner.to_confirm() == [1, 3]


def test_the_timeout_reports_progress_and_uncopied_data_of_every_pending_session():
    array = FakeArray(suspended(2), copy_reads=10**6)
    with pytest.raises(errors.WaitTimeout) as caught:
        run_jobs(array, [1, 2], max_in_flight=64, timeout=20, reached=lambda s: (s or {}).get("phase") == "Equivalent")
    pending = caught.value.last_state["sessions_pending"]
    assert [p["copysession_id"] for p in pending] == [1, 2]
    assert {p["progress"] for p in pending} == {50} and {p["uncopied_data_size"] for p in pending} == {512}
    assert caught.value.last_state["jobs_in_flight"] == []
    assert caught.value.details["changed"] is True
    assert [job["copysession_id"] for job in caught.value.details["jobs"]] == [1, 2]


def test_max_in_flight_must_be_positive():
    with pytest.raises(ValueError):
        session_jobs.SessionJobs(FakeArray([]), operations.RESUME_PATH, [1], applied=bool, reached=bool, max_in_flight=0)


# -- the module runs -----------------------------------------------------------------


def test_resume_check_mode_sends_nothing_and_plans_the_after_state():
    array = FakeArray(suspended(2) + [rec_session(3)])
    result = operations.RESUME(fake_module(check_mode=True, session_ids=[1, 2, 3], wait_for="equivalent"), array)
    assert array.posts == [] and result["jobs"] == []
    assert result["changed"] and result["resumed"] == [1, 2] and result["already_active"] == [3]
    assert result["diff"]["after"]["1"] == {"status": "Active", "phase": "Equivalent"}


def test_resume_waits_for_equivalence_also_of_active_sessions_still_copying():
    array = FakeArray(suspended(1) + [rec_session(2, phase="Copying", progress=10, uncopied_data_size=900)], copy_reads=2)
    array.copy_left[2] = 2
    result = operations.RESUME(fake_module(session_ids=[1, 2], wait_for="equivalent"), array)
    assert array.posts == [1]
    assert result["resumed"] == [1] and result["already_active"] == [2]
    assert [(s["phase"], s["progress"]) for s in result["sessions"]] == [("Equivalent", 100), ("Equivalent", 100)]
    assert "resumed and equivalent 1 session(s) on array BOXID-A: 1 (here -> peer " in result["msg"]


def test_resume_refuses_equivalence_for_stack_before_any_request():
    array = FakeArray(suspended(1) + suspended(2, transfer_mode="Stack")[1:])
    with pytest.raises(errors.InvalidInput, match=r"session\(s\) 2: transfer mode Stack does not reach Equivalent"):
        operations.RESUME(fake_module(session_ids=[1, 2], wait_for="equivalent"), array)
    assert array.posts == []
    started = operations.RESUME(fake_module(session_ids=[1, 2], wait_for="equivalent", wait=False), array)
    assert started["resumed"] == [1, 2] and started["polls"] == 0 and array.posts == [1, 2]


def test_resume_rerun_is_unchanged_and_sends_nothing():
    array = FakeArray([rec_session(1), rec_session(2)])
    result = operations.RESUME(fake_module(session_ids=[1, 2]), array)
    assert not result["changed"] and result["already_active"] == [1, 2] and array.posts == []
    assert result["msg"] == "nothing resumed on array BOXID-A: already active: 1, 2"


def test_resume_partial_failure_fails_with_each_session_named():
    array = FakeArray(suspended(3))
    array.fail_next[2] = {"error_code": "0199", "message": "Simulated failure."}
    with pytest.raises(errors.JobFailed) as caught:
        operations.RESUME(fake_module(session_ids=[1, 2, 3]), array)
    details = caught.value.details
    assert "session 2: Simulated failure. (error_code 0199)" in caught.value.message
    assert details["resumed"] == [1, 3]
    assert details["failed_sessions"][0]["status"] == "Suspend"


def test_reverse_to_remote_and_403_for_a_tenant_user():
    array = FakeArray(suspended(2) + [rec_session(3, is_local_source_volume=False)])
    result = operations.REVERSE(fake_module(session_ids=[1, 2, 3], copy_source="remote"), array)
    assert result["reversed"] == [1, 2] and result["already_in_direction"] == [3]
    assert [s["is_local_source_volume"] for s in result["sessions"]] == [False, False, False]
    assert result["diff"]["after"]["1"]["is_local_source_volume"] is False

    tenant_array = FakeArray(suspended(2))
    tenant_array.refuse_with = errors.Forbidden("POST /copysession/1/reverse failed with HTTP 403", status=403, error_code="0003")
    with pytest.raises(errors.JobFailed) as caught:
        operations.REVERSE(fake_module(session_ids=[1, 2], copy_source="remote"), tenant_array)
    assert "tenant users never may" in caught.value.message
    assert caught.value.details["changed"] is False
    assert tenant_array.posts == [1]


def test_reverse_of_an_active_session_is_refused_before_any_request():
    array = FakeArray([rec_session(4)])
    with pytest.raises(errors.InvalidInput, match="only suspended sessions can be reversed") as caught:
        operations.REVERSE(fake_module(session_ids=[4], copy_source="remote"), array)
    assert caught.value.details["ineligible_sessions"][0]["copysession_id"] == 4
    assert array.posts == []
