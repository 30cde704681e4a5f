# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failback role's decisions on real results of rec_session_info (main() against canned array answers):
every row of the decision table, the report, how far the copy got, and the text the role shows of them."""

from __future__ import annotations

import json

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils import _client
from ansible_collections.fujitsu.eternus.plugins.modules import rec_session_info
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback as fb
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback_view as fbv

from ...compat_module_args import patch_module_args
from ..module_utils.fakes import FakeHTTP, FakeResponse, login_ok, logout_ok, storagesystem_ok

CONNECTION = {"host": "array-b.example", "username": "root", "password": "pw-unit", "validate_certs": False}
HOME = "00ETERNUSDXM##ET503S20A####DC1000001####"
ELSEWHERE = "00ETERNUSDXM##ET503S20A####DC9999999####"
# The disaster-recovery array the role runs against.
HERE = "00ETERNUSDXM##ET503S20A####DC2000002####"


def failover_report(*ids, outcome="suspended", boxid=HERE, **extra):
    """The JSON report of a failover (docs/schemas/rec_report.schema.json): by default of this array (an unplanned
    failover), its sessions by this array's ids."""
    return dict({"schema": "fujitsu.eternus.rec_report", "schema_version": 1, "kind": "failover", "check_mode": False,
                 "array": {"url": "https://array.example:5665", "boxid": boxid, "name": "array"},
                 "sessions": [{"copysession_id": i, "action": "suspend" if outcome == "suspended" else "none", "outcome": outcome,
                               "after": {"status": "Suspend", "phase": "Equivalent"}, "tracking_data_size": 0} for i in ids]},
                **extra)


# Every session id the tests use, suspended by an unplanned failover of this array.
SUSPENDED_BY_FAILOVER = failover_report(*range(1, 20))


def array_session(session_id, status="Suspend", phase="Equivalent", local=False, **extra):
    """A REC session as the array lists it; by default as a failover leaves it on the disaster-recovery array."""
    return dict({"copysession_id": session_id, "copysession_href": "/api/v1/copysession/%d" % session_id, "type": "REC",
                 "status": status, "phase": phase, "transfer_mode": "Synchronous", "remote_boxid": HOME,
                 "is_local_source_volume": local, "source_volume_name": "db_%02d" % session_id,
                 "destination_volume_name": "db_%02d_dr" % session_id, "uncopied_data_size": 0, "total_data_size": 4096,
                 "progress": 100, "error_code": "", "remote_copysession_id": 100 + session_id,
                 "concurrent_suspend_result": None}, **extra)


@pytest.fixture(name="read")
def fixture_read(monkeypatch, capsys):
    """Runs rec_session_info over the listed sessions and returns its result, as the role registers it."""
    def read(*listed):
        monkeypatch.setattr(_client.requests, "Session", lambda: FakeHTTP(
            login_ok(), storagesystem_ok(HERE, "array-b"), FakeResponse(200, {"copysession_list": list(listed)}), logout_ok()))
        with patch_module_args(dict(CONNECTION, session_ids=[s["copysession_id"] for s in listed])):
            with pytest.raises(SystemExit):
                rec_session_info.main()
        result = json.loads(capsys.readouterr().out)
        assert result["count"] == len(listed)
        return result
    return read


STACK_REFUSED = "transfer mode Stack never reaches Equivalent by itself: switch it to Synchronous or Consistency first"
REVERSED_REFUSED = (
    "suspended with the copy source already on the peer array: after a failover whose failback never ran this array holds the "
    "newer data and a resume would overwrite it (run the failback phase); if a switch back was interrupted after its reverse, "
    "set rec_failback_confirm_switch_back_reversed=true")
BOTH = ("failback", "switch_back")

