# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Design properties of the request pattern, asserted on the simulator's counters (no timing of our own code)."""

from __future__ import annotations

import pytest

from simulator_control import BULK_SCENARIO, Simulator, port_offset, running_simulator, state_dir

from .perf_playbooks import run_perf_playbook

POLL = "GET /api/v1/copysession"
JOB_POLL = "GET /api/v1/job/{job_id}"
# Issue 15: every module run reads the array's identity once after login (check mode too), and a suspend deletes each
# of its jobs once it has ended, as resume and reverse do: one request each, whatever the number of sessions.
IDENTITY = "GET /api/v1/storagesystem"
JOB_DELETE = "DELETE /api/v1/job/{job_id}"


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir("request-counts"), BULK_SCENARIO, port_offset(600)) as sim:
        yield sim


@pytest.fixture
def fresh(simulator):
    simulator.reset()
    simulator.admin("site-a", "DELETE", "/counters")
    return simulator


def suspend_counts(sim: Simulator, n: int) -> tuple[dict, dict, dict]:
    sim.reset()
    sim.admin("site-a", "DELETE", "/counters")
    result = sim.run_module("rec_session_suspend", {"session_ids": list(range(1, n + 1))})
    assert result.get("failed") is not True, result.get("msg")
    assert result["suspended"] == list(range(1, n + 1))
    counters = sim.admin("site-a", "GET", "/counters")
    return result, counters["requests"], counters


# 512 ids at most go in one request or query (the manual's limit of an array parameter): up to there the requests
# do not grow with the selection, beyond it by one suspend and one read per poll for each further 512 sessions.
@pytest.mark.parametrize("n", [1, 10, 100, 512])
def test_requests_of_a_session_ids_suspend_do_not_grow_with_the_selection(fresh, n):
    result, requests, counters = suspend_counts(fresh, n)
    polls = requests.get(POLL, 0) - 1 + requests.get(JOB_POLL, 0)
    assert requests["POST /api/v1/session"] == 1
    assert requests["DELETE /api/v1/session/{session_id}"] == 1
    assert requests["POST /api/v1/copysession/suspend"] == 1
    assert requests[IDENTITY] == 1 and requests[JOB_DELETE] == 1
    assert result["jobs"][0]["deleted"] is True
    # one read before acting, then polls; a poll costs one request, two when it also reads the job (until it has ended)
    assert result["polls"] <= polls <= 2 * result["polls"]
    assert counters["logins"] == 1 and counters["open_sessions"] == 0
    # login, identity, the read before acting, the suspend, the job's delete, logout: 6 besides the polls (4 before issue 15)
    assert sum(requests.values()) == 6 + polls


@pytest.mark.parametrize("n, groups", [(513, 2), (1000, 2)])
def test_beyond_512_sessions_the_requests_grow_by_groups_of_512(fresh, n, groups):
    result, requests, counters = suspend_counts(fresh, n)
    assert requests["POST /api/v1/session"] == 1 and requests["DELETE /api/v1/session/{session_id}"] == 1
    assert requests["POST /api/v1/copysession/suspend"] == groups
    assert requests[IDENTITY] == 1 and requests[JOB_DELETE] == groups
    # the read before acting and each poll read the pending sessions in groups of at most 512
    assert groups * (1 + result["polls"]) >= requests[POLL] >= groups + result["polls"]
    bodies = [entry["body"] for entry in counters["log"] if entry["template"] == "/api/v1/copysession/suspend"]
    assert sorted(i for body in bodies for i in body["copysession_id_list"]) == list(range(1, n + 1))
    assert all(len(body["copysession_id_list"]) <= 512 for body in bodies)
    assert counters["logins"] == 1 and counters["open_sessions"] == 0


def test_the_request_count_is_the_same_for_1_and_512_sessions(fresh):
    small = suspend_counts(fresh, 1)[1]
    large = suspend_counts(fresh, 512)[1]
    fixed = {k: v for k, v in small.items() if k not in (POLL, JOB_POLL)}
    assert fixed == {k: v for k, v in large.items() if k not in (POLL, JOB_POLL)}
    # the waits are the array's, not the selection's: polls stay within one of each other
    assert abs((small.get(POLL, 0) + small.get(JOB_POLL, 0)) - (large.get(POLL, 0) + large.get(JOB_POLL, 0))) <= 1


