# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover role's report: rows, acceptability per mode, outcome, offenders, jobs and the text tables."""

from __future__ import annotations

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failover as rf


def session(session_id, status="Active", phase="Equivalent", **extra):
    base = {"copysession_id": session_id, "type": "REC", "status": status, "phase": phase, "transfer_mode": "Synchronous",
            "source_volume_name": "db_%02d" % session_id, "destination_volume_name": "db_%02d" % session_id,
            "uncopied_data_size": 0, "concurrent_suspend_result": None}
    return dict(base, **extra)


def planned_run():
    """A real run of a planned failover: 1 and 2 suspended by job 7, 3 already suspended."""
    return {
        "actions": [{"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend"},
                    {"copysession_id": 2, "action": "suspend", "reason": "equivalent: suspend"},
                    {"copysession_id": 3, "action": "none", "reason": "already suspended"}],
        "sessions": [session(1, "Suspend"), session(2, "Suspend"), session(3, "Suspend")],
        "diff": {"before": {"1": {"status": "Active", "phase": "Equivalent"}, "2": {"status": "Active", "phase": "Equivalent"},
                            "3": {"status": "Suspend", "phase": "Equivalent"}}},
        "jobs": [{"job_id": 7, "force": False, "copysession_ids": [1, 2], "status": None}],
        "data_loss": [],
        "failed_sessions": [],
    }


def test_a_planned_run_reports_before_after_and_its_job_judged_by_the_sessions():
    report = rf.report(planned_run(), "planned")

    assert [(r["copysession_id"], r["before"]["status"], r["after"]["status"], r["action"]) for r in report["sessions"]] == [
        (1, "Active", "Suspend", "suspend"), (2, "Active", "Suspend", "suspend"), (3, "Suspend", "Suspend", "none")]
    assert all(r["acceptable"] and r["problem"] == "" and not r["forced"] for r in report["sessions"])
    assert report["summary"] == {"sessions": 3, "suspended": 2, "suspended_earlier": 0, "waited": 0, "already_suspended": 1, "refused": 0,
                                 "not_suspended": 0, "pending": 0, "forced": 0, "data_left_behind": 0, "identity_refused": 0}
    assert [r["outcome"] for r in report["sessions"]] == ["suspended", "suspended", "already_suspended"]
    assert report["changed"] is True and report["rehearsal"] is False
    assert report["offenders"] == []
    assert report["jobs"] == [{"job_id": 7, "force": False, "status": None, "succeeded_sessions": [1, 2], "failed_sessions": []}]


def test_a_rehearsal_changes_nothing():
    report = rf.report(planned_run(), "planned", rehearsal=True)

    assert report["changed"] is False and report["rehearsal"] is True
    assert report["summary"]["suspended"] == 2


def test_a_refusal_without_a_diff_takes_the_state_before_from_the_sessions_as_read():
    refused = {
        "actions": [{"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend"},
                    {"copysession_id": 4, "action": "ineligible", "reason": "not equivalent (phase Copying)"}],
        "sessions": [session(1), session(4, phase="Copying", uncopied_data_size=512)],
        "ineligible_sessions": [{"copysession_id": 4, "reason": "not equivalent (phase Copying)"}],
    }

    report = rf.report(refused, "planned")

    rows = {r["copysession_id"]: r for r in report["sessions"]}
    assert rows[4]["before"] == {"status": "Active", "phase": "Copying"}
    assert rows[4]["acceptable"] is False and rows[4]["problem"] == "not equivalent (phase Copying)"
    assert rows[4]["uncopied_data_size"] == 512
    assert rows[1]["acceptable"] is True
    assert report["summary"]["refused"] == 1
    # Nothing was suspended: the sessions as read are the state after, and both are offenders of a verify.
    assert [o["copysession_id"] for o in report["offenders"]] == [1, 4]


def test_a_halted_session_of_an_unplanned_failover_without_a_reason_asks_for_one():
    refused = {
        "actions": [{"copysession_id": 5, "action": "ineligible", "reason": "halted: the copy path to the remote array is lost"}],
        "sessions": [session(5, "Halt", "Copying", uncopied_data_size=1024)],
    }

    unplanned = rf.report(refused, "unplanned")
    planned = rf.report(refused, "planned")

    assert unplanned["sessions"][0]["problem"] == rf.HALTED_WITHOUT_REASON
    assert planned["sessions"][0]["problem"] == "halted: the copy path to the remote array is lost"
    view = rf.view(unplanned, "unplanned")
    assert view["halted_ids"] == [5] and view["halted_uncopied"] == 1024


