# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The fault matrix: what the user sees, what the array ends up in, and which requests were sent."""

from __future__ import annotations

import json
import signal
import threading
import time
from typing import Any, Callable

import pytest

SUSPEND = "rec_session_suspend"
JOB_READ = "/api/v1/job/{job_id}"
SESSION_LIST = "/api/v1/copysession"
SUSPEND_POST = "/api/v1/copysession/suspend"
FIRST_JOB = 8192001


class Background:
    """Runs action() on a thread once condition() holds, so a fault lands at a known point of a module run."""

    def __init__(self, sim: Any, condition: Callable[[], Any], action: Callable[[], Any], what: str) -> None:
        self.error: BaseException | None = None
        self.value: Any = None

        def body() -> None:
            try:
                sim.wait_until(condition, what)
                self.value = action()
            except BaseException as exc:  # pylint: disable=broad-exception-caught
                self.error = exc

        self.thread = threading.Thread(target=body, daemon=True)
        self.thread.start()

    def join(self) -> Any:
        self.thread.join(timeout=30)
        if self.error is not None:
            raise self.error
        return self.value


def assert_no_force(sim: Any) -> None:
    forced = [post["body"] for post in sim.suspend_posts() if (post["body"] or {}).get("force")]
    assert not forced, "forced suspends nobody asked for: %s" % forced


def accepted_suspends(sim: Any) -> list[dict[str, Any]]:
    """Suspend requests the array answered with 202 (a job)."""
    return [post for post in sim.suspend_posts() if post["status"] == 202]


def test_busy_bursts_are_retried_then_succeed(sim, tmp_path):
    sim.add_fault("busy", method="GET", path=SESSION_LIST, count=3)
    sim.add_fault("busy", method="POST", path=SUSPEND_POST, count=2)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert result["changed"] and result["suspended"] == [1, 2]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    posts = sim.suspend_posts()
    assert [p["status"] for p in posts] == [503, 503, 202]
    assert all(p["body"]["copysession_id_list"] == [1, 2] for p in posts)
    assert sim.requests_to(SESSION_LIST, method="GET") >= 4
    assert_no_force(sim)


def test_persistent_busy_fails_after_bounded_retries_and_applies_nothing(sim, tmp_path):
    sim.add_fault("busy", method="POST", path=SUSPEND_POST, count=100)

    started = time.monotonic()
    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert result["failed"]
    assert "HTTP 503" in result["msg"] and "gave up after 6 attempts" in result["msg"]
    assert "1, 2" in result["msg"] and "nothing was suspended" in result["msg"]
    assert time.monotonic() - started < 40
    posts = sim.suspend_posts()
    assert len(posts) == 6 and {p["status"] for p in posts} == {503}
    assert accepted_suspends(sim) == []
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}
    assert sim.requests_to(JOB_READ) == 0


def test_dropped_read_is_retried(sim, tmp_path):
    sim.add_fault("drop", method="GET", path=SESSION_LIST, count=2)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert result["suspended"] == [1, 2]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    dropped = [e for e in sim.counters()["log"] if e["dropped"]]
    assert len(dropped) == 2 and all(e["template"] == SESSION_LIST for e in dropped)
    assert len(sim.suspend_posts()) == 1


def test_suspend_dropped_after_the_array_applied_it_is_adopted_not_resent(sim, tmp_path):
    sim.add_fault("drop", method="POST", path=SUSPEND_POST, when="after")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert result["changed"] and result["suspended"] == [1, 2]
    assert result["jobs"][0]["job_id"] == FIRST_JOB and "recovered_after" in result["jobs"][0]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    posts = sim.suspend_posts()
    assert len(posts) == 1 and posts[0]["dropped"]
    assert sim.requests_to("/api/v1/job", method="GET") == 1
    assert_no_force(sim)


