# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from ansible_collections.fujitsu.eternus.plugins.module_utils import _api
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import classify
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import expected as expectations
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import plan as planning
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import selection
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary


GIB = 1024**3


def rec_session(copysession_id=1, **overrides):
    session = {
        "copysession_id": copysession_id,
        "copysession_href": f"/api/v1/copysession/{copysession_id}",
        "type": "REC",
        "status": "Active",
        "phase": "Equivalent",
        "transfer_mode": "Synchronous",
        "concurrent_suspend_result": None,
        "uncopied_data_size": 0,
        "progress": 100,
        "source_volume_name": f"src_{copysession_id:03d}",
        "destination_volume_name": f"dst_{copysession_id:03d}",
        "remote_boxid": "00ETERNUSDXHS3ET00000A####EI000002######",
        "is_local_source_volume": True,
    }
    session.update(overrides)
    return session


COPYING = {"phase": "Copying", "uncopied_data_size": GIB, "progress": 42}

# category, session (None = id not found), action with force false, with force true,
# with force true and force_scope halted
TABLE = [
    ("unknown", None, "ineligible", "ineligible", "ineligible"),
    ("not_rec", rec_session(type="OPC"), "ineligible", "ineligible", "ineligible"),
    ("error", rec_session(status="Error", phase="Copying"), "ineligible", "ineligible", "ineligible"),
    ("reserved", rec_session(status="Reserved", phase="Readying"), "ineligible", "ineligible", "ineligible"),
    ("suspend_finishing", rec_session(concurrent_suspend_result="Running"), "wait", "wait", "wait"),
    ("suspended", rec_session(status="Suspend", phase="Tracking"), "none", "none", "none"),
    ("through", rec_session(transfer_mode="Through", **COPYING), "ineligible", "ineligible", "ineligible"),
    ("stack_not_equivalent", rec_session(transfer_mode="Stack", **COPYING), "ineligible", "ineligible", "ineligible"),
    ("halted", rec_session(status="Halt", **COPYING), "ineligible", "force_suspend", "force_suspend"),
    ("unrecognized", rec_session(status="Frozen"), "ineligible", "ineligible", "ineligible"),
    ("equivalent", rec_session(), "suspend", "suspend", "suspend"),
    ("not_equivalent", rec_session(**COPYING), "ineligible", "force_suspend", "ineligible"),
]

# force, force_scope; force_scope halted without force only reaches the planner when called directly (the module refuses it).
FORCE_ARGUMENTS = [(False, "any"), (True, "any"), (True, "halted"), (False, "halted")]


def test_table_covers_every_category_of_the_transition_table():
    assert [row[0] for row in TABLE] == list(tables.SESSION_CATEGORIES)


def test_force_scopes():
    assert tables.FORCE_SCOPES == ("any", "halted")


@pytest.mark.parametrize("force, force_scope", FORCE_ARGUMENTS, ids=["force_false", "force_true", "force_true_halted", "force_false_halted"])
@pytest.mark.parametrize("category, session, without_force, with_force, with_force_halted", TABLE, ids=[row[0] for row in TABLE])
def test_suspend_action_follows_the_transition_table(category, session, without_force, with_force, with_force_halted, force, force_scope):
    decision = planning.suspend_action(session, force, session_id=7, force_scope=force_scope)
    assert decision.category == category
    expected = (with_force_halted if force_scope == "halted" else with_force) if force else without_force
    assert decision.action == expected
    assert decision.action == tables.TRANSITIONS_BY_CATEGORY[category].outcome(force, force_scope).action
    assert decision.session_id == 7
    assert decision.reason
    assert "{" not in decision.reason


@pytest.mark.parametrize("category, session", [row[:2] for row in TABLE], ids=[row[0] for row in TABLE])
def test_halted_scope_changes_a_row_only_where_the_table_has_its_own_outcome(category, session):
    transition = tables.TRANSITIONS_BY_CATEGORY[category]
    halted = planning.suspend_action(session, True, session_id=7, force_scope="halted")
    forced = planning.suspend_action(session, True, session_id=7)
    if transition.with_force_halted_only is None:
        assert halted == forced
    else:
        assert halted.action == transition.with_force_halted_only.action != forced.action
    assert planning.suspend_action(session, False, session_id=7, force_scope="halted") == planning.suspend_action(session, False, session_id=7)