def test_a_forced_run_records_the_data_left_behind():
    forced = {
        "actions": [{"copysession_id": 5, "action": "force_suspend", "reason": "halted (copy path lost): forced suspend"},
                    {"copysession_id": 6, "action": "force_suspend", "reason": "halted (copy path lost): forced suspend"}],
        "sessions": [session(5, "Suspend", "Copying", uncopied_data_size=1024), session(6, "Suspend")],
        "diff": {"before": {"5": {"status": "Halt", "phase": "Copying"}, "6": {"status": "Halt", "phase": "Equivalent"}}},
        "data_loss": [{"copysession_id": 5, "uncopied_data_size": 1024}, {"copysession_id": 6, "uncopied_data_size": 0}],
        "jobs": [{"job_id": 9, "force": True, "copysession_ids": [5, 6], "status": "Success"}],
    }

    report = rf.report(forced, "unplanned")

    assert [(r["forced"], r["data_left_behind"], r["acceptable"]) for r in report["sessions"]] == [(True, 1024, True), (True, 0, True)]
    assert report["summary"]["forced"] == 2 and report["summary"]["data_left_behind"] == 1024
    assert report["jobs"][0]["force"] is True and report["jobs"][0]["status"] == "Success"


def test_a_failed_session_is_an_offender_with_the_arrays_error_and_its_job():
    partial = planned_run()
    partial["sessions"][1] = session(2, "Active")
    partial["failed_sessions"] = [{"copysession_id": 2, "error_code": "0033", "message": "not in a state that allows this", "job_id": 7}]

    report = rf.report(partial, "planned")

    assert report["offenders"] == [{"copysession_id": 2, "remote_copysession_id": None, "remote_boxid": None, "direction": None,
                                    "source_volume_name": "db_02", "destination_volume_name": "db_02",
                                    "status": "Active", "phase": "Equivalent", "concurrent_suspend_result": None,
                                    "error_code": "0033", "message": "not in a state that allows this"}]
    assert report["summary"]["not_suspended"] == 1 and report["summary"]["suspended"] == 1
    assert report["jobs"][0]["succeeded_sessions"] == [1]
    assert [f["copysession_id"] for f in report["jobs"][0]["failed_sessions"]] == [2]


def test_the_stepwise_role_gives_the_state_after_jobs_and_failures_of_its_own_steps():
    preflight = planned_run()
    preflight["sessions"] = [session(1, "Suspend"), session(2, "Suspend"), session(3, "Suspend")]  # as expected by check mode
    read_back = [session(1, "Suspend"), session(2, "Active", concurrent_suspend_result="Failed"), session(3, "Suspend")]
    job_info = [{"job_id": 7, "force": False, "status": "Partial_Error", "succeeded_sessions": [1],
                 "failed_sessions": [{"copysession_id": 2, "error_code": "0033", "message": "refused"}]}]

    report = rf.report(preflight, "planned", after_sessions=read_back, jobs=job_info, failures=job_info[0]["failed_sessions"])

    assert [r["after"]["status"] for r in report["sessions"]] == ["Suspend", "Active", "Suspend"]
    assert report["jobs"] == [dict(job_info[0], force=False)]
    assert [(o["copysession_id"], o["concurrent_suspend_result"], o["error_code"]) for o in report["offenders"]] == [(2, "Failed", "0033")]


def test_a_session_missing_after_the_run_shows_unknown():
    report = rf.report(planned_run(), "planned", after_sessions=[session(1, "Suspend")])

    assert [r["after"]["status"] for r in report["sessions"]] == ["Suspend", "unknown", "unknown"]


