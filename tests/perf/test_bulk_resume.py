# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""1,000 resumes, one job each, against an array that registers few jobs: the job limit must not fail the run."""

from __future__ import annotations

import pytest

from simulator_control import BULK_SCENARIO, port_offset, running_simulator, state_dir

SESSIONS = list(range(1, 1001))
# Far below the bound on jobs in flight, so the array answers 503 "too many jobs" again and again.
MAX_JOBS = 40


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir("bulk-resume"), BULK_SCENARIO, port_offset(650)) as sim:
        yield sim


def test_resuming_1000_sessions_waits_out_the_job_limit(simulator):
    simulator.reset(job_queued_seconds=0.05, job_running_seconds=0.05, suspend_finish_seconds=0.2)
    suspended = simulator.run_module("rec_session_suspend", {"session_ids": SESSIONS})
    assert suspended.get("failed") is not True, suspended.get("msg")
    simulator.admin("site-a", "PUT", "/settings", {"max_jobs": MAX_JOBS})
    simulator.admin("site-a", "DELETE", "/counters")

    resumed = simulator.run_module("rec_session_resume", {"session_ids": SESSIONS, "wait_timeout": 900}, timeout=960)

    assert resumed.get("failed") is not True, resumed.get("msg")
    assert resumed["resumed"] == SESSIONS
    counters = simulator.admin("site-a", "GET", "/counters")
    requests = counters["requests"]
    busy = [entry for entry in counters["log"] if entry["status"] == 503]
    assert busy, "the array never ran out of job slots, so the limit was not exercised"
    accepted = [entry for entry in counters["log"] if entry["template"] == "/api/v1/copysession/{copysession_id}/resume"
                and entry["status"] == 202]
    assert sorted(int(entry["path"].split("/")[-2]) for entry in accepted) == SESSIONS
    # every job the run created is deleted, so it leaves the array's job table as it found it
    assert requests["DELETE /api/v1/job/{job_id}"] == 1000
    assert counters["open_sessions"] == 0
    states = {s["copysession_id"]: s["status"] for s in simulator.admin("site-a", "GET", "/sessions")}
    assert {states[i] for i in SESSIONS} == {"Active"}