def test_only_the_not_equivalent_row_has_an_outcome_of_its_own_under_force_scope_halted():
    assert [t.category for t in tables.SUSPEND_TRANSITIONS if t.with_force_halted_only is not None] == ["not_equivalent"]


@pytest.mark.parametrize("force_scope", ["Halted", "all", "", None])
def test_an_unknown_force_scope_is_refused_rather_than_read_as_any(force_scope):
    message = f"force_scope must be one of any, halted, got {force_scope!r}"
    with pytest.raises(ValueError, match=message):
        planning.suspend_action(rec_session(**COPYING), True, force_scope=force_scope)
    with pytest.raises(ValueError, match=message):
        planning.plan_suspend({1: rec_session()}, force=True, on_ineligible="fail", force_scope=force_scope)


@pytest.mark.parametrize(
    "session, category",
    [
        (rec_session(type=None), "not_rec"),
        (rec_session(type="rec"), "not_rec"),
        (rec_session(type="EC", status="Suspend"), "not_rec"),
        (rec_session(status="Error_Suspend"), "error"),
        (rec_session(status="Error", concurrent_suspend_result="Running"), "error"),
        (rec_session(status="Suspend", concurrent_suspend_result="Running"), "suspend_finishing"),
        (rec_session(status="Suspend", transfer_mode="Through"), "suspended"),
        (rec_session(status="Halt", concurrent_suspend_result="Running"), "halted"),
        (rec_session(status="Halt", transfer_mode="Through"), "through"),
        (rec_session(status="Halt", transfer_mode="Stack", phase="Equivalent"), "halted"),
        (rec_session(status="Halt", transfer_mode=None), "unrecognized"),
        (rec_session(transfer_mode="Consistency"), "equivalent"),
        (rec_session(transfer_mode="Stack"), "equivalent"),
        (rec_session(transfer_mode="Stack", **COPYING), "stack_not_equivalent"),
        (rec_session(status="Halt", transfer_mode="Stack", phase="Copying"), "stack_not_equivalent"),
        (rec_session(transfer_mode="Asynchronous"), "unrecognized"),
        (rec_session(transfer_mode=None), "unrecognized"),
        (rec_session(status=None), "unrecognized"),
        (rec_session(phase="Copying_and_Tracking"), "not_equivalent"),
        (rec_session(phase=None), "not_equivalent"),
    ],
)
def test_classify_session_edge_cases(session, category):
    assert classify.classify_session(session) == category


def test_stack_not_equivalent_is_refused_with_and_without_force():
    # The vendor's manual: a Stack-mode session that is not Equivalent cannot be specified for a suspend.
    session = rec_session(transfer_mode="Stack", **COPYING)
    assert planning.suspend_action(session, False).action == "ineligible"
    forced = planning.suspend_action(session, True)
    assert forced.action == "ineligible"
    assert "transfer mode Stack" in forced.reason and "forced or not" in forced.reason


def test_not_equivalent_reason_says_how_much_is_uncopied_and_how_to_force():
    reason = planning.suspend_action(rec_session(**COPYING), False).reason
    assert "not equivalent" in reason
    assert "uncopied_data_size 1073741824," in reason and "bytes" not in reason
    assert "progress 42%" in reason
    assert "force: true" in reason and "force_reason" in reason


def test_not_equivalent_reason_with_unknown_amounts():
    reason = planning.suspend_action(rec_session(phase="Copying", uncopied_data_size=None, progress=None), False).reason
    assert "uncopied_data_size unknown" in reason
    assert "progress unknown" in reason