def test_suspend_dropped_before_the_array_saw_it_is_not_resent_and_a_rerun_finishes(sim, tmp_path):
    sim.add_fault("drop", method="POST", path=SUSPEND_POST, when="before")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert result["failed"]
    assert "Nothing was resent" in result["msg"] and "1, 2" in result["msg"]
    assert len(sim.suspend_posts()) == 1
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}

    rerun = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not rerun.get("failed"), rerun["msg"]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    assert [(p["dropped"], p["status"]) for p in sim.suspend_posts()] == [(True, None), (False, 202)]


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_dropped_logout_is_repeated_so_no_login_session_stays_open(sim, tmp_path, when):
    sim.add_fault("drop", method="DELETE", path="/api/v1/session/{session_id}", when=when)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    assert sim.requests_to("/api/v1/session/{session_id}", method="DELETE") == 2
    assert sim.open_sessions() == 0


def test_token_expiry_during_a_long_wait_logs_in_once_more_and_the_wait_continues(sim, tmp_path):
    sim.settings(suspend_finish_seconds=2.5)
    # Once the sessions were read a second time (the first read plans) the module is in its wait; from then on its token is dead.
    expiry = Background(sim, lambda: sim.requests_to(SESSION_LIST) >= 2, lambda: sim.admin("site-a", "POST", "/expire_tokens"),
                        "the module polls its sessions")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)

    assert expiry.join() == {"expired": 1}
    assert not result.get("failed"), result["msg"]
    assert result["suspended"] == [1, 2] and result["polls"] >= 2
    counters = sim.counters()
    assert counters["logins"] == 2
    assert [e["status"] for e in counters["log"] if e["status"] == 401] == [401]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    assert len(sim.suspend_posts()) == 1


def test_reads_failing_during_the_wait_say_the_suspend_was_accepted_and_a_rerun_converges(sim, tmp_path):
    # From the suspend on, every read of the sessions and of the job breaks off.
    def break_reads() -> None:
        for path in (SESSION_LIST, JOB_READ):
            sim.add_fault("drop", method="GET", path=path, count=100)

    breaks = Background(sim, sim.suspend_posts, break_reads, "the module sends its suspend")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)
    breaks.join()

    assert result["failed"] and result["changed"]
    assert "cannot reach 127.0.0.1" in result["msg"]
    assert "The array had accepted the suspend (session(s) 1, 2 in job %d)" % FIRST_JOB in result["msg"]
    assert "run the task again" in result["msg"]
    # the plan's read, then the first poll's read and its five retries
    assert sim.requests_to(SESSION_LIST) == 1 + 6
    sim.admin("site-a", "DELETE", "/faults")
    sim.wait_until(lambda: sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}, "the array finishes the suspend")

    rerun = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not rerun.get("failed") and not rerun["changed"] and rerun["already_suspended"] == [1, 2]
    assert len(sim.suspend_posts()) == 1


def test_wait_timeout_reports_the_accepted_suspend_and_a_rerun_waits_without_resending(sim, tmp_path):
    sim.settings(suspend_finish_seconds=3)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "wait_timeout": 1}, tmp_path)

    assert result["failed"] and result["changed"]
    assert "timed out after" in result["msg"] and "wait_timeout=1" in result["msg"]
    assert "The array had accepted the suspend" in result["msg"]
    assert [p["copysession_id"] for p in result["last_state"]["sessions_pending"]] == [1, 2]

    rerun = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)

    assert not rerun.get("failed"), rerun["msg"]
    assert not rerun["changed"] and rerun["suspended"] == [1, 2] and rerun["jobs"] == []
    assert len(sim.suspend_posts()) == 1
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}


def test_job_error_fails_naming_each_session_and_code(sim, tmp_path):
    for session_id in (1, 2):
        sim.admin("site-a", "POST", "/copysession/%d/fail_in_job" % session_id, {"error_code": "0199", "message": "volume busy"})

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert result["failed"]
    assert "session 1: volume busy (error_code 0199)" in result["msg"]
    assert "session 2: volume busy (error_code 0199)" in result["msg"]
    assert "suspended: none" in result["msg"]
    assert result["jobs"][0]["status"] == "Error"
    assert [f["copysession_id"] for f in result["failed_sessions"]] == [1, 2]
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}
    assert len(sim.suspend_posts()) == 1