@pytest.mark.parametrize("result, mode, message", [
    (planned_run(), "rehearsed", "mode must be one of planned, unplanned, got 'rehearsed'"),
    ({"sessions": []}, "planned", "rec_session_suspend result with its actions"),
    ("suspended", "planned", "rec_session_suspend result with its actions"),
])
def test_bad_input_is_named(result, mode, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rf.report(result, mode)


def test_the_view_tables_hold_a_line_per_session_and_a_summary():
    partial = planned_run()
    partial["sessions"][1] = session(2, "Active")
    partial["failed_sessions"] = [{"copysession_id": 2, "error_code": "0033", "message": "refused", "job_id": 7}]

    view = rf.view(rf.report(partial, "planned"), "planned")

    assert view["plan"][0].split() == ["id", "peer", "id", "volumes", "(this", "array's", "side,", "the", "peer's", "Box", "ID)",
                                       "status", "phase", "mode", "uncopied", "tracking", "action", "why"]
    assert [line.split()[0] for line in view["plan"][1:4]] == ["1", "2", "3"]
    assert view["plan"][-1] == "3 session(s): 1 to suspend, 1 already suspended before, 1 NOT suspended; nothing forced"
    assert view["refused"] == view["refused"][:1]  # the heading only: nothing refused
    assert "Active/Equivalent" in view["report"][2].split()
    assert view["report"][-2] == "3 session(s): 1 suspended by this run, 1 already suspended before, 1 NOT suspended; nothing forced"
    assert view["report"][-1] == "job 7 (%s): suspended 1; failed 2" % rf.JOB_END_NOT_READ
    assert len(view["offenders"]) == 2 and view["offenders"][1].split()[-2:] == ["0033", "refused"]
    assert view["summary"]["offenders"] == 1


def test_the_refused_table_names_only_what_the_mode_refuses():
    refused = {
        "actions": [{"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend"},
                    {"copysession_id": 4, "action": "ineligible", "reason": "not equivalent (phase Copying)"}],
        "sessions": [session(1), session(4, phase="Copying")],
    }

    view = rf.view(rf.report(refused, "planned"), "planned")

    assert len(view["refused"]) == 2
    assert view["refused"][1].startswith("4 ") and view["refused"][1].endswith("not equivalent (phase Copying)")
    assert "ineligible REFUSED" in view["plan"][2]


def test_only_a_planned_failover_advises_on_a_refusal():
    report = rf.report(planned_run(), "planned")

    assert rf.view(report, "planned")["refusal_advice"] == [
        "A planned failover accepts only Active/Equivalent or already suspended sessions and never forces. If the source site is "
        "lost, run rec_failover_mode=unplanned against the surviving array."]
    assert rf.view(report, "unplanned")["refusal_advice"] == []


def job_info_loop():
    """The registered results of the stepwise role's loop of job_info over the suspend's jobs."""
    return [
        {"ansible_loop_var": "rec_failover_job", "rec_failover_job": {"job_id": 7, "force": False, "copysession_ids": [1]},
         "changed": False, "status": "Success", "succeeded_sessions": [1], "failed_sessions": []},
        {"ansible_loop_var": "rec_failover_job", "rec_failover_job": {"job_id": 8, "force": True, "copysession_ids": [2]},
         "changed": False, "status": "Partial_Error", "succeeded_sessions": [],
         "failed_sessions": [{"copysession_id": 2, "error_code": "0033", "message": "refused"}]},
    ]


def test_the_stepwise_jobs_come_from_the_loop_of_job_info_with_their_failures():
    read_back = [session(1, "Suspend"), session(2, "Active"), session(3, "Suspend")]

    report = rf.report(planned_run(), "planned", after_sessions=read_back, job_results=job_info_loop())

    assert report["jobs"] == [
        {"job_id": 7, "force": False, "status": "Success", "succeeded_sessions": [1], "failed_sessions": []},
        {"job_id": 8, "force": True, "status": "Partial_Error", "succeeded_sessions": [],
         "failed_sessions": [{"copysession_id": 2, "error_code": "0033", "message": "refused"}]}]
    assert [(o["copysession_id"], o["error_code"]) for o in report["offenders"]] == [(2, "0033")]
    assert report == rf.report(planned_run(), "planned", after_sessions=read_back, jobs=rf.jobs_waited(job_info_loop()),
                               failures=job_info_loop()[1]["failed_sessions"])


def test_a_loop_with_the_default_loop_var_names_its_job_item():
    loop = [{"item": {"job_id": 7, "force": False}, "status": "Success", "succeeded_sessions": [1], "failed_sessions": []}]

    assert rf.jobs_waited(loop)[0]["job_id"] == 7


@pytest.mark.parametrize("job_results, message", [
    ({"results": []}, "job_results must be the results of a loop of job_info"),
    ([{"status": "Success"}], "job_results: a result without its loop item"),
])
def test_bad_job_results_are_named(job_results, message):
    with pytest.raises(ValueError, match=message):
        rf.report(planned_run(), "planned", job_results=job_results)