def test_halted_scope_still_forces_halt_and_refuses_a_session_copying_over_a_live_path():
    halted = planning.suspend_action(rec_session(status="Halt", **COPYING), True, force_scope="halted")
    assert halted.action == "force_suspend"
    assert halted.reason == planning.suspend_action(rec_session(status="Halt", **COPYING), True).reason
    copying = planning.suspend_action(rec_session(transfer_mode="Consistency", **COPYING), True, force_scope="halted")
    assert copying.action == "ineligible"
    assert copying.category == "not_equivalent"
    assert copying.reason == (
        "not equivalent (phase Copying, transfer mode Consistency): still copying (uncopied_data_size 1073741824) over a "
        "copy path that is up; force_scope: halted forces only halted sessions: wait until it is Equivalent and suspend it "
        "without force"
    )


def test_forced_reason_names_the_data_that_will_be_lost():
    reason = planning.suspend_action(rec_session(**COPYING), True).reason
    assert "(uncopied_data_size 1073741824) will be lost" in reason


def test_halted_reason_points_at_copy_path_recovery():
    reason = planning.suspend_action(rec_session(status="Halt", **COPYING), False).reason
    assert "copy path" in reason
    assert "force_reason: copy_path_recovery" in reason


def test_unknown_reason_names_the_id():
    assert "unknown copy session id 99" in planning.suspend_action(None, False, session_id=99).reason


def test_not_rec_reason_names_the_type():
    assert "type QuickOPC" in planning.suspend_action(rec_session(type="QuickOPC"), True).reason


def test_suspend_action_takes_the_id_from_the_session():
    assert planning.suspend_action(rec_session(copysession_id=12), False).session_id == 12


def test_decision_is_frozen():
    decision = planning.suspend_action(rec_session(), False)
    with pytest.raises(AttributeError):
        decision.action = "force_suspend"


# --- plan_suspend -----------------------------------------------------------------------------

def mixed_batch():
    return {
        7: rec_session(7, transfer_mode="Consistency", phase="Copying", uncopied_data_size=300, progress=10),
        1: rec_session(1),
        2: rec_session(2, **COPYING),
        3: rec_session(3, status="Halt", phase="Copying", uncopied_data_size=4096, progress=99),
        4: rec_session(4, status="Suspend", phase="Tracking"),
        5: rec_session(5, concurrent_suspend_result="Running"),
        6: None,
    }


def ids_of(decisions):
    return [decision.session_id for decision in decisions]


def test_plan_without_force_skip_suspends_only_the_equivalent():
    plan = planning.plan_suspend(mixed_batch(), force=False, on_ineligible="skip")
    assert ids_of(plan.decisions) == [1, 2, 3, 4, 5, 6, 7]
    assert plan.to_suspend == [1]
    assert plan.to_force == []
    assert plan.to_wait == [5]
    assert plan.already_suspended == [4]
    assert ids_of(plan.ineligible) == [2, 3, 6, 7]
    assert ids_of(plan.skipped) == [2, 3, 6, 7]
    assert plan.blocking == []
    assert plan.data_loss == []
    assert plan.changed is True
    assert [request.body for request in plan.requests] == [{"copysession_id_list": [1]}]
    assert plan.to_confirm == [1, 5]
    assert [action["action"] for action in plan.actions] == ["suspend", "skip", "skip", "none", "wait", "skip", "skip"]


def test_plan_without_force_fail_blocks_everything():
    plan = planning.plan_suspend(mixed_batch(), force=False, on_ineligible="fail")
    assert ids_of(plan.blocking) == [2, 3, 6, 7]
    assert plan.skipped == []
    assert plan.requests == []
    assert plan.changed is False
    assert plan.to_suspend == [1]
    assert [action["action"] for action in plan.actions] == ["suspend", "ineligible", "ineligible", "none", "wait", "ineligible", "ineligible"]