def test_partial_error_reports_both_sides_and_a_rerun_suspends_only_the_rest(sim, tmp_path):
    sim.admin("site-a", "POST", "/copysession/2/fail_in_job", {"error_code": "0199", "message": "volume busy"})

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert result["failed"]
    assert "session 2: volume busy (error_code 0199)" in result["msg"] and "suspended: 1" in result["msg"]
    assert result["jobs"][0]["status"] == "Partial_Error"
    assert result["suspended"] == [1]
    assert [f["copysession_id"] for f in result["failed_sessions"]] == [2]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Active"}

    rerun = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert not rerun.get("failed"), rerun["msg"]
    assert rerun["already_suspended"] == [1] and rerun["suspended"] == [2]
    assert [p["body"]["copysession_id_list"] for p in sim.suspend_posts()] == [[1, 2], [2]]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}


@pytest.mark.parametrize("purge_after", [JOB_READ, SUSPEND_POST], ids=["after-first-job-read", "before-first-job-read"])
def test_job_purged_while_waiting_is_reported_from_the_sessions(sim, tmp_path, purge_after):
    sim.settings(job_running_seconds=2)
    purge = Background(sim, lambda: sim.requests_to(purge_after) >= 1,
                       lambda: sim.admin("site-a", "POST", "/jobs/%d/purge" % FIRST_JOB), "the module reaches " + purge_after)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.5}, tmp_path)

    purge.join()
    first_job_read = [e["status"] for e in sim.counters()["log"] if e["template"] == JOB_READ][0]
    assert first_job_read == (200 if purge_after == JOB_READ else 404)
    # The job was deleted before it ran, so the sessions never changed: a failure that says so, not a bare 404.
    assert result["failed"]
    assert "HTTP 404" not in result["msg"]
    assert "job %d was purged" % FIRST_JOB in result["msg"]
    assert "session 1" in result["msg"] and "session 2" in result["msg"] and "status Active" in result["msg"]
    assert result["jobs"][0]["status"] == "Expired"
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}
    assert len(sim.suspend_posts()) == 1


def test_job_purged_after_success_while_sessions_finish_still_converges(sim, tmp_path):
    sim.settings(suspend_finish_seconds=2)
    purge = Background(sim, lambda: sim.requests_to(SESSION_LIST) >= 2,
                       lambda: sim.admin("site-a", "POST", "/jobs/%d/purge" % FIRST_JOB), "the module reads the finishing sessions")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)

    purge.join()
    assert not result.get("failed"), result["msg"]
    assert result["suspended"] == [1, 2]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}


def test_canceled_job_fails_saying_it_was_canceled(sim, tmp_path):
    sim.settings(job_running_seconds=2)
    cancel = Background(sim, lambda: sim.requests_to(JOB_READ) >= 1,
                        lambda: sim.admin("site-a", "POST", "/jobs/%d/cancel" % FIRST_JOB), "the module reads its job")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)

    assert cancel.join()["status"] == "Canceled"
    assert result["failed"]
    assert "job %d ended Canceled" % FIRST_JOB in result["msg"]
    assert result["jobs"][0]["status"] == "Canceled"
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}
    assert len(sim.suspend_posts()) == 1


def test_copy_path_lost_while_the_job_runs(sim, tmp_path):
    sim.settings(job_running_seconds=1)
    loss = Background(sim, lambda: sim.requests_to(JOB_READ) >= 1, lambda: sim.admin("site-a", "POST", "/copy_path_loss", {}),
                      "the module reads its job")

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)

    assert 1 in loss.join()["halted"]
    assert result["failed"]
    assert "error_code 0106" in result["msg"] and "suspended: none" in result["msg"]
    assert {f["status"] for f in result["failed_sessions"]} == {"Halt"}
    assert sim.statuses([1, 2]) == {1: "Halt", 2: "Halt"}
    assert len(sim.suspend_posts()) == 1
    assert_no_force(sim)


def test_copy_path_lost_while_the_suspend_finishes(sim, tmp_path):
    sim.settings(suspend_finish_seconds=3)
    loss = Background(sim, lambda: sim.requests_to(SESSION_LIST) >= 2, lambda: sim.admin("site-a", "POST", "/copy_path_loss", {}),
                      "the module reads the finishing sessions")

    started = time.monotonic()
    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2, "wait_timeout": 30}, tmp_path)

    assert 1 in loss.join()["halted"]
    assert result["failed"]
    assert "status Halt" in result["msg"]
    assert time.monotonic() - started < 10
    assert sim.statuses([1, 2]) == {1: "Halt", 2: "Halt"}
    assert len(sim.suspend_posts()) == 1
    assert_no_force(sim)


