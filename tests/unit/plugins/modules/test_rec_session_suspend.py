# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""rec_session_suspend run through main() with patched arguments and a fake HTTP session in place of the array."""

from __future__ import annotations

import json

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils import _client
from ansible_collections.fujitsu.eternus.plugins.modules import rec_session_suspend

from ...compat_module_args import patch_module_args
from ..module_utils.fakes import BOXID_A, FakeHTTP, FakeResponse, login_ok, logout_ok, storagesystem_ok

CONNECTION = {"host": "array-a.example", "username": "root", "password": "pw-unit", "validate_certs": False}


@pytest.fixture
def fake_http(monkeypatch):
    """The fake HTTP sessions the module's clients use; ``fake_http.answers`` is what the next one replays."""
    created: list[FakeHTTP] = []

    class Sessions:
        answers: list = []
        sessions = created

        @staticmethod
        def calls():
            return [(call["method"], call["url"].split("/api/v1", 1)[1]) for http in created for call in http.calls]

    def new_session():
        http = FakeHTTP(*Sessions.answers)
        created.append(http)
        return http

    monkeypatch.setattr(_client.requests, "Session", new_session)
    return Sessions


def run_main(args, capsys):
    with patch_module_args(dict(CONNECTION, **args)):
        with pytest.raises(SystemExit):
            rec_session_suspend.main()
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("args", [
    {"session_ids": [7, 8], "force_scope": "halted"},
    {"session_ids": [7, 8], "force_scope": "halted", "force_reason": "copy_path_recovery"},
    {"match": {"transfer_mode": "Synchronous"}, "force": False, "force_scope": "halted"},
], ids=["alone", "with_a_reason", "by_match"])
def test_force_scope_halted_without_force_fails_before_any_request(args, fake_http, capsys):
    result = run_main(args, capsys)

    assert result["failed"] is True
    assert result["changed"] is False
    assert "force_scope 'halted' is given but force is false" in result["msg"]
    # Not even a login: bad input is refused before a client exists.
    assert fake_http.sessions == []
    assert fake_http.calls() == []


def test_force_scope_any_without_force_is_the_default_and_accepted(fake_http, capsys):
    suspended = {"copysession_id": 12, "type": "REC", "status": "Suspend"}
    fake_http.answers = [login_ok(), storagesystem_ok(), FakeResponse(200, {"copysession_list": [suspended]}), logout_ok()]

    result = run_main({"session_ids": [12], "force_scope": "any"}, capsys)

    assert not result.get("failed"), result
    assert result["already_suspended"] == [12]


def test_an_unknown_force_scope_is_refused_by_its_choices(fake_http, capsys):
    result = run_main({"session_ids": [8], "force": True, "force_reason": "copy_path_recovery", "force_scope": "all"}, capsys)

    assert result["failed"] is True
    assert "force_scope" in result["msg"] and "all" in result["msg"]
    assert fake_http.calls() == []


def test_a_refused_plan_returns_the_selected_sessions_as_read(fake_http, capsys):
    halted = {"copysession_id": 8, "type": "REC", "status": "Halt", "phase": "Copying", "transfer_mode": "Synchronous",
              "uncopied_data_size": 1024, "source_volume_name": "app_halt01", "destination_volume_name": "app_halt01"}
    copying = {"copysession_id": 7, "type": "REC", "status": "Active", "phase": "Copying", "transfer_mode": "Synchronous",
               "uncopied_data_size": 4096, "progress": 40, "source_volume_name": "app_copy01", "destination_volume_name": "app_copy01"}
    fake_http.answers = [login_ok(), storagesystem_ok(), FakeResponse(200, {"copysession_list": [halted, copying]}), logout_ok()]

    result = run_main({"session_ids": [8, 7], "force": True, "force_reason": "copy_path_recovery", "force_scope": "halted"}, capsys)

    assert result["failed"] is True and result["changed"] is False
    assert [entry["copysession_id"] for entry in result["ineligible_sessions"]] == [7]
    assert "still copying (uncopied_data_size 4096) over a copy path that is up" in result["ineligible_sessions"][0]["reason"]
    # Sorted by id, as read, in the compact set of fields (the type is not in it).
    assert result["sessions"] == [{key: value for key, value in session.items() if key != "type"} for session in (copying, halted)]
    assert [(action["copysession_id"], action["action"]) for action in result["actions"]] == [
        (7, "ineligible"), (8, "force_suspend")]
    assert fake_http.calls() == [("POST", "/session"), ("GET", "/storagesystem"), ("GET", "/copysession"), ("DELETE", "/session/100001")]
    assert result["array"] == {"url": "https://array-a.example:5665", "boxid": BOXID_A, "name": "array-a"}
    assert result["msg"].startswith("nothing was changed on array %s: 1 selected session(s)" % BOXID_A)