def test_plan_with_force_skip_forces_only_the_sessions_that_need_it():
    plan = planning.plan_suspend(mixed_batch(), force=True, on_ineligible="skip")
    assert plan.to_suspend == [1]
    assert plan.to_force == [2, 3, 7]
    assert plan.to_wait == [5]
    assert plan.already_suspended == [4]
    assert ids_of(plan.skipped) == [6]
    assert plan.requests == [
        planning.SuspendRequest((1,), False),
        planning.SuspendRequest((2, 3, 7), True),
    ]
    assert plan.data_loss == [
        {"copysession_id": 2, "uncopied_data_size": GIB, "source_volume_name": "src_002", "destination_volume_name": "dst_002"},
        {"copysession_id": 3, "uncopied_data_size": 4096, "source_volume_name": "src_003", "destination_volume_name": "dst_003"},
        {"copysession_id": 7, "uncopied_data_size": 300, "source_volume_name": "src_007", "destination_volume_name": "dst_007"},
    ]
    assert plan.to_confirm == [1, 2, 3, 5, 7]
    assert plan.actions[0] == {"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend without force, nothing is lost"}
    assert plan.actions[5]["action"] == "skip" and "unknown copy session id 6" in plan.actions[5]["reason"]


def test_plan_with_force_scope_halted_forces_only_the_halted_session():
    plan = planning.plan_suspend(mixed_batch(), force=True, on_ineligible="skip", force_scope="halted")
    assert plan.to_suspend == [1]
    assert plan.to_force == [3]
    assert plan.to_wait == [5]
    assert plan.already_suspended == [4]
    assert ids_of(plan.skipped) == [2, 6, 7]
    assert plan.requests == [planning.SuspendRequest((1,), False), planning.SuspendRequest((3,), True)]
    assert [loss["copysession_id"] for loss in plan.data_loss] == [3]
    assert "over a copy path that is up" in plan.skipped_sessions[0]["reason"]
    assert "transfer mode Consistency" in plan.skipped_sessions[2]["reason"]


def test_plan_with_force_scope_halted_fail_is_blocked_by_the_copying_sessions_and_sends_nothing():
    selected = mixed_batch()
    del selected[6]
    plan = planning.plan_suspend(selected, force=True, on_ineligible="fail", force_scope="halted")
    assert plan.ineligible_sessions == [
        {"copysession_id": 2, "reason": planning.suspend_action(selected[2], True, force_scope="halted").reason},
        {"copysession_id": 7, "reason": planning.suspend_action(selected[7], True, force_scope="halted").reason},
    ]
    assert plan.requests == []
    assert plan.changed is False
    assert [action["action"] for action in plan.actions] == ["suspend", "ineligible", "force_suspend", "none", "wait", "ineligible"]


def test_plan_with_force_fail_is_blocked_by_the_unknown_id():
    plan = planning.plan_suspend(mixed_batch(), force=True, on_ineligible="fail")
    assert ids_of(plan.blocking) == [6]
    assert plan.requests == []
    assert plan.changed is False


def test_plan_with_force_fail_acts_when_nothing_is_ineligible():
    selected = mixed_batch()
    del selected[6]
    plan = planning.plan_suspend(selected, force=True, on_ineligible="fail")
    assert plan.blocking == []
    assert [(request.copysession_ids, request.force) for request in plan.requests] == [((1,), False), ((2, 3, 7), True)]
    assert plan.changed is True


def test_equivalent_sessions_are_never_forced_even_with_force():
    selected = {session_id: rec_session(session_id, transfer_mode=mode) for session_id, mode in enumerate(vocabulary.SUSPENDABLE_TRANSFER_MODES, 1)}
    plan = planning.plan_suspend(selected, force=True, on_ineligible="fail")
    assert plan.to_force == []
    assert plan.data_loss == []
    assert plan.requests == [planning.SuspendRequest((1, 2, 3), False)]


def test_plan_is_unchanged_when_everything_is_suspended():
    selected = {session_id: rec_session(session_id, status="Suspend") for session_id in (1, 2, 3)}
    for force in (False, True):
        plan = planning.plan_suspend(selected, force=force, on_ineligible="fail")
        assert plan.changed is False
        assert plan.requests == []
        assert plan.already_suspended == [1, 2, 3]
        assert plan.to_confirm == []


