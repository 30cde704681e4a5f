# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No silent overwrite in the rec_failback role (issue 15, point 1): which sessions a failback may resume, from the
failover's report and the home array's read, and what the plan says when it refuses them."""

from __future__ import annotations

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback as fb
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback_view as fbv

HOME = "00ETERNUSDXM##ET503S20A####SIMA00001####"
HERE = "00ETERNUSDXM##ET503S20A####SIMB00002####"
OTHER = "00ETERNUSDXM##ET503S20A####SIMC00003####"
CONSENT = "rec_failback_discard_home_changes: true"


def dr_session(session_id, status="Suspend", local=False, tracking=0, **extra):
    """A session on the disaster-recovery array (HERE) as a failover leaves it: suspended, the home array the source."""
    return dict({"copysession_id": session_id, "remote_copysession_id": session_id - 100, "remote_boxid": HOME, "type": "REC",
                 "status": status, "phase": "Equivalent", "transfer_mode": "Synchronous", "is_local_source_volume": local,
                 "source_volume_name": "db_%d" % session_id, "destination_volume_name": "db_%d" % session_id,
                 "uncopied_data_size": 0, "tracking_data_size": tracking, "concurrent_suspend_result": None}, **extra)


def home_session(session_id, tracking=0, peer=HERE):
    return {"copysession_id": session_id, "remote_copysession_id": session_id + 100, "remote_boxid": peer, "status": "Suspend",
            "phase": "Equivalent", "is_local_source_volume": True, "tracking_data_size": tracking}


def read(*sessions):
    return {"changed": False, "count": len(sessions), "sessions": list(sessions),
            "array": {"url": "https://site-b:5665", "boxid": HERE, "name": "site-b"}}


def report(boxid=HOME, check_mode=False, kind="failover", **outcomes):
    """A failover report of the home array (planned failover): {id: outcome} by the home array's ids."""
    return {"schema": "fujitsu.eternus.rec_report", "kind": kind, "check_mode": check_mode,
            "array": {"url": "https://a:5665", "boxid": boxid, "name": "a"},
            "sessions": [{"copysession_id": int(key[1:]), "outcome": outcome, "tracking_data_size": 0,
                          "action": "suspend" if outcome == "suspended" else "none"} for key, outcome in outcomes.items()]}


# The scenario of issue 15 point 1: session 12 was suspended before the failover (which listed it "already suspended")
# and its home side recorded 128 since; sessions 1 and 2 the failover suspended.
POINT_1 = dict(reports=report(s1="suspended", s2="suspended", s12="already_suspended"),
               home=[home_session(1), home_session(2), home_session(12, tracking=128)])


def plan(*sessions, reports=None, home=None, consent=False, phase="failback"):
    return fb.plan(read(*sessions), phase, HOME, failover_reports=reports, home_sessions=home, discard_home_changes=consent)


def test_point_1_the_session_the_failover_did_not_suspend_is_left_with_the_amounts():
    rows = plan(dr_session(101), dr_session(102), dr_session(112), **POINT_1)

    assert [(row["copysession_id"], row["action"], row["blocking"]) for row in rows] == [
        (101, "reverse+resume", False), (102, "reverse+resume", False), (112, "refused", False)]
    left = rows[2]
    assert (left["changes_home"], left["changes_home_from"], left["changes_here"]) == (128, "home array", 0)
    assert left["reason"] == (
        "left as it is: already suspended when the failover ran, so not the failback's to resume; a resume would copy this "
        "array over the home side, discarding the changes recorded there (changes recorded since the suspend, "
        "tracking_data_size in the array's units: home side 128 (read on the home array), this array 0); to fail it back "
        "anyway and discard the home side's changes set " + CONSENT)
    view = fbv.view(rows, "failback", host="site-b")
    assert view["summary"]["refused"] == 0 and view["summary"]["left"] == 1
    assert view["to_resume"] == [101, 102] and view["worked_ids"] == [101, 102]
    assert view["left"][1] == ("session 112: db_112 (peer) -> db_112 (here), peer %s, Suspend/Equivalent, changes since the "
                               "suspend (tracking_data_size): here 0, home 128" % HOME)
    assert all(len(line) <= 120 for line in view["left"][2:]) and len(view["left"]) > 3
    assert "REFUSED, LEFT AS IS" in view["plan"][4]


