# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Output stays bounded on a large array: a one-line msg with counts and id ranges, refusals and failures that describe
a handful of sessions and point to the result key with the rest, compact session records unless all fields are asked
for; and an unknown id is an error whatever on_ineligible says.

Its own simulator: 2,000 REC pairs site-a -> site-b (ids 1..2000 on site-a, 3001..5000 on site-b), which the module
reads in two pages of the array's 1,000.
"""

from __future__ import annotations

import json
from typing import Iterator

import pytest

from conftest import FAST_SETTINGS, worker_index
from simulator_control import BULK_SCENARIO, Simulator, load_scenario, port_offset, running_simulator, state_dir, write_scenario

PAIRS = 2000
IDS = list(range(1, PAIRS + 1))
# A msg is a line a person reads at 3 a.m. and AWX stores in every job event: a few hundred characters at most.
MSG_LIMIT = 400
# A refusal or failure describes five sessions with their reasons (a few hundred characters each), then points to the
# result key: the bound does not grow with the number of sessions.
DESCRIBED_LIMIT = 2500
COMPACT = {"copysession_id", "status", "phase", "transfer_mode", "source_volume_name", "destination_volume_name",
           "is_local_source_volume", "remote_boxid", "remote_copysession_id", "error_code", "concurrent_suspend_result",
           "uncopied_data_size", "tracking_data_size", "progress"}


@pytest.fixture(scope="module")
def large() -> Iterator[Simulator]:
    index = worker_index()
    state = state_dir("output-bounds-gw%d" % index)
    scenario = load_scenario(BULK_SCENARIO)
    scenario["generate"][0].update(count=PAIRS, first_id_destination=3001)
    with running_simulator(state, write_scenario(scenario, state / "scenario.yml"), port_offset(460 + 10 * index)) as sim:
        yield sim


@pytest.fixture
def sim(large: Simulator) -> Iterator[Simulator]:
    large.reset(**FAST_SETTINGS)
    yield large
    assert large.open_sessions("site-a") == 0, "a login was left open"


def boxid(sim: Simulator, array: str) -> str:
    return sim.info["arrays"][array]["boxid"]


def test_a_suspend_of_two_thousand_sessions_is_one_short_line_with_compact_records(sim, tmp_path):
    expected = "suspend 2,000 session(s) on array %s: 1-2000 (here -> peer %s)" % (boxid(sim, "site-a"), boxid(sim, "site-b"))

    planned = sim.run_module("rec_session_suspend", {"session_ids": IDS}, tmp_path, check_mode=True)
    assert planned["msg"] == "would " + expected
    assert sim.state_changing_requests() == []
    # Two pages of the array's list, whichever way the ids were read.
    assert sim.counters()["requests"]["GET /api/v1/copysession"] >= 2

    done = sim.run_module("rec_session_suspend", {"session_ids": IDS}, tmp_path)
    assert done["msg"] == expected.replace("suspend", "suspended", 1), done["msg"]
    assert len(done["msg"]) < MSG_LIMIT
    assert done["suspended"] == IDS
    assert len(done["sessions"]) == PAIRS
    assert {key for session in done["sessions"] for key in session} == COMPACT
    assert {session["status"] for session in done["sessions"]} == {"Suspend"}

    again = sim.run_module("rec_session_suspend", {"session_ids": IDS}, tmp_path)
    assert not again["changed"]
    assert again["msg"] == "nothing suspended on array %s: already suspended: 1-2000" % boxid(sim, "site-a")


def test_every_field_only_when_asked_for(sim, tmp_path):
    compact = sim.run_module("rec_session_info", {"session_ids": IDS[:100]}, tmp_path)
    full = sim.run_module("rec_session_info", {"session_ids": IDS[:100], "session_fields": "all"}, tmp_path)
    chosen = sim.run_module("rec_session_info", {"session_ids": IDS[:100], "session_fields": ["compact", "split_mode"]}, tmp_path)

    assert {key for session in compact["sessions"] for key in session} == COMPACT
    full_keys = {key for session in full["sessions"] for key in session}
    assert COMPACT < full_keys and {"type", "copysession_href", "split_mode", "recovery_mode", "error_ocurrence_time"} <= full_keys
    assert {key for session in chosen["sessions"] for key in session} == COMPACT | {"split_mode"}
    # The compact records carry well under the array's full records.
    assert len(json.dumps(compact["sessions"])) < 0.6 * len(json.dumps(full["sessions"]))


def test_a_refusal_of_two_thousand_sessions_describes_five_and_points_to_the_rest(sim, tmp_path):
    halted = sim.admin("site-a", "POST", "/copy_path_loss", {"remote_boxid": boxid(sim, "site-b")})["halted"]
    assert halted == IDS

    refused = sim.run_module("rec_session_suspend", {"session_ids": IDS}, tmp_path)

    assert refused["failed"] and not refused.get("changed")
    assert refused["msg"].startswith("nothing was changed on array %s: 2,000 selected session(s) cannot be suspended (session 1 "
                                     % boxid(sim, "site-a")), refused["msg"][:300]
    assert "and 1,995 more (see ineligible_sessions)" in refused["msg"]
    assert refused["msg"].count("copy_path_recovery") == 5
    assert len(refused["msg"]) < DESCRIBED_LIMIT, len(refused["msg"])
    assert len(refused["ineligible_sessions"]) == PAIRS
    assert sim.state_changing_requests() == []


def test_a_failure_over_many_sessions_names_five_and_points_to_failed_sessions(sim, tmp_path):
    failing = list(range(101, 113))
    for session_id in failing:
        sim.admin("site-a", "POST", "/copysession/%d/fail_in_job" % session_id, {"error_code": "0199", "message": "injected"})

    result = sim.run_module("rec_session_suspend", {"session_ids": IDS}, tmp_path)

    assert result["failed"] and result["changed"]
    assert [entry["copysession_id"] for entry in result["failed_sessions"]] == failing
    assert "suspend failed on array %s for session(s) 101-112: session 101: injected (error_code 0199); " % boxid(sim, "site-a") \
        in result["msg"], result["msg"]
    assert "and 7 more (see failed_sessions)" in result["msg"]
    assert result["msg"].count("injected") == 5
    assert result["msg"].endswith("suspended: 1-100, 113-2000")
    assert len(result["msg"]) < DESCRIBED_LIMIT, len(result["msg"])


@pytest.mark.parametrize("module, args", [
    ("rec_session_suspend", {}),
    ("rec_session_resume", {}),
    ("rec_session_reverse", {"copy_source": "remote"}),
])
@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_unknown_ids_are_an_error_whatever_on_ineligible_says(sim, tmp_path, module, args, check_mode):
    # Session 3001 is site-b's id of pair 1 (a typo of a kind: the peer's id); 9990-9999 do not exist anywhere.
    unknown = [3001] + list(range(9990, 10000))

    result = sim.run_module(module, dict(args, session_ids=IDS[:50] + unknown, on_ineligible="skip"), tmp_path, check_mode=check_mode)

    assert result["failed"] and not result.get("changed")
    assert result["msg"].startswith("nothing was changed on array %s: unknown copy session id(s) 3001, 9990-9999: not found "
                                    "on the array (or not visible to this user)" % boxid(sim, "site-a")), result["msg"]
    assert "whatever on_ineligible says" in result["msg"]
    assert result["unknown_session_ids"] == unknown
    assert sim.state_changing_requests() == []
