# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit envelope of the roles' reports: who, when, which array."""

from __future__ import annotations

import re

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_report as rr


def test_the_array_is_the_modules_or_the_url_connected_to():
    given = {"array": {"url": "https://a:5665", "boxid": "X" * 40, "name": "a"}}

    assert rr.array_identity(given) == {"url": "https://a:5665", "boxid": "X" * 40, "name": "a"}
    assert rr.array_identity({"array": {"url": "https://a:5665", "boxid": "", "name": None}})["boxid"] is None
    assert rr.array_identity({}, "a.example", None) == {"url": "https://a.example:5665", "boxid": None, "name": None}
    assert rr.array_identity({}, "a.example", 15665)["url"] == "https://a.example:15665"
    assert rr.array_identity(None) == {"url": None, "boxid": None, "name": None}


def test_run_by_takes_awx_then_tower_variables():
    assert rr.run_by("ops") == {"user": "ops", "awx_job_id": None, "awx_user_name": None}
    assert rr.run_by("runner", awx_job_id="42", awx_user_name="alice") == {"user": "runner", "awx_job_id": 42, "awx_user_name": "alice"}
    assert rr.run_by("runner", tower_job_id=7, tower_user_name="bob") == {"user": "runner", "awx_job_id": 7, "awx_user_name": "bob"}
    assert rr.run_by("", "", "", None, None) == {"user": None, "awx_job_id": None, "awx_user_name": None}


def test_the_envelope_comes_first_and_bad_kinds_modes_and_results_are_named():
    report = rr.envelope("failover", "planned", {"summary": {}, "sessions": []}, started_at="2026-12-01T00:00:00Z", finished_at=None,
                         check_mode=False, array={"url": None, "boxid": None, "name": None}, run_by_=rr.run_by("ops"),
                         expected_peer_boxid="", result="running")

    assert list(report)[:5] == ["schema", "schema_version", "kind", "collection_version", "started_at"]
    assert report["expected_peer_boxid"] is None and report["collection_version"] == rr.COLLECTION_VERSION
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", rr.utc_now())
    for kind, mode, result, message in [("failbock", "planned", "running", "kind must be"), ("failback", "planned", "running", "mode of a failback"),
                                        ("failover", "planned", "done", "result must be")]:
        with pytest.raises(ValueError, match=message):
            rr.envelope(kind, mode, {}, started_at="x", finished_at=None, check_mode=False, array={}, run_by_={}, expected_peer_boxid=None,
                        result=result)