def test_point_1_with_the_operators_consent_the_session_is_failed_back_and_the_discard_named():
    rows = plan(dr_session(101), dr_session(112), consent=True, **POINT_1)

    assert [row["action"] for row in rows] == ["reverse+resume", "reverse+resume"]
    assert [row["discards_home_changes"] for row in rows] == [True, True]
    data = fb.report(rows, "failback", rehearsal=True)
    assert data["summary"]["home_changes_discarded"] == 128
    assert "DISCARDS HOME" in fbv.view(rows, "failback", host="site-b")["plan"][3]
    assert fbv.view(rows, "failback", host="site-b", rehearsal=True)["report"][-1] == (
        "rec_failback_discard_home_changes: would discard the changes recorded on the home side (tracking_data_size 128 in "
        "total, in the array's units)")


def test_a_session_the_failover_suspended_whose_home_side_changed_since_stops_the_run():
    rows = plan(dr_session(101), reports=report(s1="suspended"), home=[home_session(1, tracking=64)])

    assert (rows[0]["action"], rows[0]["blocking"]) == ("refused", True)
    assert "home side 64 (read on the home array)" in rows[0]["reason"]
    assert fbv.view(rows, "failback", host="site-b")["summary"]["refused"] == 1
    assert plan(dr_session(101), reports=report(s1="suspended"), home=[home_session(1, tracking=64)], consent=True)[0]["acceptable"]


def test_without_a_failover_report_nothing_is_resumed_unless_the_operator_consents():
    rows = plan(dr_session(101), dr_session(102, "Active", local=True), home=[home_session(1)])

    assert [(row["action"], row["blocking"]) for row in rows] == [("refused", True), ("none", False)]
    assert rows[0]["reason"].startswith("no failover report (rec_failback_failover_report): nothing shows that the failover "
                                        "suspended this session")
    assert rows[0]["reason"].endswith(CONSENT) and rows[0]["suspended_by_failover"] is None
    assert plan(dr_session(101), consent=True)[0]["action"] == "reverse+resume"


@pytest.mark.parametrize("reports, said", [
    ([], "no failover report"),
    (report(check_mode=True, s1="suspended"), "no failover report of this array or of the home array"),
    (report(boxid=OTHER, s1="suspended"), "no failover report of this array or of the home array"),
], ids=["empty-list", "rehearsal", "other-array"])
def test_a_report_that_proves_nothing_counts_as_none(reports, said):
    row = plan(dr_session(101), reports=reports)[0]

    assert (row["action"], row["blocking"], row["failover"]) == ("refused", True, said)


def test_the_report_of_this_array_matches_by_its_own_ids_and_of_the_home_array_by_the_remote_ids():
    unplanned = {"array": {"boxid": HERE}, "kind": "failover", "sessions": [{"copysession_id": 101, "outcome": "suspended"}]}
    earlier = report(s1="suspended_earlier")
    legacy = {"array": {"boxid": HOME}, "sessions": [{"copysession_id": 1, "action": "suspend", "after": {"status": "Suspend"}}]}

    for reports in (unplanned, earlier, legacy, [report(boxid=OTHER, s1="already_suspended"), earlier]):
        assert plan(dr_session(101), reports=reports)[0]["action"] == "reverse+resume", reports
    assert plan(dr_session(101), reports=report(s1="waited"))[0]["failover"] == "the failover's outcome was waited (state after unknown)"
    assert plan(dr_session(101), reports=report(s7="suspended"))[0]["failover"] == "not in the failover report"