# Refused in either phase, before the phase's own rules: (session, reason).
REFUSED_IN_BOTH = [
    ({"remote_boxid": ELSEWHERE},
     "the peer array of this session is %s, not the home array %s: run the role against the disaster-recovery array, whose "
     "peer is the home array" % (ELSEWHERE, HOME)),
    ({"is_local_source_volume": None}, "the array does not report which side is the copy source (is_local_source_volume None)"),
    ({"status": "Error", "error_code": "0033"}, "status Error (error 0033): resolve the error first"),
    ({"status": "Error_Suspend"}, "status Error_Suspend (error ?): resolve the error first"),
    ({"status": "Reserved", "phase": "Copying"}, "status Reserved: the copy has not started"),
    ({"status": "Halt", "phase": "Copying"},
     "halted (copy path lost): once the copy path is back, suspend it with force and force_reason copy_path_recovery "
     "(rec_failover unplanned), then run again"),
    ({"status": "Active", "concurrent_suspend_result": "Running"},
     "a suspend is still finishing (concurrent_suspend_result Running): run again once it shows Suspend"),
    ({"status": "Readying"}, "status Readying: not a state this role knows how to fail back safely"),
    ({"transfer_mode": "Stack"}, STACK_REFUSED),
]


@pytest.mark.parametrize("phase", BOTH)
@pytest.mark.parametrize("state, reason", REFUSED_IN_BOTH, ids=[reason.split(":")[0][:40] for _state, reason in REFUSED_IN_BOTH])
def test_a_session_no_phase_can_fail_back_is_refused_with_why(read, phase, state, reason):
    row = fb.plan(read(array_session(1, **state)), phase, HOME)[0]

    assert (row["action"], row["steps"], row["acceptable"], row["reason"]) == ("refused", [], False, reason)


# (phase, confirm_switch_back_reversed, session, action, reason)
DECISIONS = [
    ("failback", False, {"status": "Active", "local": False},
     "refused", "Active with the copy source on the peer array: it copies from the old side onto this array, which was not "
                "failed over (run fujitsu.eternus.rec_failover first) or is not the array where the applications ran"),
    ("failback", False, {"status": "Suspend", "local": False},
     "reverse+resume", "copy source remote, status Suspend, phase Equivalent: reverse, resume so that the copy source is local"),
    ("failback", False, {"status": "Suspend", "phase": "Copying", "local": True},
     "resume", "copy source local, status Suspend, phase Copying: resume so that the copy source is local"),
    ("failback", False, {"status": "Active", "local": True}, "none", "already Active and Equivalent, copy source local"),
    ("failback", False, {"status": "Active", "phase": "Copying", "local": True},
     "wait", "already Active, copy source local: wait until it is Equivalent"),
    # Stack is refused unless it is already where the phase leaves it.
    ("failback", False, {"status": "Active", "local": True, "transfer_mode": "Stack"},
     "none", "already Active and Equivalent, copy source local"),
    ("switch_back", False, {"status": "Active", "phase": "Copying", "local": True, "uncopied_data_size": 2048},
     "refused", "still copying this array's data to the peer (phase Copying, uncopied_data_size 2048 not yet copied): wait until it is "
                "Equivalent and run again"),
    ("switch_back", False, {"status": "Active", "local": True},
     "suspend+reverse+resume", "copy source local, status Active, phase Equivalent: suspend, reverse, resume so that the copy "
                               "source is remote"),
    ("switch_back", False, {"status": "Suspend", "phase": "Copying", "local": True, "uncopied_data_size": 512},
     "refused", "suspended before the peer held all of this array's data (phase Copying, uncopied_data_size 512 not yet copied): run the "
                "failback phase first"),
    ("switch_back", False, {"status": "Suspend", "local": True},
     "reverse+resume", "copy source local, status Suspend, phase Equivalent: reverse, resume so that the copy source is remote"),
    ("switch_back", False, {"status": "Suspend", "local": False}, "refused", REVERSED_REFUSED),
    ("switch_back", True, {"status": "Suspend", "local": False},
     "resume", "copy source remote, status Suspend, phase Equivalent: resume so that the copy source is remote"),
    ("switch_back", True, {"status": "Active", "local": True},
     "suspend+reverse+resume", "copy source local, status Active, phase Equivalent: suspend, reverse, resume so that the copy "
                               "source is remote"),
    ("switch_back", False, {"status": "Active", "local": False}, "none", "already Active and Equivalent, copy source remote"),
    ("switch_back", False, {"status": "Active", "phase": "Copying", "local": False},
     "wait", "already Active, copy source remote: wait until it is Equivalent"),
    ("switch_back", True, {"status": "Active", "local": False, "transfer_mode": "Stack"},
     "none", "already Active and Equivalent, copy source remote"),
    ("switch_back", False, {"status": "Active", "local": True, "transfer_mode": "Stack"}, "refused", STACK_REFUSED),
]


