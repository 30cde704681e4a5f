# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit record: docs/schemas/rec_report.schema.json is a valid, versioned JSON schema, the reports the failover
report filter builds conform to it, every report the tests wrote conforms to it, and the collection version the
reports name is galaxy.yml's.

The reports the tests wrote: every JSON file under build/ (the test runs' simulator folders, molecule scenarios) and
under REC_REPORTS_DIRS (os.pathsep-separated) that names the schema, or is named like a report of the roles
(rec_failover-*.json, rec_failback-*.json, molecule's report.json). Run after the tests that write them (make test:
this file again at the end, with REC_AUDIT_REPORTS_REQUIRED=1: then every such file counts, and finding none fails).
"""

from __future__ import annotations

import json
import os
import pathlib

import jsonschema
import pytest
import yaml

from ansible_collections.fujitsu.eternus.plugins.filter import rec_failover as filters
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_report

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "docs" / "schemas" / "rec_report.schema.json"
REPORT_NAMES = ("rec_failover-*.json", "rec_failback-*.json", "rec_dr_test-*.json", "report.json")
PEER = "00ETERNUSDXM##ET503S20A####SIMB00002####"
HERE = {"url": "https://127.0.0.1:15665", "boxid": "00ETERNUSDXM##ET503S20A####SIMA00001####", "name": "site-a"}
AUDIT = {"started_at": "2026-12-01T02:00:00Z", "host": "site-a", "force_reason": None,
         "run_by": {"user": "ops", "awx_job_id": "4711", "awx_user_name": "alice"}}


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))


def problems(report) -> list[str]:
    return ["%s: %s" % ("/".join(str(p) for p in error.absolute_path) or "(top)", error.message)
            for error in sorted(validator().iter_errors(report), key=lambda e: list(e.absolute_path))]


def test_the_schema_is_a_valid_draft_2020_12_schema_of_version_1():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == _rec_report.SCHEMA
    assert schema["properties"]["schema_version"]["const"] == _rec_report.SCHEMA_VERSION
    assert schema["properties"]["result"]["enum"] == list(_rec_report.RESULTS)


def test_every_field_of_the_schema_is_documented():
    schema = json.loads(SCHEMA_PATH.read_text())
    top = schema["properties"]
    assert [name for name, sub in top.items() if "description" not in sub] == []
    for name in ("failover_session", "failover_summary", "array"):
        assert [key for key, sub in schema["$defs"][name]["properties"].items() if "description" not in sub] == [], name


def test_the_collection_version_of_the_reports_is_galaxy_ymls():
    # An installed collection has MANIFEST.json in place of galaxy.yml.
    if (ROOT / "galaxy.yml").exists():
        version = yaml.safe_load((ROOT / "galaxy.yml").read_text())["version"]
    else:
        version = json.loads((ROOT / "MANIFEST.json").read_text())["collection_info"]["version"]
    assert _rec_report.COLLECTION_VERSION == version, (
        "plugins/plugin_utils/_rec_report.py COLLECTION_VERSION %s, the collection's version %s" % (_rec_report.COLLECTION_VERSION, version))


def session(session_id, status="Active", **extra):
    return dict({"copysession_id": session_id, "status": status, "phase": "Equivalent", "transfer_mode": "Synchronous",
                 "source_volume_name": "db_%02d" % session_id, "destination_volume_name": "db_%02d" % session_id,
                 "uncopied_data_size": 0, "concurrent_suspend_result": None, "remote_boxid": PEER,
                 "remote_copysession_id": 100 + session_id, "is_local_source_volume": True, "tracking_data_size": 0}, **extra)


def run_result():
    return {"actions": [{"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend"},
                        {"copysession_id": 2, "action": "force_suspend", "reason": "halted"},
                        {"copysession_id": 3, "action": "none", "reason": "already suspended"}],
            "sessions": [session(1, "Suspend"), session(2, "Suspend", is_local_source_volume=False), session(3, "Suspend", tracking_data_size=None)],
            "diff": {"before": {"1": {"status": "Active", "phase": "Equivalent"}, "2": {"status": "Halt", "phase": "Copying"},
                                "3": {"status": "Suspend", "phase": "Equivalent"}}},
            "jobs": [{"job_id": 8, "force": False, "copysession_ids": [1]}],
            "data_loss": [{"copysession_id": 2, "uncopied_data_size": 64}], "failed_sessions": [], "array": HERE}


@pytest.mark.parametrize("kind, kwargs", [
    ("run", {}),
    ("rehearsal", {"rehearsal": True}),
    ("pending", {"pending": True}),
    ("refused by the peer", {"peer_boxid": "00ETERNUSDXM##ET503S20A####SIMZ00009####", "sent_nothing": True}),
    ("failed", {"after_sessions": [session(1), session(2, "Suspend"), session(3, "Suspend")]}),
])
def test_the_reports_the_failover_filter_builds_conform(kind, kwargs):
    result = run_result()
    report = filters.rec_failover_report(result, "unplanned", array=filters.rec_failover_array(result), audit=AUDIT, **kwargs)

    assert problems(report) == [], kind
    assert report["run_by"] == {"user": "ops", "awx_job_id": 4711, "awx_user_name": "alice"}
    assert json.loads(json.dumps(report)) == report


def test_the_schema_rejects_what_it_must():
    good = filters.rec_failover_report(run_result(), "planned", array=HERE, audit=AUDIT)
    assert problems(good) == []
    for change, expected in [
        (lambda r: r.pop("array"), "'array' is a required property"),
        (lambda r: r.update(schema_version=2), "1 was expected"),
        (lambda r: r["sessions"][0].pop("remote_boxid"), "'remote_boxid' is a required property"),
        (lambda r: r["sessions"][0].update(action="resumed"), "is not one of"),
        (lambda r: r.update(started_at="2026-12-01 02:00"), "does not match"),
        (lambda r: r["summary"].update(extra=1), "Additional properties are not allowed"),
        (lambda r: r.update(kind="failback", mode="planned"), "is not one of"),
    ]:
        bad = json.loads(json.dumps(good))
        change(bad)
        assert any(expected in p for p in problems(bad)), (expected, problems(bad))


def written_reports() -> list[pathlib.Path]:
    roots = [ROOT / "build"] + [pathlib.Path(p) for p in os.environ.get("REC_REPORTS_DIRS", "").split(os.pathsep) if p]
    found = set()
    for root in roots:
        if not root.is_dir():
            continue
        for name in REPORT_NAMES:
            for path in root.rglob(name):
                # The copies of the collection ansible-test, the docs and the tarball test make are not reports.
                if "ansible_collections" not in path.parts and path.is_file():
                    found.add(path)
    return sorted(found)


def test_every_report_the_tests_wrote_conforms():
    """With REC_AUDIT_REPORTS_REQUIRED every report file found counts; without it (make units, which runs before the
    tests that write reports) only those that name the schema: a file without it is left from an older test run."""
    required = bool(os.environ.get("REC_AUDIT_REPORTS_REQUIRED"))
    reports = written_reports()
    if not reports:
        if required:
            pytest.fail("no report found under build/ or REC_REPORTS_DIRS: run the tests that write them first")
        pytest.skip("no report written yet (the playbook, molecule and system tests write them)")
    failures = {}
    for path in reports:
        try:
            report = json.loads(path.read_text())
        except ValueError as exc:
            failures[str(path)] = ["not JSON: %s" % exc]
            continue
        if not required and not (isinstance(report, dict) and report.get("schema") == _rec_report.SCHEMA):
            continue
        found = problems(report)
        if found:
            failures[str(path)] = found[:5]
    assert failures == {}, "reports that do not conform to %s (written by an older version? rerun the tests that write them):\n%s" % (
        SCHEMA_PATH.relative_to(ROOT), json.dumps(failures, indent=2))
