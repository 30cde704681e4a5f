# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_api_check.yml against the simulator: strictly read-only, and what it flags when an array speaks a
word the collection does not know."""

from __future__ import annotations

import pytest

from simulator_control import ROOT_USER, port_offset, run_collection_playbook, running_simulator, state_dir

ARRAYS = ["site-a", "site-b"]
READS_AND_LOGINS = {"POST /api/v1/session", "GET /api/v1/copysession", "GET /api/v1/job", "GET /api/v1/storagesystem",
                    "DELETE /api/v1/session/{session_id}"}


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir("api-check"), offset=port_offset(900)) as sim:
        yield sim


def check(sim, tmp_path):
    for array in ARRAYS:
        sim.admin(array, "DELETE", "/counters")
    run = run_collection_playbook(sim, "rec_api_check.yml", tmp_path, ("--limit", ",".join(ARRAYS)))
    assert run.returncode == 0, run.stdout + run.stderr
    for array in ARRAYS:
        counters = sim.counters(array)
        assert set(counters["requests"]) == READS_AND_LOGINS, (array, counters["requests"])
        assert counters["open_sessions"] == 0
    assert ROOT_USER[1] not in run.stdout + run.stderr
    return run.stdout


def test_the_check_only_reads_and_finds_everything_known_on_the_default_arrays(simulator, tmp_path):
    simulator.reset()
    output = check(simulator, tmp_path)
    assert output.count("Everything this array answered is known to the collection.") == len(ARRAYS)
    assert "NOT KNOWN" not in output and "send the" not in output


def test_an_unknown_word_is_flagged_with_what_to_send(simulator, tmp_path):
    simulator.reset()
    simulator.set_dialect({"arrays": {"site-b": {"status_words": {"Suspend": "Suspendiert"}}}})
    output = check(simulator, tmp_path)
    assert output.count("Everything this array answered is known to the collection.") == 1
    flagged = [line for line in output.splitlines() if "NOT KNOWN to the collection" in line]
    assert len(flagged) == 1 and "Suspendiert" in flagged[0]
    assert "send the" in output
