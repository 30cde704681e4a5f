# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover report (issue 15): the array and the peer of every session, the wrong side of the pair and the wrong
peer refused, an interrupted run's rerun accounting for every session, and warnings that match the numbers."""

from __future__ import annotations

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failover as rf
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_report

HERE = {"url": "https://a.example:5665", "boxid": "00ETERNUSDXM##ET503S20A####SIMA00001####", "name": "site-a"}
PEER = "00ETERNUSDXM##ET503S20A####SIMB00002####"
OTHER = "00ETERNUSDXM##ET503S20A####SIMZ00009####"
COUNTS = ("suspended", "suspended_earlier", "waited", "already_suspended", "refused", "not_suspended", "pending")


def session(session_id, status="Active", phase="Equivalent", local_source=True, peer=PEER, **extra):
    return dict({"copysession_id": session_id, "status": status, "phase": phase, "transfer_mode": "Synchronous",
                 "source_volume_name": "db_%02d" % session_id, "destination_volume_name": "db_%02d" % session_id,
                 "uncopied_data_size": 0, "concurrent_suspend_result": None, "remote_boxid": peer,
                 "remote_copysession_id": 100 + session_id, "is_local_source_volume": local_source, "tracking_data_size": 0}, **extra)


def plan(*entries):
    """A check-mode plan: entries are (session as read, action); the sessions hold what a run would leave."""
    return {
        "actions": [{"copysession_id": s["copysession_id"], "action": action, "reason": action} for s, action in entries],
        "sessions": [dict(s, status="Suspend") if action in ("suspend", "force_suspend", "wait") else s for s, action in entries],
        "diff": {"before": {str(s["copysession_id"]): {"status": s["status"], "phase": s["phase"]} for s, _action in entries}},
        "jobs": [], "data_loss": [], "failed_sessions": [],
    }


def assert_counts_add_up(report):
    summary = report["summary"]
    assert sum(summary[key] for key in COUNTS) == summary["sessions"] == len(report["sessions"]), summary
    for key in COUNTS:
        assert summary[key] == sum(1 for row in report["sessions"] if row["outcome"] == key), key


def test_every_row_names_the_peer_its_id_there_and_which_side_this_array_holds():
    report = rf.report(plan((session(1), "suspend"), (session(2, local_source=False), "suspend")), "unplanned", rehearsal=True)

    rows = report["sessions"]
    assert [(r["remote_copysession_id"], r["remote_boxid"], r["is_local_source_volume"], r["direction"]) for r in rows] == [
        (101, PEER, True, "source"), (102, PEER, False, "destination")]
    table = rf.view(report, "unplanned")["report"]
    assert "db_01 (here, source) -> db_01 on %s" % PEER in table[1]
    assert "db_02 on %s -> db_02 (here, destination)" % PEER in table[2]


def test_a_planned_failover_on_the_copy_destination_is_refused_before_the_plan_with_the_count_and_the_peer():
    report = rf.report(plan((session(101, "Suspend", local_source=False, peer=HERE["boxid"]), "none"),
                            (session(102, local_source=False, peer=HERE["boxid"]), "suspend")), "planned", array=HERE)

    assert [r["acceptable"] for r in report["sessions"]] == [False, False]
    assert report["summary"]["refused"] == 2 and report["summary"]["identity_refused"] == 2
    lines = rf.view(report, "planned", array=HERE)["identity"]
    assert lines[0].startswith("Refused before any change: this array (site-a, Box ID %s, https://a.example:5665) is the copy "
                               "destination of 2 of the 2 selected session(s)" % HERE["boxid"])
    assert "run it against the peer array (Box ID %s)" % HERE["boxid"] in lines[0]
    assert [line.split()[0] for line in lines[2:]] == ["101", "102"]
    assert_counts_add_up(report)


def test_an_unplanned_failover_runs_on_the_copy_destination_and_is_refused_on_the_source():
    on_destination = rf.report(plan((session(101, "Halt", "Copying", local_source=False), "force_suspend")), "unplanned")
    on_source = rf.report(plan((session(1, "Halt", "Copying", local_source=True), "force_suspend")), "unplanned")

    assert on_destination["sessions"][0]["acceptable"] is True
    assert on_source["sessions"][0]["acceptable"] is False
    assert on_source["sessions"][0]["problem"].startswith("this array holds the copy source: an unplanned failover runs against")
    first = rf.view(on_source, "unplanned")["identity"][0]
    assert first.startswith("Refused before any change: this array (name not given, Box ID not given, URL not known) is the copy "
                            "source of 1 of the 1")


