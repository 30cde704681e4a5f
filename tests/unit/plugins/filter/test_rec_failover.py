# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The role's filters on real results of rec_session_suspend (main() against canned answers) and on bad input."""

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.filter import rec_failover as filters
from ansible_collections.fujitsu.eternus.plugins.module_utils import _client
from ansible_collections.fujitsu.eternus.plugins.modules import rec_session_suspend

from ...compat_module_args import patch_module_args
from ..module_utils.fakes import BOXID_A, FakeHTTP, FakeResponse, login_ok, logout_ok, storagesystem_ok

CONNECTION = {"host": "array-a.example", "username": "root", "password": "pw-unit", "validate_certs": False}
# The fields the role asks for (roles/rec_failover/tasks/main.yml, rec_failover_session_fields).
FIELDS = ["status", "phase", "transfer_mode", "source_volume_name", "destination_volume_name", "uncopied_data_size",
          "concurrent_suspend_result", "remote_boxid", "remote_copysession_id", "is_local_source_volume", "tracking_data_size"]
PEER = "00ETERNUSDXM##ET503S20A####UNITB0002####"


def array_session(session_id, status, phase, **extra):
    """A session as the array lists it, hrefs and counters included."""
    return dict({"copysession_id": session_id, "copysession_href": "/api/v1/copysession/%d" % session_id, "type": "REC",
                 "status": status, "phase": phase, "transfer_mode": "Synchronous", "source_volume_name": "db_%02d" % session_id,
                 "destination_volume_name": "db_%02d" % session_id, "uncopied_data_size": 0, "total_data_size": 4096,
                 "elapsed_time": 60, "remote_copysession_id": 100 + session_id, "concurrent_suspend_result": None,
                 "remote_boxid": PEER, "is_local_source_volume": True, "tracking_data_size": 0}, **extra)


def run_module(args, answers, monkeypatch, capsys):
    monkeypatch.setattr(_client.requests, "Session", lambda: FakeHTTP(*answers))
    with patch_module_args(dict(CONNECTION, **args)):
        with pytest.raises(SystemExit):
            rec_session_suspend.main()
    return json.loads(capsys.readouterr().out)


def test_a_check_mode_plan_with_session_fields_makes_the_rehearsal_report(monkeypatch, capsys):
    listed = [array_session(1, "Active", "Equivalent"), array_session(2, "Suspend", "Equivalent")]
    result = run_module({"session_ids": [1, 2], "session_fields": FIELDS, "_ansible_check_mode": True},
                        [login_ok(), storagesystem_ok(), FakeResponse(200, {"copysession_list": listed}), logout_ok()], monkeypatch, capsys)

    # Only the asked fields come back, and they are all the report needs.
    assert all(set(s) == {"copysession_id", *FIELDS} for s in result["sessions"])
    report = filters.rec_failover_report(result, "planned", rehearsal=True, peer_boxid=PEER)
    assert [(r["copysession_id"], r["before"]["status"], r["after"]["status"], r["action"], r["source_volume_name"])
            for r in report["sessions"]] == [(1, "Active", "Suspend", "suspend", "db_01"), (2, "Suspend", "Suspend", "none", "db_02")]
    assert [(r["remote_copysession_id"], r["remote_boxid"], r["direction"]) for r in report["sessions"]] == [
        (101, PEER, "source"), (102, PEER, "source")]
    assert report["changed"] is False and report["summary"]["suspended"] == 1
    view = filters.rec_failover_view(result, "planned", rehearsal=True, peer_boxid=PEER)
    assert view["summary"] == dict(report["summary"], offenders=0)
    assert view["identity"] == []
    assert view["report"][-1] == "2 session(s): 1 to suspend, 1 already suspended before; nothing forced"
    # The module names the array: the report's envelope takes it.
    record = filters.rec_failover_report(result, "planned", rehearsal=True, peer_boxid=PEER,
                                         array=filters.rec_failover_array(result), audit={"started_at": "2026-12-01T10:00:00Z"})
    assert record["array"] == {"url": "https://array-a.example:5665", "boxid": BOXID_A, "name": "array-a"}
    assert record["check_mode"] is True and record["result"] == "succeeded" and record["expected_peer_boxid"] == PEER


def test_a_refused_plan_with_session_fields_still_shows_the_refused_session(monkeypatch, capsys):
    listed = [array_session(1, "Active", "Equivalent"), array_session(4, "Active", "Copying", uncopied_data_size=512, progress=40)]
    result = run_module({"session_ids": [1, 4], "session_fields": FIELDS},
                        [login_ok(), storagesystem_ok(), FakeResponse(200, {"copysession_list": listed}), logout_ok()], monkeypatch, capsys)

    assert result["failed"] is True and "ineligible_sessions" in result
    assert all(set(s) == {"copysession_id", *FIELDS} for s in result["sessions"])
    view = filters.rec_failover_view(result, "planned")
    assert view["summary"]["refused"] == 1
    assert view["refused"][1].split()[:8] == ["4", "db_04", "(here,", "source)", "->", "db_04", "on", PEER]
    assert "uncopied_data_size 512" in view["refused"][1]


@pytest.mark.parametrize("call, message", [
    (lambda: filters.rec_failover_report({"actions": []}, "sideways"), "rec_failover_report: mode must be one of planned, unplanned"),
    (lambda: filters.rec_failover_view({"changed": False}, "planned"), "rec_failover_view: the input must be a rec_session_suspend result"),
    (lambda: filters.rec_failover_view({"actions": []}, "planned", job_results={}), "rec_failover_view: job_results must be the results"),
])
def test_bad_input_fails_the_filter_with_its_name(call, message):
    with pytest.raises(AnsibleFilterError, match=message):
        call()


def test_the_filters_are_registered_under_their_documented_names():
    assert sorted(filters.FilterModule().filters()) == ["rec_failover_array", "rec_failover_pairs", "rec_failover_report", "rec_failover_view"]