@pytest.mark.parametrize("phase, confirm, state, action, reason", DECISIONS,
                         ids=["%s-%s-%s" % (d[0], d[1], d[3]) for d in DECISIONS])
def test_each_phase_plans_its_steps_or_refuses_with_why(read, phase, confirm, state, action, reason):
    row = fb.plan(read(array_session(7, **state)), phase, HOME, confirm_switch_back_reversed=confirm,
                  failover_reports=SUSPENDED_BY_FAILOVER)[0]

    assert (row["action"], row["reason"]) == (action, reason)
    assert row["steps"] == ([] if action in ("refused", "none", "wait") else action.split("+"))
    assert row["acceptable"] is (action != "refused")


def test_a_plan_row_keeps_the_sessions_state_before_the_run(read):
    row = fb.plan(read(array_session(3, "Suspend", "Copying", uncopied_data_size=4096)), "failback", HOME, failover_reports=SUSPENDED_BY_FAILOVER)[0]

    assert row == {"copysession_id": 3, "remote_copysession_id": 103, "remote_boxid": HOME, "source_volume_name": "db_03",
                   "destination_volume_name": "db_03_dr", "transfer_mode": "Synchronous", "status": "Suspend",
                   "phase": "Copying", "copy_source": "remote", "uncopied_data_size": 4096, "steps": ["reverse", "resume"],
                   "action": "reverse+resume", "acceptable": True, "blocking": False, "discards_home_changes": False,
                   "reason": "copy source remote, status Suspend, phase Copying: reverse, resume so that the copy source is local",
                   "changes_here": None, "changes_home": None, "changes_home_from": "home side not read",
                   "failover": "suspended by the failover", "suspended_by_failover": True}


def test_the_plan_keeps_the_order_the_array_lists_the_sessions_in(read):
    plan = fb.plan(read(array_session(2), array_session(5, "Active", local=True), array_session(9, "Halt")), "failback", HOME,
                   failover_reports=SUSPENDED_BY_FAILOVER)

    assert [(row["copysession_id"], row["action"]) for row in plan] == [(2, "reverse+resume"), (5, "none"), (9, "refused")]


def test_a_failback_report_compares_the_plan_with_the_sessions_read_after(read):
    plan = fb.plan(read(array_session(1), array_session(2, "Active", local=True)), "failback", HOME, failover_reports=SUSPENDED_BY_FAILOVER)
    after = read(array_session(1, "Active", local=True, source_volume_name="db_01_dr", destination_volume_name="db_01"),
                 array_session(2, "Active", local=True))

    report = fb.report(plan, "failback", after_sessions=after["sessions"])

    assert {key: report[key] for key in ("phase", "copy_source", "rehearsal", "changed")} == {
        "phase": "failback", "copy_source": "local", "rehearsal": False, "changed": True}
    assert report["summary"] == {"sessions": 2, "suspended": 0, "reversed": 1, "resumed": 1, "already_in_direction": 1,
                                 "refused": 0, "left_as_they_are": 0, "home_changes_discarded": 0}
    assert report["sessions"][0] == {
        "copysession_id": 1, "remote_copysession_id": 101, "remote_boxid": HOME, "source_volume_name": "db_01_dr",
        "destination_volume_name": "db_01", "transfer_mode": "Synchronous",
        "before": {"status": "Suspend", "phase": "Equivalent", "copy_source": "remote"},
        "after": {"status": "Active", "phase": "Equivalent", "copy_source": "local"}, "steps": ["reverse", "resume"],
        "refused": False, "refusal_stops_the_run": False,
        "reason": "copy source remote, status Suspend, phase Equivalent: reverse, resume so that the copy source is local",
        "changes_here": None, "changes_home": None, "changes_home_from": "home side not read",
        "failover": "suspended by the failover", "suspended_by_failover": True, "discards_home_changes": False}


