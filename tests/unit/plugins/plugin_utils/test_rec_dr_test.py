# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_dr_test role's decisions (plugins/plugin_utils/_rec_dr_test.py): what a drill's start and end do per session,
what they refuse before any change, and the drill record (valid against docs/schemas/rec_report.schema.json)."""

from __future__ import annotations

import json
import pathlib

import jsonschema
import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.filter import rec_dr_test as filters
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_dr_test as dr

ROOT = pathlib.Path(__file__).resolve().parents[4]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "rec_report.schema.json").read_text())
PROD = {"url": "https://127.0.0.1:15665", "boxid": "00ETERNUSDXM##ET503S20A####SIMA00001####", "name": "site-a"}
DR = "00ETERNUSDXM##ET503S20A####SIMB00002####"
DR_ARRAY = {"url": "https://127.0.0.1:15666", "boxid": DR, "name": "site-b"}
OTHER = {"url": "https://127.0.0.1:15667", "boxid": "00ETERNUSDXM##ET503S20A####SIMC00003####", "name": "site-c"}
AUDIT = {"started_at": "2026-12-01T02:00:00Z", "host": "site-a", "check_mode": False,
         "run_by": {"user": "ops", "awx_job_id": "4711", "awx_user_name": "alice"}}


def session(sid, status="Active", phase="Equivalent", **extra):
    return dict({"copysession_id": sid, "status": status, "phase": phase, "transfer_mode": "Synchronous",
                 "source_volume_name": "db_%02d" % sid, "destination_volume_name": "db_%02d" % sid, "uncopied_data_size": 0,
                 "concurrent_suspend_result": None, "remote_boxid": DR, "remote_copysession_id": 100 + sid,
                 "is_local_source_volume": True, "tracking_data_size": 0}, **extra)


def read(*sessions, array=None):
    return {"sessions": list(sessions), "array": array or PROD, "changed": False}


def valid(record):
    errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(record)]
    assert errors == []
    return record


def opened_record(ids=(1, 2)):
    plan = dr.start_plan(read(*(session(i) for i in ids)), DR, host="site-a")
    opening = dr.drill_record(plan, "opening", audit=dict(AUDIT, now="2026-12-01T02:00:05Z"))
    plan = dict(plan, record=opening)
    after = read(*(session(i, "Suspend") for i in ids))
    return valid(dr.drill_record(plan, "open", after=after, audit=dict(AUDIT, now="2026-12-01T02:00:09Z", finished_at="2026-12-01T02:00:09Z")))


def test_start_suspends_only_equivalent_sessions_of_the_declared_dr_array():
    plan = dr.start_plan(read(session(1), session(2)), DR, host="site-a")
    assert plan["to_suspend"] == [1, 2] and plan["refused_count"] == 0 and plan["write_record"]
    assert "Suspending 2 session(s): 1, 2." in plan["plan"][-1]
    assert "Would suspend 2 session(s): 1, 2." in dr.start_plan(read(session(1), session(2)), DR, rehearsal=True)["plan"][-1]


@pytest.mark.parametrize("bad, reason", [
    (session(3, "Active", "Copying"), "a drill starts only from sessions that are Active and Equivalent"),
    (session(3, "Halt", "Copying"), "never forces a suspend"),
    (session(3, "Suspend"), "Suspend/Equivalent: a drill starts only"),
    (session(3, remote_boxid=OTHER["boxid"]), "not the declared DR array " + DR),
    (session(3, is_local_source_volume=False), "this array does not hold its copy source"),
])
def test_start_refuses_before_any_change(bad, reason):
    plan = dr.start_plan(read(session(1), bad), DR, host="site-a")
    assert plan["refused_count"] == 1
    text = "\n".join(plan["refused"])
    assert text.startswith("Refused before any change: the drill start on site-a") and reason in text, text
    assert "session 3:" in text


def test_start_refuses_a_record_of_another_array_and_a_wrong_dr_boxid():
    record = opened_record()
    plan = dr.start_plan(read(session(1), array=OTHER), DR, record=record, record_path="/r.json", host="site-c")
    assert plan["refused_count"] == 1 and "is of another array, site-a" in plan["refused"][1]
    with pytest.raises(AnsibleFilterError, match="must have 40 characters"):
        filters.rec_dr_test_plan(read(session(1)), "start", dr_boxid="short")


def test_start_rerun_on_an_open_drill_sends_nothing_and_writes_nothing():
    record = opened_record()
    plan = dr.start_plan(read(session(1, "Suspend"), session(2, "Suspend")), DR, record=record, host="site-a")
    assert (plan["to_suspend"], plan["refused_count"], plan["write_record"]) == ([], 0, False)
    assert "Nothing to suspend: the drill of the record is open already (since 2026-12-01T02:00:09Z)." in plan["plan"]


def test_start_after_an_interrupted_start_finishes_it():
    plan = dr.start_plan(read(session(1), session(2)), DR, host="site-a")
    opening = dr.drill_record(plan, "opening", audit=AUDIT)
    assert (opening["result"], opening["drill"]["state"]) == ("running", "opening")
    valid(opening)
    rerun = dr.start_plan(read(session(1, "Suspend"), session(2)), DR, record=opening, host="site-a")
    assert rerun["to_suspend"] == [2] and rerun["write_record"] and rerun["refused_count"] == 0


def test_the_open_record_names_arrays_sessions_and_times():
    record = opened_record()
    assert (record["kind"], record["mode"], record["result"]) == ("drill", "start", "succeeded")
    assert record["array"] == PROD and record["expected_peer_boxid"] == DR
    assert record["drill"]["suspend_sent_at"] == "2026-12-01T02:00:05Z" and record["drill"]["opened_at"] == "2026-12-01T02:00:09Z"
    assert [run["phase"] for run in record["drill"]["runs"]] == ["start"]
    assert record["run_by"] == {"user": "ops", "awx_job_id": 4711, "awx_user_name": "alice"}
    assert record["summary"]["suspended_by_drill"] == 2


def test_end_resumes_with_the_amounts_of_both_sides():
    record = opened_record()
    production = read(session(1, "Suspend", tracking_data_size=11), session(2, "Suspend", tracking_data_size=0))
    dr_read = read(session(101, "Suspend", remote_boxid=PROD["boxid"], remote_copysession_id=1, is_local_source_volume=False, tracking_data_size=64),
                   session(102, "Suspend", remote_boxid=PROD["boxid"], remote_copysession_id=2, is_local_source_volume=False, tracking_data_size=5),
                   array=DR_ARRAY)
    plan = dr.end_plan(production, record, dr_boxid=DR, dr_reads=[dr_read], host="site-a")
    assert (plan["to_resume"], plan["worked_ids"], plan["refused_count"]) == ([1, 2], [1, 2], 0)
    assert plan["dr_changes_on_peer"] == {1: 64, 2: 5}
    text = "\n".join(plan["plan"])
    assert "with discard_destination_changes: true" in text and "(session 1: 64, session 2: 5)" in text and "(session 1: 11, session 2: 0)" in text
    closing = valid(dr.drill_record(dict(plan), "closing", audit=dict(AUDIT, started_at="2026-12-01T03:00:00Z", now="2026-12-01T03:00:02Z")))
    assert closing["drill"]["state"] == "closing" and closing["sessions"][0]["dr_changes_discarded"] == 64
    after = read(session(1), session(2))
    # The resume measured 1.4 s from its requests until it read every session Equivalent, and returned at 03:00:05; the
    # record is written later (after another read): neither that nor the module's start (from 03:00:02) counts - the
    # resume was sent at 03:00:04.
    closed = valid(dr.drill_record(dict(plan, record=closing), "closed", after=after, resume={"changed": True, "elapsed": 1.4},
                                   audit=dict(AUDIT, started_at="2026-12-01T03:00:00Z", now="2026-12-01T03:00:30Z", finished_at="2026-12-01T03:00:30Z",
                                              resume_finished_at="2026-12-01T03:00:05Z")))
    assert (closed["result"], closed["drill"]["state"], closed["mode"]) == ("succeeded", "closed", "end")
    assert closed["drill"]["open_seconds"] == 3600 - 9 + 4 and closed["drill"]["time_to_equivalent_seconds"] == 1
    assert (closed["drill"]["resume_sent_at"], closed["drill"]["equivalent_at"]) == ("2026-12-01T03:00:04Z", "2026-12-01T03:00:05Z")
    assert closed["summary"] == {"sessions": 2, "suspended_by_drill": 2, "equivalent_again": 2, "not_equivalent": 0,
                                 "resynchronised_total": 11, "dr_changes_discarded_total": 69, "dr_changes_not_shown": 0}
    assert [run["phase"] for run in closed["drill"]["runs"]] == ["start", "end"]
    lines = "\n".join(dr.report_lines(closed, host="site-a"))
    assert "DR copy open for 59m 55s (3595 s)" in lines
    assert ("time to Equivalent after the resume: 1 s (measured by the resume, from its requests until it read every session Equivalent; "
            "reached 2026-12-01T03:00:05Z)") in lines
    assert "every session of the drill is Active and Equivalent again, production -> DR" in lines


def test_end_rerun_after_the_close_sends_nothing():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closed = dr.drill_record(plan, "closed", after=read(session(1), session(2)), audit=AUDIT)
    rerun = dr.end_plan(read(session(1), session(2)), closed, dr_boxid=DR, host="site-a")
    assert (rerun["worked_ids"], rerun["refused_count"], rerun["write_record"]) == ([], 0, False)


def test_an_end_given_the_starts_record_goes_on_from_the_same_drill_further_on_in_the_file():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closed = dr.drill_record(plan, "closed", after=read(session(1), session(2)), audit=AUDIT)
    # AWX: the end job is given the start's (open) record again; the file holds the closed one: nothing to do.
    rerun = dr.end_plan(read(session(1), session(2)), record, dr_boxid=DR, host="site-a", record_on_file=json.dumps(closed))
    assert (rerun["record"]["drill"]["state"], rerun["worked_ids"], rerun["write_record"]) == ("closed", [], False)
    # Another drill's record on file, or none, or one that is not JSON: the given record.
    other = dict(closed, drill=dict(closed["drill"], id="another"))
    for on_file in (other, None, "not json", {"schema": "x"}):
        assert dr.end_plan(read(session(1), session(2)), record, host="site-a", record_on_file=on_file)["record"]["drill"]["state"] == "open"
    # The file further behind than the given record: the given record.
    assert dr.further_on(closed, record) is closed


def test_end_waits_for_a_copy_an_interrupted_end_started():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closing = dr.drill_record(plan, "closing", audit=AUDIT)
    rerun = dr.end_plan(read(session(1, "Active", "Copying"), session(2)), closing, host="site-a")
    assert (rerun["to_resume"], rerun["worked_ids"], rerun["write_record"]) == ([], [1], True)


def test_after_an_interrupted_end_the_time_to_equivalent_is_an_upper_bound():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closing = valid(dr.drill_record(plan, "closing", audit=dict(AUDIT, started_at="2026-12-01T03:00:00Z", now="2026-12-01T03:00:02Z")))
    # The rerun only waits for the copy the interrupted end started: its own elapsed is not the time to Equivalent.
    rerun = dr.end_plan(read(session(1, "Active", "Copying"), session(2)), closing, host="site-a")
    closed = valid(dr.drill_record(dict(rerun, record=closing), "closed", after=read(session(1), session(2)), resume={"changed": False, "elapsed": 0.5},
                                   audit=dict(AUDIT, started_at="2026-12-01T03:10:00Z", now="2026-12-01T03:10:09Z", finished_at="2026-12-01T03:10:09Z",
                                              resume_finished_at="2026-12-01T03:10:07Z")))
    assert closed["drill"]["time_to_equivalent_seconds"] == 607 and closed["drill"]["equivalent_at"] == "2026-12-01T03:10:09Z"
    assert dr.time_to_equivalent(closed["drill"], closed["drill"]["runs"]) == "upper_bound"
    assert "time to Equivalent after the resume: at most 10m 07s (607 s) (an earlier, interrupted end sent the resume" in "\n".join(dr.report_lines(closed))


def test_sessions_resumed_outside_the_role_leave_the_time_to_equivalent_unknown():
    record = opened_record()
    plan = dr.end_plan(read(session(1), session(2)), record, host="site-a")
    assert (plan["to_resume"], plan["worked_ids"], plan["write_record"]) == ([], [], True)
    closed = valid(dr.drill_record(plan, "closed", after=read(session(1), session(2)), resume={"skipped": True}, audit=AUDIT))
    assert closed["drill"]["state"] == "closed" and closed["drill"]["time_to_equivalent_seconds"] is None
    assert "time to Equivalent after the resume: unknown (no end of this drill sent a resume" in "\n".join(dr.report_lines(closed))


@pytest.mark.parametrize("sessions, array, dr_boxid, reason", [
    ([session(1, "Suspend"), session(2, "Suspend")], OTHER, None, "is of another array pair: it was opened on site-a"),
    ([session(1, "Suspend"), session(2, "Suspend")], PROD, OTHER["boxid"], "names DR array %s, not rec_dr_test_dr_boxid" % DR),
    ([session(1, "Suspend", is_local_source_volume=False), session(2, "Suspend")], PROD, None, "the direction is no longer production -> DR"),
    ([session(1, "Suspend", remote_copysession_id=999), session(2, "Suspend")], PROD, None, "not the drill's pair"),
    ([session(1, "Halt"), session(2, "Suspend")], PROD, None, "Halt/Equivalent: the end resumes only suspended sessions"),
    ([session(2, "Suspend")], PROD, None, "not found on this array"),
])
def test_end_refuses_before_any_change(sessions, array, dr_boxid, reason):
    plan = dr.end_plan(read(*sessions, array=array), opened_record(), dr_boxid=dr_boxid, host="site-a")
    assert plan["refused_count"] >= 1
    assert reason in "\n".join(plan["refused"]), plan["refused"]


def test_end_without_a_drill_record_is_refused():
    plan = dr.end_plan(read(session(1, "Suspend")), None, host="site-a")
    assert plan["refused_count"] == 1 and "there is no drill record" in plan["refused"][1]
    plan = dr.end_plan(read(session(1, "Suspend")), {"schema": "x"}, host="site-a")
    assert "it is not a drill record" in plan["refused"][1]


def test_a_session_that_did_not_return_to_equivalent_fails_the_close():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closed = valid(dr.drill_record(plan, "closed", after=read(session(1), session(2, "Halt", "Copying")), audit=AUDIT))
    assert (closed["result"], closed["drill"]["state"], closed["drill"]["closed_at"]) == ("failed", "close_failed", None)
    assert [o["copysession_id"] for o in closed["offenders"]] == [2]
    assert "NOT as the drill needs them: session 2 Halt/Copying" in "\n".join(dr.report_lines(closed))


def test_status_names_the_open_and_closed_drills_of_this_array_only():
    open_record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), open_record, host="site-a")
    closed = dr.drill_record(plan, "closed", after=read(session(1), session(2)), audit=AUDIT)
    other = dict(open_record, array=OTHER)
    view = dr.status_view(read(session(1, "Suspend", tracking_data_size=3), session(2, "Suspend")), [open_record, json.dumps(closed), other, "", "not json?"],
                          host="site-a")
    assert view["summary"] == {"records": 2, "open": 1, "suspended_by_drills": 2}
    text = "\n".join(view["lines"])
    assert "OPEN (open)" in text and "tracked changes here 3" in text and "closed at" in text
    assert "1 file(s) given as drill records are not JSON: left out" in text


def test_the_filters_name_themselves_in_errors():
    with pytest.raises(AnsibleFilterError, match="rec_dr_test_plan: phase must be one of start, end, status"):
        filters.rec_dr_test_plan(read(), "stop")
    with pytest.raises(AnsibleFilterError, match="rec_dr_test_record: stage must be one of"):
        filters.rec_dr_test_record({}, "finished")


def test_start_on_an_open_record_whose_sessions_were_resumed_outside_starts_a_new_drill():
    record = opened_record()
    plan = dr.start_plan(read(session(1), session(2)), DR, record=record, record_path="/dr/rec_dr_test-site-a.json", host="site-a")
    assert plan["to_suspend"] == [1, 2] and plan["record"] is None and plan["refused_count"] == 0
    assert plan["archive_as"] == "/dr/rec_dr_test-site-a-left-open-20261201T020005Z.json"
    assert "no longer suspended: it is kept as /dr/rec_dr_test-site-a-left-open-20261201T020005Z.json" in "\n".join(plan["plan"])


def test_start_on_an_open_record_of_other_sessions_is_refused():
    plan = dr.start_plan(read(session(5)), DR, record=opened_record(), record_path="/r.json", host="site-a")
    assert plan["refused_count"] == 1 and "names an open drill of session(s) 1, 2, none of them selected now" in plan["refused"][1]


def test_a_new_start_keeps_the_closed_drills_record():
    record = opened_record()
    plan = dr.end_plan(read(session(1, "Suspend"), session(2, "Suspend")), record, host="site-a")
    closed = dr.drill_record(plan, "closed", after=read(session(1), session(2)), audit=dict(AUDIT, now="2026-12-01T05:00:00Z"))
    again = dr.start_plan(read(session(1), session(2)), DR, record=closed, record_path="/dr/x.json", host="site-a")
    assert again["archive_as"] == "/dr/x-closed-20261201T050000Z.json" and again["record"] is None and again["to_suspend"] == [1, 2]


def test_the_reason_and_the_awx_job_are_recorded_with_each_run():
    plan = dr.start_plan(read(session(1)), DR, host="site-a")
    record = valid(dr.drill_record(plan, "opening", audit=dict(AUDIT, reason="CHG-2026-118")))
    assert record["drill"]["runs"] == [{"phase": "start", "started_at": "2026-12-01T02:00:00Z", "finished_at": None, "result": "running",
                                        "run_by": {"user": "ops", "awx_job_id": 4711, "awx_user_name": "alice"}, "reason": "CHG-2026-118"}]
    assert "by ops (AWX job 4711, alice); reason: CHG-2026-118" in "\n".join(dr.report_lines(record))