def test_the_array_not_saying_which_side_it_holds_is_not_refused_for_it():
    report = rf.report(plan((session(1, local_source=None), "suspend")), "planned")

    assert report["sessions"][0]["acceptable"] is True and report["sessions"][0]["direction"] is None
    assert "which side is here not given" in rf.view(report, "planned")["plan"][1]


def test_sessions_of_another_peer_are_refused_and_listed_when_the_peer_is_expected():
    result = plan((session(1), "suspend"), (session(2, peer=OTHER), "suspend"), (session(3, peer=None), "suspend"))

    report = rf.report(result, "planned", peer_boxid=PEER)
    unchecked = rf.report(result, "planned")

    assert [r["acceptable"] for r in report["sessions"]] == [True, False, False]
    assert report["sessions"][1]["problem"] == "peer array %s, not the expected rec_failover_peer_boxid %s" % (OTHER, PEER)
    assert "does not give this session's peer Box ID" in report["sessions"][2]["problem"]
    lines = rf.view(report, "planned", peer_boxid=PEER)["identity"]
    assert lines[0].startswith("Refused before any change: 2 of the 3 selected session(s) of this array")
    assert [line.split()[0] for line in lines[2:]] == ["2", "3"]
    assert [r["acceptable"] for r in unchecked["sessions"]] == [True, True, True]
    with pytest.raises(ValueError, match="peer_boxid must be the Box ID"):
        rf.report(result, "planned", peer_boxid=["x"])


def earlier_record(rows, *, check_mode=False, array=None, result="running", after_status=None):
    array = HERE if array is None else array
    data = rf.report(plan(*rows), "planned", pending=result == "running", rehearsal=check_mode, array=array)
    if after_status:
        for row in data["sessions"]:
            row["after"]["status"] = after_status
    return rf.envelope(data, "planned", started_at="2026-12-01T02:00:00Z", check_mode=check_mode, array=array,
                       run_by=_rec_report.run_by("ops"), peer_boxid=None, force_reason=None, host="site-a", result=result)


def test_the_rerun_after_an_interrupted_run_accounts_for_every_session():
    # The first run wrote its record before sending the suspend of 1-4 (12 was suspended before), then was stopped
    # during the wait; now 1 and 2 have finished, 3 and 4 are still finishing.
    journal = earlier_record([(session(1), "suspend"), (session(2), "suspend"), (session(3), "suspend"), (session(4), "suspend"),
                              (session(12, "Suspend"), "none")])
    assert journal["result"] == "running" and journal["finished_at"] is None
    assert journal["summary"]["pending"] == 4 and journal["summary"]["already_suspended"] == 1
    assert_counts_add_up(journal)
    finishing = {"concurrent_suspend_result": "Running"}
    rerun_plan = plan((session(1, "Suspend"), "none"), (session(2, "Suspend"), "none"), (session(3, "Suspend", **finishing), "wait"),
                      (session(4, "Suspend", **finishing), "wait"), (session(12, "Suspend"), "none"))
    rerun_plan["sessions"] = [dict(s, concurrent_suspend_result=None) for s in rerun_plan["sessions"]]  # after the wait

    report = rf.report(rerun_plan, "planned", earlier=journal, array=HERE)

    assert [(r["copysession_id"], r["action"], r["outcome"]) for r in report["sessions"]] == [
        (1, "suspended_earlier", "suspended_earlier"), (2, "suspended_earlier", "suspended_earlier"),
        (3, "suspended_earlier", "suspended_earlier"), (4, "suspended_earlier", "suspended_earlier"), (12, "none", "already_suspended")]
    assert report["summary"]["suspended_earlier"] == 4 and report["summary"]["already_suspended"] == 1
    assert report["changed"] is False
    assert_counts_add_up(report)
    assert "earlier run of this failover (report started 2026-12-01T02:00:00Z, result running) sent the suspend of 4" in report["earlier_run"]
    assert rf.view(report, "planned")["report"][-2] == (
        "5 session(s): 0 suspended by this run, 4 finished by an earlier run of this failover, 1 already suspended before; nothing forced")
    # Without the earlier report the finishing suspends are still accounted for: waited, started before this run.
    alone = rf.report(rerun_plan, "planned", array=HERE)
    assert [r["outcome"] for r in alone["sessions"]] == ["already_suspended", "already_suspended", "waited", "waited", "already_suspended"]
    assert_counts_add_up(alone)