@pytest.mark.parametrize("page_size, pages", [(1000, 1), (250, 4), (100, 10)])
def test_a_filter_selection_grows_only_by_pages(fresh, page_size, pages):
    fresh.admin("site-a", "PUT", "/settings", {"page_size": page_size})
    result = fresh.run_module("rec_session_info", {"source_volume_name": "bulk_*"})
    assert result["count"] == 1000
    requests = fresh.admin("site-a", "GET", "/counters")["requests"]
    assert requests == {"POST /api/v1/session": 1, IDENTITY: 1, "GET /api/v1/copysession": pages, "DELETE /api/v1/session/{session_id}": 1}


def test_the_first_poll_comes_within_half_a_second_of_the_suspend(fresh):
    fresh.run_module("rec_session_suspend", {"session_ids": [1, 2, 3]})
    log = fresh.admin("site-a", "GET", "/counters")["log"]
    post = next(entry for entry in log if entry["template"] == "/api/v1/copysession/suspend")
    first_poll = next(entry for entry in log if entry["received"] > post["received"] and entry["method"] == "GET")
    assert first_poll["received"] - post["received"] <= 0.5


def test_one_login_serves_a_long_wait(fresh):
    fresh.admin("site-a", "PUT", "/settings", {"suspend_finish_seconds": 6})
    result = fresh.run_module("rec_session_suspend", {"session_ids": [1, 2], "poll_interval": 0.2})
    counters = fresh.admin("site-a", "GET", "/counters")
    assert result["polls"] >= 4
    assert counters["logins"] == 1 and counters["logouts"] == 1 and counters["open_sessions"] == 0


def test_polls_back_off_to_the_cap_and_the_last_one_comes_at_the_deadline(fresh):
    # The job outlasts the wait: every poll the module makes is in the log, spaced by its own delays.
    fresh.admin("site-a", "PUT", "/settings", {"job_running_seconds": 60})
    result = fresh.run_module("rec_session_suspend", {"session_ids": [1, 2], "poll_interval": 1.0, "wait_timeout": 15})
    assert result.get("failed") is True and "timed out" in result["msg"]
    log = fresh.admin("site-a", "GET", "/counters")["log"]
    post = next(entry["received"] for entry in log if entry["template"] == "/api/v1/copysession/suspend")
    polls = [entry["received"] for entry in log if entry["method"] == "GET" and entry["template"] == "/api/v1/job/{job_id}"]
    gaps = [later - earlier for earlier, later in zip([post] + polls, polls)]
    # 1, 1.5, 2.25, 3.4, 5 (the cap), then only what was left of the 15 seconds
    assert len(polls) == 6, gaps
    assert all(later > earlier for earlier, later in zip(gaps[:4], gaps[1:5])), gaps
    assert 4.8 <= gaps[4] <= 6.0, gaps
    assert gaps[5] < gaps[4] - 2, gaps
    assert 14.8 <= polls[-1] - post <= 16.0, gaps
    assert result["last_state"]["jobs"][0]["status"] == "Running"


# Issue 15: the role shows its plan before it changes anything, from a check-mode run of the module (login, the
# identity, one read of up to 512 sessions, logout), then runs the suspend: two logins, 4 requests more than one run.
PREFLIGHT_REQUESTS = 4


def role_counts(sim: Simulator, n: int, tmp_path) -> dict:
    sim.reset()
    sim.admin("site-a", "DELETE", "/counters")
    completed = run_perf_playbook(sim, "role", list(range(1, n + 1)), tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:]
    counters = sim.admin("site-a", "GET", "/counters")
    assert counters["logins"] == 2 and counters["open_sessions"] == 0
    return counters["requests"]


def test_the_rec_failover_role_makes_the_requests_of_its_plan_and_one_module_run(fresh, tmp_path):
    small = role_counts(fresh, 1, tmp_path)
    large = role_counts(fresh, 512, tmp_path)
    for requests in (small, large):
        assert requests["POST /api/v1/session"] == 2
        assert requests["DELETE /api/v1/session/{session_id}"] == 2
        assert requests["POST /api/v1/copysession/suspend"] == 1
    fixed = {k: v for k, v in small.items() if k not in (POLL, JOB_POLL)}
    assert fixed == {k: v for k, v in large.items() if k not in (POLL, JOB_POLL)}
    # the preflight's read, one read before acting and the polls of the wait; nothing read again afterwards
    module_requests = suspend_counts(fresh, 512)[1]
    assert sum(large.values()) <= sum(module_requests.values()) + PREFLIGHT_REQUESTS + 1
