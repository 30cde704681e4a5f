# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failback role's filters: what they hand on, their defaults, and bad input failing with the filter's name."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.filter import rec_failback as filters

HOME = "00ETERNUSDXM##ET503S20A####DC1000001####"


def info_result(*sessions):
    return {"changed": False, "count": len(sessions), "sessions": list(sessions)}


def session(session_id, status, phase, local):
    return {"copysession_id": session_id, "remote_copysession_id": 100 + session_id, "type": "REC", "status": status,
            "phase": phase, "transfer_mode": "Synchronous", "remote_boxid": HOME, "is_local_source_volume": local,
            "source_volume_name": "db_%02d" % session_id, "destination_volume_name": "db_%02d" % session_id,
            "uncopied_data_size": 0, "progress": 100, "error_code": "", "concurrent_suspend_result": None}


def test_the_plan_view_and_report_of_a_failback_chain():
    before = info_result(session(1, "Suspend", "Equivalent", False), session(2, "Suspend", "Equivalent", True))

    plan = filters.rec_failback_plan(before, "failback", HOME)
    view = filters.rec_failback_view(plan, "failback", host="site-b")
    report = filters.rec_failback_report(plan, "failback", after_sessions=[session(1, "Active", "Equivalent", True)])

    assert [row["action"] for row in plan] == ["reverse+resume", "resume"]
    assert view["plan"][0] == "REC failback plan for site-b: the copy source becomes this array (local)"
    assert (view["to_reverse"], view["to_resume"]) == ([1], [1, 2])
    assert [row["after"]["status"] for row in report["sessions"]] == ["Active", "unknown"]


def test_a_switch_back_refusal_is_confirmed_on_request():
    before = info_result(session(1, "Suspend", "Equivalent", False))

    assert filters.rec_failback_plan(before, "switch_back", HOME)[0]["action"] == "refused"
    assert filters.rec_failback_plan(before, "switch_back", HOME, confirm_switch_back_reversed=True)[0]["action"] == "resume"


def test_the_progress_names_the_array_it_is_given_or_a_default():
    after = info_result(session(1, "Active", "Equivalent", True))

    assert filters.rec_failback_progress(after, "failback", host="site-b")["verified"].startswith("1 session(s) of site-b are")
    assert "after the switch_back of the array:" in filters.rec_failback_progress(after, "switch_back")["offenders"][0]


@pytest.mark.parametrize("call, message", [
    (lambda: filters.rec_failback_plan({"sessions": []}, "failover", HOME), "rec_failback_plan: phase must be one of failback, switch_back"),
    (lambda: filters.rec_failback_plan({"changed": False}, "failback", HOME), "rec_failback_plan: the input must be a rec_session_info result"),
    (lambda: filters.rec_failback_report({"sessions": []}, "failback"), "rec_failback_report: the input must be the plan of rec_failback_plan"),
    (lambda: filters.rec_failback_view([{"copysession_id": 1}], "failback"), "rec_failback_view: the input must be the plan"),
    (lambda: filters.rec_failback_view([], "both"), "rec_failback_view: phase must be one of failback, switch_back"),
    (lambda: filters.rec_failback_progress(None, "failback"), "rec_failback_progress: the input must be a rec_session_info result"),
])
def test_bad_input_fails_the_filter_with_its_name(call, message):
    with pytest.raises(AnsibleFilterError, match=message):
        call()


def test_the_filters_are_registered_under_their_documented_names():
    assert sorted(filters.FilterModule().filters()) == ["rec_failback_plan", "rec_failback_progress", "rec_failback_report",
                                                        "rec_failback_view"]