def test_a_rehearsal_reports_what_the_run_would_leave_and_changes_nothing(read):
    plan = fb.plan(read(array_session(1, "Active", local=True)), "switch_back", HOME, failover_reports=SUSPENDED_BY_FAILOVER)

    report = fb.report(plan, "switch_back", after_sessions=[array_session(1, "Halt")], rehearsal=True)

    assert report["rehearsal"] is True and report["changed"] is False
    assert report["sessions"][0]["after"] == {"status": "Active", "phase": "Equivalent", "copy_source": "remote"}
    assert report["summary"]["suspended"] == 1


def test_a_rerun_after_a_finished_run_reports_no_change(read):
    plan = fb.plan(read(array_session(1, "Active", local=True)), "failback", HOME, failover_reports=SUSPENDED_BY_FAILOVER)

    report = fb.report(plan, "failback", after_sessions=read(array_session(1, "Active", local=True))["sessions"])

    assert report["changed"] is False and report["summary"]["already_in_direction"] == 1


def test_a_session_gone_after_the_run_shows_unknown(read):
    plan = fb.plan(read(array_session(1)), "failback", HOME, failover_reports=SUSPENDED_BY_FAILOVER)

    report = fb.report(plan, "failback", after_sessions=[])

    assert report["sessions"][0]["after"] == {"status": "unknown", "phase": "unknown", "copy_source": "unknown"}
    assert report["sessions"][0]["source_volume_name"] == "db_01"


@pytest.mark.parametrize("listed, waiting", [
    ([array_session(1, "Active", local=True), array_session(2, "Active", "Copying", local=True)], True),
    ([array_session(1, "Active", local=True), array_session(2, "Active", local=True)], False),
    # A session no longer Active ends the wait: nothing left to wait for, the verify names it.
    ([array_session(1, "Suspend", "Copying", local=True), array_session(2, "Active", "Copying", local=True)], False),
], ids=["copying", "equivalent", "one-suspended"])
def test_the_wait_goes_on_only_while_every_session_is_active_and_one_still_copies(read, listed, waiting):
    assert fb.progress(read(*listed), "failback")["waiting"] is waiting


def test_the_offenders_are_the_sessions_not_active_then_copying_then_the_wrong_way(read):
    result = read(array_session(1, "Active", local=False), array_session(2, "Active", "Copying", local=True),
                  array_session(3, "Halt", local=True), array_session(4, "Active", local=True))

    state = fb.progress(result, "failback")

    assert [s["copysession_id"] for s in state["offenders"]] == [3, 2, 1]
    assert [s["copysession_id"] for s in state["wrong_direction"]] == [1]
    assert [s["copysession_id"] for s in fb.progress(result, "switch_back")["wrong_direction"]] == [2, 3, 4]


def test_the_plan_table_shows_every_session_and_counts_the_steps(read):
    plan = fb.plan(read(array_session(1), array_session(2, "Active", local=True), array_session(3, "Halt")), "failback", HOME,
                   failover_reports=SUSPENDED_BY_FAILOVER)

    view = fbv.view(plan, "failback", host="site-b", rehearsal=True)

    assert view["plan"][0] == ("REC failback plan for site-b: the copy source becomes this array (local); REHEARSAL (check mode): "
                               "nothing will be sent")
    assert view["plan"][1].split() == ["id", "source", "->", "destination", "(here", "=", "this", "array)", "peer", "Box", "ID",
                                       "status", "phase", "uncopied", "changes", "here", "changes", "home", "steps", "why"]
    assert view["plan"][2].split()[:13] == ["1", "db_01", "(peer)", "->", "db_01_dr", "(here)", HOME, "Suspend", "Equivalent", "0",
                                            "-", "not", "read"]
    assert view["plan"][2].split()[13] == "reverse+resume"
    assert view["plan"][4].split()[:7] == ["3", "db_03", "(peer)", "->", "db_03_dr", "(here)", HOME]
    assert "REFUSED" in view["plan"][4].split()
    assert view["plan"][-1].startswith("3 session(s): 0 to suspend, 1 to reverse, 1 to resume, 1 already in the wanted direction, "
                                       "1 refused (each stops the run), 0 left as they are (not this run's to change)")
    assert view["refused"][0] == ("Refused before any change: 1 session(s) of site-b cannot be part of the failback; nothing was "
                                  "sent to any session of site-b.")
    assert view["refused"][2].startswith("session 3: db_03 (peer) -> db_03_dr (here), peer %s, Halt/Equivalent" % HOME)
    assert view["refused"][3].startswith("    halted (copy path lost)")
    assert view["summary"] == {"sessions": 3, "to_suspend": 0, "to_reverse": 1, "to_resume": 1, "refused": 1, "left": 0}
    assert (view["session_ids"], view["to_suspend"], view["to_reverse"], view["to_resume"]) == ([1, 2, 3], [], [1], [1])
    assert view["worked_ids"] == [1, 2]