def test_plan_only_waiting_sends_nothing_but_confirms():
    plan = planning.plan_suspend({5: rec_session(5, concurrent_suspend_result="Running")}, force=False, on_ineligible="fail")
    assert plan.changed is False
    assert plan.to_confirm == [5]


def test_plan_chunks_long_groups():
    selected = {session_id: rec_session(session_id) for session_id in range(1, 2101)}
    plan = planning.plan_suspend(selected, force=False, on_ineligible="fail")
    assert [len(request.copysession_ids) for request in plan.requests] == [512, 512, 512, 512, 52]
    assert [session_id for request in plan.requests for session_id in request.copysession_ids] == list(range(1, 2101))
    assert not any(request.force for request in plan.requests)


@pytest.mark.parametrize("on_ineligible", ["Fail", "ignore", "", None])
def test_plan_rejects_bad_on_ineligible(on_ineligible):
    with pytest.raises(ValueError, match=f"on_ineligible must be one of fail, skip, got {on_ineligible!r}"):
        planning.plan_suspend({1: rec_session()}, force=False, on_ineligible=on_ineligible)


# --- force guard --------------------------------------------------------------------------------

@pytest.mark.parametrize("force, force_reason", [(False, None)] + [(True, reason) for reason in planning.FORCE_REASONS])
def test_validate_force_accepts(force, force_reason):
    assert planning.validate_force(force, force_reason) is None
    assert planning.validate_force(force, force_reason, force_scope="any") is None
    if force:
        assert planning.validate_force(force, force_reason, force_scope="halted") is None


@pytest.mark.parametrize("force_reason", [None, "copy_path_recovery"])
def test_validate_force_refuses_force_scope_halted_without_force(force_reason):
    with pytest.raises(ValueError) as error:
        planning.validate_force(False, force_reason, force_scope="halted")
    assert "force_scope 'halted' is given but force is false" in str(error.value)
    assert "set force: true" in str(error.value)


def test_validate_force_refuses_an_unknown_force_scope():
    with pytest.raises(ValueError, match="force_scope must be one of any, halted, got 'some'"):
        planning.validate_force(True, "copy_path_recovery", force_scope="some")


def test_force_reasons_each_have_a_description():
    assert set(planning.FORCE_REASON_DESCRIPTIONS) == set(planning.FORCE_REASONS)
    assert all(planning.FORCE_REASON_DESCRIPTIONS.values())


@pytest.mark.parametrize(
    "force, force_reason, message",
    [
        (True, None, "force: true requires a force_reason"),
        (True, "because", "force_reason 'because' is not valid"),
        (True, "Config_Change", "force_reason 'Config_Change' is not valid"),
        (True, "", "force_reason '' is not valid"),
        (False, "bogus", "force_reason 'bogus' is not valid"),
        (False, "config_change", "force_reason 'config_change' is given but force is false"),
    ],
)
def test_validate_force_rejects(force, force_reason, message):
    with pytest.raises(ValueError) as error:
        planning.validate_force(force, force_reason)
    assert message in str(error.value)
    if force_reason is None or force_reason not in planning.FORCE_REASONS:
        assert "config_change, restore_from_remote, copy_path_recovery" in str(error.value)


# --- selection ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "ids, message",
    [
        ([], "session_ids is empty"),
        ([1, 2, 2], "session_ids contains duplicates: 2"),
        ([3, 1, 3, 1, 2], "session_ids contains duplicates: 3, 1"),
        ([1, -5], "session_ids contains values out of range 0..4294967295: -5"),
        ([2**32], "session_ids contains values out of range 0..4294967295: 4294967296"),
        ([1, "2"], "session_ids contains non-integers: '2'"),
        ([1.5], "session_ids contains non-integers: 1.5"),
        ([True], "session_ids contains non-integers: True"),
        ([None], "session_ids contains non-integers: None"),
        ("1,2", "session_ids must be a list of integers, got '1,2'"),
        (None, "session_ids must be a list of integers, got None"),
    ],
)
def test_validate_session_ids_rejects(ids, message):
    with pytest.raises(ValueError) as error:
        selection.validate_session_ids(ids)
    assert message in str(error.value)