def test_the_earlier_runs_of_a_failover_are_carried_by_every_rerun_and_rehearsal():
    done = rf.envelope(rf.report(plan((session(1), "suspend")), "planned", array=HERE), "planned", started_at="2026-12-01T02:00:00Z",
                       check_mode=False, array=HERE, run_by=_rec_report.run_by("ops"), peer_boxid=None, force_reason=None, host="a")
    rehearsal = rf.envelope(rf.report(plan((session(1, "Suspend"), "none")), "planned", rehearsal=True, earlier=done, array=HERE),
                            "planned", started_at="2026-12-01T03:00:00Z", check_mode=True, array=HERE, run_by=_rec_report.run_by("ops"),
                            peer_boxid=None, force_reason=None, host="a")
    rerun = rf.report(plan((session(1, "Suspend"), "none")), "planned", earlier=rehearsal, array=HERE)

    assert rehearsal["sessions"][0]["action"] == "suspended_earlier"
    assert rerun["sessions"][0]["action"] == "suspended_earlier"


@pytest.mark.parametrize("earlier, why", [
    (lambda: earlier_record([(session(1), "suspend")], check_mode=True, result="succeeded"), "a rehearsal sent nothing"),
    (lambda: earlier_record([(session(1), "suspend")], array=dict(HERE, boxid=OTHER)), "another array"),
    (lambda: {"unreadable": True}, "not a report"),
    (lambda: earlier_record([(session(1), "suspend"), (session(2), "suspend")], result="succeeded", after_status="Suspend"),
     "stale: session 2 it suspended has been resumed since"),
])
def test_an_earlier_report_that_is_not_this_failovers_counts_for_nothing(earlier, why):
    now = plan((session(1, "Suspend"), "none"), (session(2), "suspend"))

    report = rf.report(now, "planned", earlier=earlier(), array=HERE)

    assert report["sessions"][0]["action"] == "none", why
    assert report["sessions"][0]["outcome"] == "already_suspended", why


def test_a_forced_suspend_with_nothing_left_to_copy_does_not_warn_of_lost_data():
    result = plan((session(5, "Halt", "Equivalent", local_source=False), "force_suspend"))
    result["actions"][0]["reason"] = ("halted (copy path lost): forced suspend, the data not yet copied (0) will be lost and the "
                                      "destination copy becomes unusable")

    report = rf.report(result, "unplanned")
    view = rf.view(report, "unplanned")

    assert "unusable" not in report["sessions"][0]["reason"] and "nothing is left behind" in report["sessions"][0]["reason"]
    assert view["plan"][-1].endswith("1 forced, uncopied_data_size 0 would be left behind")
    halted = rf.report(plan((session(5, "Halt", "Equivalent", local_source=False), "skip")), "unplanned")
    assert not any("unusable" in line for line in rf.view(halted, "unplanned")["halted_refusal"])
    copying = rf.report(plan((session(6, "Halt", "Copying", local_source=False, uncopied_data_size=1024), "skip")), "unplanned")
    refusal = rf.view(copying, "unplanned")["halted_refusal"]
    assert refusal[0] == "Refused before any change: an unplanned failover suspends the halted sessions 6 with force."
    assert "uncopied_data_size 1024 in total; the vendor warns that the destination copy can then be unusable" in refusal[1]


def test_a_real_run_that_sent_nothing_reports_the_state_it_read_not_the_one_it_expected():
    result = plan((session(1), "suspend"), (session(2, "Halt", phase="Copying"), "ineligible"))

    report = rf.report(result, "planned", sent_nothing=True)

    assert [r["after"]["status"] for r in report["sessions"]] == ["Active", "Halt"]
    assert [r["outcome"] for r in report["sessions"]] == ["not_suspended", "refused"]
    assert rf.envelope(report, "planned", started_at="2026-12-01T02:00:00Z", check_mode=False, array=HERE, run_by={"user": None,
                       "awx_job_id": None, "awx_user_name": None}, peer_boxid=None, force_reason=None, host="a")["result"] == "refused"