def test_a_session_turning_error_during_the_wait_ends_the_wait(sim, tmp_path):
    sim.settings(suspend_finish_seconds=3)
    broken = Background(sim, lambda: sim.requests_to(SESSION_LIST) >= 2,
                        lambda: sim.admin("site-a", "POST", "/copysession/2/state", {"status": "Error", "error_code": "0040"}),
                        "the module reads the finishing sessions")

    started = time.monotonic()
    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2, "wait_timeout": 30}, tmp_path)

    broken.join()
    assert result["failed"], result["msg"]
    # It stops on the Error instead of polling until wait_timeout.
    assert time.monotonic() - started < 15
    assert "timed out" not in result["msg"]
    assert "session 2" in result["msg"] and "status Error" in result["msg"] and "suspended: 1" in result["msg"]
    assert [f["copysession_id"] for f in result["failed_sessions"]] == [2]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Error"}


def test_slow_array_within_timeout_succeeds(sim, tmp_path):
    sim.add_fault("latency", method="GET", path=SESSION_LIST, count=2, seconds=0.6)

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "timeout": 1}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}


def test_slow_array_past_timeout_fails_naming_the_host(sim, tmp_path):
    # Six reads slower than timeout=1: the first attempt and every bounded retry time out.
    sim.add_fault("latency", method="GET", path=SESSION_LIST, count=6, seconds=1.5)

    started = time.monotonic()
    result = sim.run_module(SUSPEND, {"session_ids": [1, 2], "timeout": 1}, tmp_path)

    assert result["failed"]
    assert "no answer from 127.0.0.1 within 1 seconds" in result["msg"] and "timeout" in result["msg"]
    assert time.monotonic() - started < 40
    assert sim.suspend_posts() == []
    assert sim.statuses([1, 2]) == {1: "Active", 2: "Active"}


def test_two_runs_on_the_same_sessions_at_once_both_report_the_suspended_state(sim, tmp_path):
    sim.settings(suspend_finish_seconds=1)
    runs = [sim.start_module(SUSPEND, {"session_ids": [1, 2, 3]}, tmp_path) for _index in range(2)]
    results = [json.loads(run.communicate(timeout=60)[0]) for run in runs]

    for result in results:
        assert not result.get("failed"), result["msg"]
        assert sorted(result["suspended"] + result["already_suspended"]) == [1, 2, 3]
        assert result["forced"] == [] and result["data_loss"] == []
        assert {s["status"] for s in result["sessions"]} == {"Suspend"}
    assert sim.statuses([1, 2, 3]) == {1: "Suspend", 2: "Suspend", 3: "Suspend"}
    assert 1 <= len(accepted_suspends(sim)) <= 2
    assert_no_force(sim)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_run_stopped_in_its_wait_logs_out_and_a_rerun_converges_without_a_second_suspend(sim, tmp_path, stop_signal):
    sim.settings(suspend_finish_seconds=3)
    args = {"session_ids": [1, 2, 8], "force": True, "force_reason": "copy_path_recovery", "poll_interval": 0.2}
    first = sim.start_module(SUSPEND, args, tmp_path)
    sim.wait_until(lambda: sim.requests_to(SESSION_LIST) >= 2, "the first run waits for the finishing sessions")
    first.send_signal(stop_signal)
    stdout = first.communicate(timeout=30)[0]

    stopped = json.loads(stdout)
    assert stopped["failed"] and "interrupted" in stopped["msg"] and "run the task again" in stopped["msg"]
    assert sim.open_sessions() == 0

    rerun = sim.run_module(SUSPEND, args, tmp_path)

    assert not rerun.get("failed"), rerun["msg"]
    assert not rerun["changed"]
    assert rerun["suspended"] == [1, 2] and rerun["already_suspended"] == [8] and rerun["forced"] == []
    assert rerun["jobs"] == []
    bodies = [p["body"] for p in sim.suspend_posts()]
    assert bodies == [{"copysession_id_list": [1, 2]}, {"copysession_id_list": [8], "force": True}]
    assert sim.statuses([1, 2, 8]) == {1: "Suspend", 2: "Suspend", 8: "Suspend"}
