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

    plan = filters.rec_failback_plan(before, "failback", HOME, discard_home_changes=True)
    view = filters.rec_failback_view(plan, "failback", host="site-b")
    report = filters.rec_failback_report(plan, "failback", after_sessions=[session(1, "Active", "Equivalent", True)])

    assert [row["action"] for row in plan] == ["reverse+resume", "resume"]
    assert view["plan"][0] == "REC failback plan for site-b: the copy source becomes this array (local); nothing has been sent yet"
    assert (view["to_reverse"], view["to_resume"]) == ([1], [1, 2])
    assert [row["after"]["status"] for row in report["sessions"]] == ["Active", "unknown"]


def test_the_failover_report_and_the_home_read_decide_what_the_failback_may_resume():
    before = info_result(session(1, "Suspend", "Equivalent", False), session(2, "Suspend", "Equivalent", False))
    report = {"kind": "failover", "array": {"boxid": HOME}, "sessions": [
        {"copysession_id": 101, "outcome": "suspended"}, {"copysession_id": 102, "outcome": "already_suspended"}]}
    home = info_result(dict(session(101, "Suspend", "Equivalent", True), tracking_data_size=0, remote_boxid=None),
                       dict(session(102, "Suspend", "Equivalent", True), tracking_data_size=128, remote_boxid=None))

    plan = filters.rec_failback_plan(before, "failback", HOME, failover_reports=[report], home_sessions=home)

    assert [(row["action"], row["changes_home"]) for row in plan] == [("reverse+resume", 0), ("refused", 128)]
    assert [row["action"] for row in filters.rec_failback_plan(before, "failback", HOME)] == ["refused", "refused"]


def test_the_report_with_its_audit_envelope():
    plan = filters.rec_failback_plan(info_result(session(1, "Active", "Equivalent", True)), "failback", HOME)
    audit = {"started_at": "2026-12-01T10:00:00Z", "finished_at": "2026-12-01T10:01:00Z", "result": "succeeded", "check_mode": False,
             "host": "site-b", "array": {"url": "https://b:5665", "boxid": "B" * 40, "name": "site-b"}, "expected_peer_boxid": HOME,
             "run_by": {"user": "ops", "awx_job_id": "42", "awx_user_name": "", "tower_job_id": None, "tower_user_name": "admin"},
             "evidence": {"failover_reports": [], "home_read": False, "discard_home_changes": False}}

    report = filters.rec_failback_report(plan, "failback", after_sessions=[], audit=audit)

    assert {key: report[key] for key in ("schema", "kind", "mode", "result", "expected_peer_boxid", "run_by")} == {
        "schema": "fujitsu.eternus.rec_report", "kind": "failback", "mode": "failback", "result": "succeeded",
        "expected_peer_boxid": HOME, "run_by": {"user": "ops", "awx_job_id": 42, "awx_user_name": "admin"}}
    assert report["summary"]["already_in_direction"] == 1 and report["evidence"]["home_read"] is False
    assert "schema" not in filters.rec_failback_report(plan, "failback")


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
    (lambda: filters.rec_failback_report([], "failback", audit="x"), "rec_failback_report: audit must be a dict of the report's envelope"),
    (lambda: filters.rec_failback_plan({"sessions": []}, "failback", HOME, failover_reports="r.json"),
     "rec_failback_plan: failover_reports must be the JSON report"),
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