def test_the_report_table_shows_before_and_after_and_what_was_done(read):
    plan = fb.plan(read(array_session(1, "Active", local=True), array_session(2, "Active", local=False)), "switch_back", HOME)
    after = read(array_session(1, "Active", local=False), array_session(2, "Active", local=False))

    lines = fbv.view(plan, "switch_back", host="site-b", after_sessions=after["sessions"])["report"]

    assert lines[0] == "REC switch_back report for site-b"
    assert lines[2].split() == ["1", "db_01", "(peer)", "->", "db_01_dr", "(here)", HOME, "Active/Equivalent/local",
                                "Active/Equivalent/remote", "suspend,", "reverse,", "resume"]
    assert lines[3].split()[-1] == "-"
    assert lines[-1] == ("2 session(s): 1 suspended, 1 reversed, 1 resumed, 1 already in the wanted direction, 0 left as they "
                         "are; copy source of the others: the peer array")
    rehearsal = fbv.view(plan, "switch_back", host="site-b", rehearsal=True)["report"]
    assert rehearsal[0].endswith('REHEARSAL (check mode): nothing was sent, "after" is what a run would leave')
    assert rehearsal[-1].startswith("2 session(s): 1 to suspend, 1 to reverse, 1 to resume")


def test_the_progress_and_verify_tables(read):
    result = read(array_session(1, "Active", "Copying", local=True, progress=40, uncopied_data_size=2048),
                  array_session(2, "Error", local=True, error_code="0033"))

    view = fbv.progress_view(result, "failback", host="site-b")

    assert [line.split() for line in view["progress"]] == [
        "id source -> destination (here = this array) peer Box ID status phase progress uncopied".split(),
        ["1", "db_01", "(here)", "->", "db_01_dr", "(peer)", HOME, "Active", "Copying", "40%", "2048"],
        ["2", "db_02", "(here)", "->", "db_02_dr", "(peer)", HOME, "Error", "Equivalent", "100%", "0"]]
    assert view["offenders"][0] == ("Not Active/Equivalent with the copy source local after the failback of site-b: 2 of 2 "
                                    "session(s). A rerun continues from their current state.")
    assert [line.split()[0] for line in view["offenders"][2:]] == ["2", "1"]
    assert view["offenders"][2].split()[-4:] == ["local", "100%", "0", "0033"]
    assert view["summary"] == {"sessions": 2, "offenders": 2}
    assert fbv.progress_view(read(array_session(1, "Active", local=False)), "switch_back", host="site-b")["verified"] == (
        "1 session(s) of site-b are Active and Equivalent, copy source the peer array")


@pytest.mark.parametrize("call, message", [
    (lambda: fb.plan({"sessions": []}, "failover", HOME), "phase must be one of failback, switch_back, got 'failover'"),
    (lambda: fb.plan({"changed": False}, "failback", HOME), "the input must be a rec_session_info result with its sessions"),
    (lambda: fb.plan([], "failback", HOME, failover_reports=SUSPENDED_BY_FAILOVER), "the input must be a rec_session_info result with its sessions"),
    (lambda: fb.plan({"sessions": []}, "failback", None), "home_boxid must be the Box ID of the home array, got None"),
    (lambda: fb.report({"sessions": []}, "failback"), "the input must be the plan of rec_failback_plan"),
    (lambda: fb.report([{"copysession_id": 1}], "failback"), "the input must be the plan of rec_failback_plan"),
    (lambda: fb.report([], "sideways"), "phase must be one of failback, switch_back, got 'sideways'"),
    (lambda: fb.progress("Active", "failback"), "the input must be a rec_session_info result with its sessions"),
    (lambda: fbv.view("plan", "failback", host="site-b"), "the input must be the plan of rec_failback_plan"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()