@pytest.mark.parametrize("ids", [[1], [3, 1, 2], [2**32 - 1], (5, 6)])
def test_validate_session_ids_accepts_in_given_order(ids):
    assert selection.validate_session_ids(ids) == list(ids)


@pytest.mark.parametrize(
    "match, message",
    [
        ({}, "match is empty"),
        ({"remote_boxid": None, "transfer_mode": None}, "match is empty"),
        ({}, "give at least one of: remote_boxid, transfer_mode, source_volume_name, destination_volume_name"),
        ({"volume": "x"}, "match has unknown keys: volume; valid keys: " + ", ".join(selection.MATCH_KEYS)),
        ({"transfer_mode": "Synchronous", "Phase": "Equivalent"}, "match has unknown keys: Phase"),
        # Issue 15: status and phase were listed as accepted, then refused; they are not match keys.
        ({"status": "Halt"}, "match has unknown keys: status; valid keys: remote_boxid, transfer_mode, source_volume_name, "
                             "destination_volume_name"),
        ({"remote_boxid": 1}, "match values must be strings: remote_boxid=1"),
        ([("status", "Active")], "match must be a dictionary"),
    ],
)
def test_validate_match_rejects(match, message):
    with pytest.raises(ValueError) as error:
        selection.validate_match(match)
    assert message in str(error.value)


@pytest.mark.parametrize("match", [{"transfer_mode": "Synchronous"}, {key: "x" for key in selection.MATCH_KEYS},
                                   {"remote_boxid": "B", "transfer_mode": None}])
def test_validate_match_accepts(match):
    assert selection.validate_match(match) is None


@pytest.mark.parametrize(
    "match, expected",
    [
        ({"source_volume_name": "src_*"}, True),
        ({"source_volume_name": "SRC_*"}, False),
        ({"source_volume_name": "src_00?"}, True),
        ({"source_volume_name": "src_0[0-4]1"}, True),
        ({"source_volume_name": "src_0[5-9]1"}, False),
        ({"destination_volume_name": "dst_001"}, True),
        ({"destination_volume_name": "dst_00"}, False),
        ({"remote_boxid": "00ETERNUSDXHS3ET00000A####EI000002######"}, True),
        ({"remote_boxid": "00ETERNUSDXHS3ET00000A*"}, False),
        ({"transfer_mode": "Synchronous", "status": "Active", "phase": "Equivalent"}, True),
        ({"transfer_mode": "Synchronous", "status": "Suspend"}, False),
        # The array's words compare case-insensitively (eternus-rest-api.md, open points); other values exactly.
        ({"transfer_mode": "synchronous"}, True),
        ({"status": "ACTIVE", "phase": "equivalent"}, True),
        ({"remote_boxid": "00eternusdxhs3et00000a####ei000002######"}, False),
        ({"status": "Active", "phase": None}, True),
    ],
)
def test_session_matches(match, expected):
    assert selection.session_matches(rec_session(1), match) is expected


def test_session_matches_needs_the_field_and_a_session():
    assert selection.session_matches(rec_session(1, source_volume_name=None), {"source_volume_name": "*"}) is False
    assert selection.session_matches(None, {"status": "Active"}) is False


def test_select_matching_rec_keeps_only_matching_rec_sessions():
    sessions = [
        rec_session(1),
        rec_session(2, type="OPC"),
        rec_session(3, source_volume_name="db_003"),
        rec_session(4, status="Suspend"),
    ]
    assert list(selection.select_matching_rec(sessions, {"source_volume_name": "src_*"})) == [1, 4]


@pytest.mark.parametrize("session, expected", [(rec_session(), True), (rec_session(type="EC"), False), ({}, False), (None, False)])
def test_is_rec(session, expected):
    assert vocabulary.is_rec(session) is expected


# --- chunking -----------------------------------------------------------------------------------