def test_the_home_side_not_read_is_named_and_the_home_arrays_report_gives_its_value_at_the_failover():
    home_report = report(s1="suspended")
    home_report["sessions"][0]["tracking_data_size"] = 0
    row = plan(dr_session(101), reports=home_report)[0]
    assert (row["changes_home"], row["changes_home_from"], row["action"]) == (0, "failover report", "reverse+resume")

    row = plan(dr_session(101), reports={"array": {"boxid": HERE}, "sessions": [{"copysession_id": 101, "outcome": "suspended"}]})[0]
    assert (row["changes_home"], row["changes_home_from"], row["action"]) == (None, "home side not read", "reverse+resume")
    assert fbv.view([row], "failback", host="site-b")["plan"][2].split()[11:13] == ["not", "read"]

    # A home session whose peer is another array is not this pair's.
    row = plan(dr_session(101), reports=report(s1="suspended"), home=[home_session(1, tracking=5, peer=OTHER)])[0]
    assert (row["changes_home"], row["changes_home_from"]) == (None, "not found on the home array")


def test_switch_back_leaves_a_session_never_failed_back_that_the_failover_did_not_suspend():
    rows = plan(dr_session(112), reports=POINT_1["reports"], phase="switch_back")

    assert (rows[0]["action"], rows[0]["blocking"]) == ("refused", False)
    assert rows[0]["reason"].startswith("left as it is: already suspended when the failover ran, and never failed back")


def test_switch_back_refuses_to_discard_what_this_array_recorded_since_the_suspend():
    rows = plan(dr_session(101, local=True, tracking=32), reports=POINT_1["reports"], phase="switch_back")

    assert (rows[0]["action"], rows[0]["blocking"]) == ("refused", True)
    assert "tracking_data_size 32" in rows[0]["reason"] and "run the failback phase first" in rows[0]["reason"]


@pytest.mark.parametrize("kwargs, message", [
    ({"reports": "report.json"}, "failover_reports must be the JSON report(s) of rec_failover"),
    ({"reports": [{"sessions": []}, 3]}, "failover_reports must be the JSON report(s) of rec_failover"),
    ({"reports": report(kind="failback")}, "failover_reports: a report of kind 'failback', not the report of a failover"),
    ({"home": "site-a"}, "home_sessions must be the sessions rec_session_info read on the home array"),
])
def test_bad_evidence_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan(dr_session(101), **kwargs)


def test_an_empty_string_is_not_given_as_ansible_core_before_2_19_renders_none():
    row = plan(dr_session(101), reports="", home="")[0]

    assert (row["failover"], row["changes_home_from"], row["blocking"]) == ("no failover report", "home side not read", True)


def test_an_array_that_does_not_give_its_box_id_is_told_by_the_peers_of_the_report_and_the_ids_both_ways():
    """Older firmware without GET /storagesystem: the reports and this array's read carry no Box ID of their own."""
    def anonymous(sessions):
        return {"kind": "failover", "array": {"url": "https://a:5665", "boxid": None, "name": None}, "sessions": sessions}

    def dr_plan(reports):
        result = read(dr_session(101))
        result["array"] = {"url": "https://site-b:5665", "boxid": None, "name": None}
        return fb.plan(result, "failback", HOME, failover_reports=reports)[0]

    home_report = anonymous([{"copysession_id": 1, "remote_copysession_id": 101, "remote_boxid": HERE, "outcome": "suspended"}])
    dr_report = anonymous([{"copysession_id": 101, "remote_copysession_id": 1, "remote_boxid": HOME, "outcome": "suspended"}])
    assert dr_plan(home_report)["action"] == "reverse+resume"
    assert dr_plan(dr_report)["action"] == "reverse+resume"
    # The home array's entry must name this session as its peer; a report of another pair proves nothing.
    crossed = anonymous([{"copysession_id": 1, "remote_copysession_id": 999, "remote_boxid": HERE, "outcome": "suspended"}])
    other_pair = anonymous([{"copysession_id": 1, "remote_copysession_id": 101, "remote_boxid": HOME, "outcome": "suspended"},
                            {"copysession_id": 2, "remote_copysession_id": 102, "remote_boxid": OTHER, "outcome": "suspended"}])
    for reports in (crossed, other_pair):
        assert dr_plan(reports)["action"] == "refused", reports