def test_chunked():
    assert planning.chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert planning.chunked([1, 2], 256) == [[1, 2]]
    assert planning.chunked([], 3) == []


def test_chunk_size_keeps_large_batches_far_from_the_job_cap():
    assert len(planning.chunked(list(range(20000)), planning.SUSPEND_CHUNK_SIZE)) < 512 // 4


@pytest.mark.parametrize("size", [0, -1])
def test_chunked_rejects_bad_size(size):
    with pytest.raises(ValueError, match=f"chunk size must be at least 1, got {size}"):
        planning.chunked([1], size)


# --- jobs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "href, expected",
    [
        ("/api/v1/copysession/12", 12),
        ("/api/v1/copysession/12/", 12),
        ("https://192.168.1.1:5665/api/v1/copysession/4294967295", 4294967295),
        ("/api/v1/job/12", None),
        ("/api/v1/copysession/abc", None),
        ("/api/v1/copysession/12/resume", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_session_id_from_href(href, expected):
    assert _api.session_id_from_href(href) == expected


def test_decode_success_job():
    job = {
        "job_id": 8192001,
        "status": "Success",
        "succeeded_resource_href_list": ["/api/v1/copysession/1", "/api/v1/copysession/2", "/api/v1/copysession/3"],
        "failed_resource_info_list": [],
        "progress_href_list": [],
    }
    results = _api.decode_job_results(job)
    assert results == _api.JobResults(status="Success", succeeded=[1, 2, 3], failed=[], in_progress=[])


def test_decode_partial_error_job():
    job = {
        "status": "Partial_Error",
        "succeeded_resource_href_list": ["/api/v1/copysession/1", "/api/v1/copysession/3"],
        "failed_resource_info_list": [
            {"resource_href": "/api/v1/copysession/2", "error_code": "0033", "message": "Inconsistent state (Already suspended)", "internal_code": "x"},
        ],
    }
    results = _api.decode_job_results(job)
    assert results.succeeded == [1, 3]
    assert results.failed == [
        {"copysession_id": 2, "error_code": "0033", "message": "Inconsistent state (Already suspended)", "resource_href": "/api/v1/copysession/2"},
    ]
    assert results.in_progress == []


def test_decode_failed_item_without_resource_href_keeps_the_whole_item():
    item = {"error_code": "0151", "message": "Session not in tenant", "volume": "src_002"}
    results = _api.decode_job_results({"status": "Error", "failed_resource_info_list": [item, "opaque failure"]})
    assert results.failed == [
        {"copysession_id": None, "error_code": "0151", "message": "Session not in tenant", "resource_href": None, "item": item},
        {"copysession_id": None, "error_code": None, "message": "opaque failure", "resource_href": None, "item": "opaque failure"},
    ]


def test_decode_progress_href_list():
    job = {
        "status": "Success",
        "succeeded_resource_href_list": ["/api/v1/copysession/1", "/api/v1/copysession/2"],
        "progress_href_list": ["/api/v1/copysession/2", "/api/v1/job/9"],
    }
    results = _api.decode_job_results(job)
    assert results.in_progress == [2]
    assert results.succeeded == [1, 2]


def test_decode_running_job_without_lists():
    assert _api.decode_job_results({"status": "Running"}) == _api.JobResults(status="Running", succeeded=[], failed=[], in_progress=[])


@pytest.mark.parametrize(
    "status, terminal",
    [("Queued", False), ("Running", False), ("Success", True), ("Error", True), ("Partial_Error", True), ("Canceled", True), (None, False)],
)
def test_job_is_terminal(status, terminal):
    assert vocabulary.job_is_terminal({"status": status}) is terminal


# --- wait predicates ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "session, complete",
    [
        (rec_session(status="Suspend"), True),
        (rec_session(status="Suspend", concurrent_suspend_result="Succeeded"), True),
        (rec_session(status="Suspend", concurrent_suspend_result="Running"), False),
        (rec_session(status="Active", concurrent_suspend_result="Running"), False),
        (rec_session(), False),
        (rec_session(status="Halt"), False),
        (None, False),
    ],
)
def test_suspend_complete(session, complete):
    assert vocabulary.suspend_complete(session) is complete


@pytest.mark.parametrize(
    "session, active, equivalent",
    [
        (rec_session(), True, True),
        (rec_session(phase="Copying"), True, False),
        (rec_session(status="Suspend"), False, False),
        (rec_session(status="Halt", phase="Equivalent"), False, False),
        (None, False, False),
    ],
)
def test_is_active_and_is_equivalent(session, active, equivalent):
    assert vocabulary.is_active(session) is active
    assert vocabulary.is_equivalent(session) is equivalent


# --- diff ---------------------------------------------------------------------------------------

def test_session_diff():
    before = {1: rec_session(1), 2: rec_session(2, **COPYING), 3: None}
    after = {1: rec_session(1, status="Suspend"), 2: rec_session(2, **COPYING)}
    assert expectations.session_diff(before, after, [2, 1, 3]) == {
        "before": {"1": {"status": "Active", "phase": "Equivalent"}, "2": {"status": "Active", "phase": "Copying"}, "3": {}},
        "after": {"1": {"status": "Suspend", "phase": "Equivalent"}, "2": {"status": "Active", "phase": "Copying"}, "3": {}},
    }


@pytest.mark.parametrize(
    "session, force, status",
    [
        (rec_session(), False, "Suspend"),
        (rec_session(**COPYING), True, "Suspend"),
        (rec_session(status="Active", concurrent_suspend_result="Running"), False, "Suspend"),
        (rec_session(**COPYING), False, "Active"),
        (rec_session(status="Suspend", phase="Tracking"), False, "Suspend"),
        (rec_session(status="Halt"), False, "Halt"),
    ],
)
def test_planned_after(session, force, status):
    original = dict(session)
    expected = expectations.planned_after(planning.suspend_action(session, force), session)
    assert expected["status"] == status
    assert expected["phase"] == session["phase"]
    assert session == original


def test_planned_after_unknown_session_stays_absent():
    assert expectations.planned_after(planning.suspend_action(None, True, session_id=4), None) is None


def test_planned_after_feeds_session_diff():
    before = {1: rec_session(1), 2: rec_session(2, **COPYING)}
    plan = planning.plan_suspend(before, force=True, on_ineligible="fail")
    after = {decision.session_id: expectations.planned_after(decision, before[decision.session_id]) for decision in plan.decisions}
    diff = expectations.session_diff(before, after, before)
    assert diff["after"] == {"1": {"status": "Suspend", "phase": "Equivalent"}, "2": {"status": "Suspend", "phase": "Copying"}}


# --- docs rendering -----------------------------------------------------------------------------

def test_render_transition_table_markdown():
    rendered = tables.render_transition_table_markdown()
    lines = rendered.splitlines()
    assert lines[0] == "| Session state | force: false | force: true (with a force_reason) | force: true, force_scope: halted |"
    assert lines[1] == "|---|---|---|---|"
    assert len(lines) == 2 + len(tables.SUSPEND_TRANSITIONS)
    for line, transition in zip(lines[2:], tables.SUSPEND_TRANSITIONS):
        assert f"(`{transition.category}`)" in line
        assert line.count(" | ") == 3
        cells = line.split(" | ")
        assert f"**{transition.without_force.action}**" in cells[1]
        assert f"**{transition.with_force.action}**" in cells[2]
        assert f"**{(transition.with_force_halted_only or transition.with_force).action}**" in cells[3]
    assert "{" not in rendered
    assert "uncopied_data_size N, progress P%" in rendered
    assert "still copying (uncopied_data_size N) over a copy path that is up" in rendered


def test_match_keys_are_the_documented_ones():
    assert selection.MATCH_KEYS == ("remote_boxid", "transfer_mode", "source_volume_name", "destination_volume_name")
    # The keys an error names are the keys the modules accept (their argument spec), no more.
    assert selection.MATCH_KEYS == tuple(selection.MATCH_OPTIONS)
