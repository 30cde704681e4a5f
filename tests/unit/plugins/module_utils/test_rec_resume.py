# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import classify
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import expected as expectations
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import plan as planning
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables


from .test_rec import rec_session

SUSPENDED = {"status": "Suspend", "phase": "Equivalent"}
FINISHING = {"status": "Active", "concurrent_suspend_result": "Running"}

# category, session (None = id not found), action
RESUME_TABLE = [
    ("unknown", None, "ineligible"),
    ("not_rec", rec_session(type="QuickOPC", status="Suspend"), "ineligible"),
    ("error", rec_session(status="Error", phase="Copying"), "ineligible"),
    ("reserved", rec_session(status="Reserved", phase="Readying"), "ineligible"),
    ("halted", rec_session(status="Halt", phase="Copying", uncopied_data_size=1024), "ineligible"),
    ("suspend_finishing", rec_session(**FINISHING), "ineligible"),
    ("active", rec_session(phase="Copying"), "none"),
    ("destination_changed", rec_session(is_local_source_volume=False, tracking_data_size=128, **SUSPENDED), "ineligible"),
    # this array holds the source; destination_changes_on_peer gives 64 for it (ON_PEER below)
    ("peer_changed", rec_session(**SUSPENDED), "ineligible"),
    ("suspended", rec_session(**SUSPENDED), "resume"),
    ("unrecognized", rec_session(status="Frozen"), "ineligible"),
]

# category, session, wanted copy_source, action
REVERSE_TABLE = [
    ("unknown", None, "remote", "ineligible"),
    ("not_rec", rec_session(type="EC", status="Suspend"), "remote", "ineligible"),
    ("direction_unknown", rec_session(is_local_source_volume=None, **SUSPENDED), "remote", "ineligible"),
    ("in_direction", rec_session(status="Error"), "local", "none"),
    ("suspend_finishing", rec_session(**FINISHING), "remote", "ineligible"),
    ("suspended", rec_session(**SUSPENDED), "remote", "reverse"),
    ("active", rec_session(), "remote", "ineligible"),
    ("halted", rec_session(status="Halt"), "remote", "ineligible"),
    ("error", rec_session(status="Error_Suspend"), "remote", "ineligible"),
    ("reserved", rec_session(status="Reserved"), "remote", "ineligible"),
    ("unrecognized", rec_session(status="Frozen"), "remote", "ineligible"),
]


def test_resume_table_covers_every_row_in_check_order():
    assert [row[0] for row in RESUME_TABLE] == [row.category for row in tables.RESUME_TRANSITIONS]


def test_reverse_table_covers_every_row_in_check_order():
    assert [row[0] for row in REVERSE_TABLE] == [row.category for row in tables.REVERSE_TRANSITIONS]


# The peer's reading of the destination's changes that each row of RESUME_TABLE is planned with.
ON_PEER = {"peer_changed": 64}


@pytest.mark.parametrize("category, session, action", RESUME_TABLE, ids=[row[0] for row in RESUME_TABLE])
def test_resume_action_follows_the_table(category, session, action):
    decision = planning.resume_action(session, session_id=7, on_peer=ON_PEER.get(category))
    assert (decision.category, decision.action, decision.session_id) == (category, action, 7)
    assert decision.reason and "{" not in decision.reason


@pytest.mark.parametrize("category, session, wanted, action", REVERSE_TABLE, ids=[row[0] for row in REVERSE_TABLE])
def test_reverse_action_follows_the_table(category, session, wanted, action):
    decision = planning.reverse_action(session, wanted, session_id=7)
    assert (decision.category, decision.action) == (category, action)
    assert decision.reason and "{" not in decision.reason
    if category not in ("unknown", "not_rec", "direction_unknown", "in_direction"):
        assert "only suspended sessions can be reversed" in decision.reason or action == "reverse"


@pytest.mark.parametrize("status", ["Active", "Suspend", "Halt", "Error", "Reserved", "Frozen"])
def test_reverse_in_the_wanted_direction_is_none_whatever_the_status(status):
    assert planning.reverse_action(rec_session(status=status, is_local_source_volume=False), "remote").action == "none"
    assert planning.reverse_action(rec_session(status=status, is_local_source_volume=True), "local").action == "none"


def test_reasons_name_what_a_person_needs():
    assert "overwriting whatever was written to the destination" in planning.resume_action(rec_session(**SUSPENDED)).reason
    assert "copy_path_recovery" in planning.resume_action(rec_session(status="Halt", uncopied_data_size=1024)).reason
    assert "uncopied_data_size 1024" in planning.resume_action(rec_session(status="Halt", uncopied_data_size=1024)).reason
    assert planning.reverse_action(rec_session(**SUSPENDED), "remote").reason == (
        "suspended, copy source local: reverse so that the copy source is remote")
    assert "suspend it first" in planning.reverse_action(rec_session(), "remote").reason


def test_reverse_refuses_an_unknown_direction_value():
    with pytest.raises(ValueError, match="copy_source"):
        planning.reverse_action(rec_session(), "left")


def test_copy_source_of():
    assert classify.copy_source_of(rec_session(is_local_source_volume=True)) == "local"
    assert classify.copy_source_of(rec_session(is_local_source_volume=False)) == "remote"
    assert classify.copy_source_of(rec_session(is_local_source_volume="true")) is None
    assert classify.copy_source_of(None) is None


def selection():
    return {
        3: rec_session(3, **SUSPENDED),
        1: rec_session(1, **SUSPENDED),
        2: rec_session(2, phase="Copying", uncopied_data_size=10),
        4: rec_session(4),
        9: rec_session(9, status="Error"),
    }


def test_plan_resume_orders_by_id_and_groups_the_sessions():
    plan = planning.plan_resume(selection(), on_ineligible="skip")
    assert [d.session_id for d in plan.decisions] == [1, 2, 3, 4, 9]
    assert plan.to_act == [1, 3]
    assert plan.unchanged == [2, 4]
    assert [d.session_id for d in plan.skipped] == [9]
    assert plan.blocking == []
    assert plan.changed
    assert plan.eligible_ids == [1, 2, 3, 4]
    assert [a["action"] for a in plan.actions] == ["resume", "none", "resume", "none", "skip"]


def test_an_ineligible_session_blocks_every_request_under_on_ineligible_fail():
    plan = planning.plan_resume(selection(), on_ineligible="fail")
    assert [d.session_id for d in plan.blocking] == [9]
    assert plan.to_act == [] and not plan.changed
    assert plan.actions[-1]["action"] == "ineligible"


def test_plan_refuses_an_unknown_on_ineligible():
    with pytest.raises(ValueError, match="on_ineligible"):
        planning.plan_resume({}, on_ineligible="ignore")


def test_resume_targets_add_active_sessions_not_yet_equivalent_only_for_equivalent():
    plan = planning.plan_resume(selection(), on_ineligible="skip")
    assert planning.resume_targets(plan, "resumed") == [1, 3]
    assert planning.resume_targets(plan, "equivalent") == [1, 2, 3]
    with pytest.raises(ValueError, match="wait_for"):
        planning.resume_targets(plan, "done")


def test_stack_sessions_are_named_only_when_equivalence_would_be_waited_for():
    sessions = {
        5: rec_session(5, transfer_mode="Stack", **SUSPENDED),
        6: rec_session(6, transfer_mode="Stack", phase="Copying"),
        7: rec_session(7, transfer_mode="Stack"),
        1: rec_session(1, **SUSPENDED),
    }
    plan = planning.plan_resume(sessions, on_ineligible="fail")
    assert planning.never_equivalent(plan, "equivalent") == [5, 6]
    assert planning.never_equivalent(plan, "resumed") == []


def test_resume_and_reverse_reached():
    assert planning.resume_reached(rec_session(phase="Copying"), "resumed")
    assert not planning.resume_reached(rec_session(phase="Copying"), "equivalent")
    assert planning.resume_reached(rec_session(), "equivalent")
    assert not planning.resume_reached(rec_session(**SUSPENDED), "resumed")
    assert not planning.resume_reached(None, "resumed")
    assert planning.reverse_reached(rec_session(is_local_source_volume=False), "remote")
    assert not planning.reverse_reached(rec_session(), "remote")


def test_plan_reverse_and_planned_after_swap_the_direction():
    sessions = {1: rec_session(1, **SUSPENDED), 2: rec_session(2, is_local_source_volume=False)}
    plan = planning.plan_reverse(sessions, copy_source="remote", on_ineligible="fail")
    assert plan.to_act == [1] and plan.unchanged == [2]
    decisions = {d.session_id: d for d in plan.decisions}
    after = {i: expectations.planned_after_reverse(decisions[i], s) for i, s in sessions.items()}
    assert after[1]["is_local_source_volume"] is False
    assert (after[1]["source_volume_name"], after[1]["destination_volume_name"]) == ("dst_001", "src_001")
    assert after[2] is sessions[2]
    diff = expectations.session_diff(sessions, after, [1, 2], keys=expectations.REVERSE_DIFF_KEYS)
    assert diff["before"]["1"]["is_local_source_volume"] is True and diff["after"]["1"]["is_local_source_volume"] is False
    assert diff["before"]["2"] == diff["after"]["2"]


def test_planned_after_resume_depends_on_wait_for():
    session = rec_session(**SUSPENDED, concurrent_suspend_result="Succeeded")
    decision = planning.resume_action(session)
    assert expectations.planned_after_resume(decision, session, "resumed")["phase"] == "Copying"
    after = expectations.planned_after_resume(decision, session, "equivalent")
    assert (after["status"], after["phase"], after["concurrent_suspend_result"]) == ("Active", "Equivalent", None)
    assert session["status"] == "Suspend"
    none = planning.resume_action(rec_session())
    assert expectations.planned_after_resume(none, rec_session(), "equivalent") == rec_session()


def test_session_progress_has_the_copy_figures():
    progress = expectations.session_progress(4, rec_session(4, phase="Copying", progress=40, uncopied_data_size=600))
    assert progress == {"copysession_id": 4, "status": "Active", "phase": "Copying", "progress": 40,
                        "uncopied_data_size": 600, "is_local_source_volume": True}
    assert expectations.session_progress(5, None)["status"] is None


def test_rendered_tables_have_every_row():
    for rendered, rows in ((tables.render_resume_table_markdown(), tables.RESUME_TRANSITIONS),
                           (tables.render_reverse_table_markdown(), tables.REVERSE_TRANSITIONS)):
        lines = rendered.splitlines()
        assert len(lines) == 2 + len(rows)
        for row, line in zip(rows, lines[2:]):
            assert "(`%s`)" % row.category in line and "**%s**" % row.outcome.action in line
            if row.with_consent is not None:
                assert "with `discard_destination_changes: true`: **%s**" % row.with_consent.action in line
        assert "{" not in rendered


# -- issue 15: a resume discards the changes recorded on the destination; without consent it is refused where shown --

DESTINATION_HERE = dict(SUSPENDED, is_local_source_volume=False, remote_boxid="PEER-B",
                        source_volume_name="db_data01", destination_volume_name="db_data01")


@pytest.mark.parametrize("session, amount, shown, category", [
    (rec_session(tracking_data_size=128, **DESTINATION_HERE), 128, True, "destination_changed"),
    (rec_session(tracking_data_size=0, **DESTINATION_HERE), 0, True, "suspended"),
    # this array holds the source: the destination's changes are on the peer, never read from the local value
    (rec_session(tracking_data_size=128, **SUSPENDED), None, False, "suspended"),
    # the field left out or null: not shown, never refused on a missing value
    (rec_session(**DESTINATION_HERE), None, False, "suspended"),
    (rec_session(tracking_data_size=None, **DESTINATION_HERE), None, False, "suspended"),
    (dict(rec_session(tracking_data_size=128, **DESTINATION_HERE), is_local_source_volume=None), None, False, "suspended"),
], ids=["shown", "shown-zero", "source-here", "missing", "null", "direction-unknown"])
def test_destination_changes_are_read_only_where_this_array_holds_the_destination(session, amount, shown, category):
    assert classify.destination_changes(session) == (amount, shown)
    assert classify.classify_for_resume(session) == category
    decision = planning.resume_action(session, session_id=7)
    assert decision.extra == {"destination_changes": amount, "destination_changes_shown": shown,
                              "destination_changes_source": "array" if shown else None}


def test_a_resume_that_would_discard_destination_changes_needs_the_consent():
    session = rec_session(101, tracking_data_size=128, **DESTINATION_HERE)
    refused = planning.resume_action(session)
    assert refused.action == "ineligible"
    assert "tracking_data_size 128, in the array's units" in refused.reason
    assert "discard_destination_changes: true" in refused.reason and "reverse the session first" in refused.reason
    consented = planning.resume_action(session, discard_destination_changes=True)
    assert (consented.category, consented.action) == ("destination_changed", "resume")
    assert "(tracking_data_size 128, in the array's units) are discarded" in consented.reason
    # the consent changes nothing for a session without destination changes
    assert planning.resume_action(rec_session(**SUSPENDED), discard_destination_changes=True).action == "resume"


def test_the_plan_entries_carry_the_destination_changes():
    sessions = {101: rec_session(101, tracking_data_size=128, **DESTINATION_HERE), 1: rec_session(1, tracking_data_size=64, **SUSPENDED)}
    plan = planning.plan_resume(sessions, on_ineligible="skip")
    assert plan.actions == [
        {"copysession_id": 1, "action": "resume", "reason": plan.decisions[0].reason, "destination_changes": None,
         "destination_changes_shown": False, "destination_changes_source": None},
        {"copysession_id": 101, "action": "skip", "reason": plan.decisions[1].reason, "destination_changes": 128,
         "destination_changes_shown": True, "destination_changes_source": "array"}]
    assert plan.skipped_sessions[0]["destination_changes"] == 128
    blocked = planning.plan_resume(sessions, on_ineligible="fail")
    assert blocked.to_act == [] and blocked.ineligible_sessions[0]["destination_changes"] == 128
    assert planning.plan_resume(sessions, on_ineligible="fail", discard_destination_changes=True).to_act == [1, 101]


# -- the peer's reading of the destination's changes (destination_changes_on_peer), for sessions whose source is here --

SOURCE_HERE = dict(SUSPENDED, is_local_source_volume=True, remote_boxid="PEER-B", source_volume_name="db_data01",
                   destination_volume_name="db_data01")


def test_a_source_side_session_with_changes_read_on_the_peer_needs_the_consent_and_names_the_amount():
    sessions = {1: rec_session(1, tracking_data_size=5, **SOURCE_HERE)}

    refused = planning.plan_resume(sessions, on_ineligible="fail", destination_changes_on_peer={"1": 64})

    decision = refused.decisions[0]
    assert (decision.category, decision.action) == ("peer_changed", "ineligible") and refused.to_act == []
    assert "the destination volume (on the peer array) has recorded changes since the suspend: tracking_data_size 64 (read on the peer)" in decision.reason
    assert "discard_destination_changes: true" in decision.reason
    # the local value (the source's own changes) is never read as the destination's
    assert refused.ineligible_sessions == [{"copysession_id": 1, "reason": decision.reason, "destination_changes": 64,
                                            "destination_changes_shown": True, "destination_changes_source": "peer"}]
    consented = planning.plan_resume(sessions, on_ineligible="fail", discard_destination_changes=True, destination_changes_on_peer={1: 64})
    assert consented.to_act == [1] and consented.decisions[0].category == "peer_changed"
    assert "(tracking_data_size 64 (read on the peer), in the array's units) are discarded" in consented.decisions[0].reason
    skipped = planning.plan_resume(sessions, on_ineligible="skip", destination_changes_on_peer={1: 64})
    assert skipped.to_act == [] and skipped.skipped_sessions[0]["destination_changes_source"] == "peer"


def test_zero_read_on_the_peer_is_eligible_and_says_where_it_was_read():
    plan = planning.plan_resume({1: rec_session(1, **SOURCE_HERE)}, on_ineligible="fail", destination_changes_on_peer={1: 0})
    assert plan.to_act == [1] and plan.decisions[0].category == "suspended"
    assert plan.actions[0]["destination_changes"] == 0 and plan.actions[0]["destination_changes_source"] == "peer"
    assert plan.actions[0]["destination_changes_shown"] is True
    assert "(tracking_data_size 0 (read on the peer))" in plan.decisions[0].reason


def test_on_the_destinations_array_its_own_value_counts_and_the_given_one_is_ignored():
    sessions = {101: rec_session(101, tracking_data_size=0, **DESTINATION_HERE), 102: rec_session(102, tracking_data_size=9, **DESTINATION_HERE)}
    plan = planning.plan_resume(sessions, on_ineligible="skip", destination_changes_on_peer={101: 500, 102: 0})
    assert plan.to_act == [101]
    assert [(a["destination_changes"], a["destination_changes_source"]) for a in plan.actions] == [(0, "array"), (9, "array")]


def test_a_session_the_mapping_leaves_out_or_of_unknown_direction_is_planned_as_before():
    unknown_direction = rec_session(2, **{**SOURCE_HERE, "is_local_source_volume": None})
    plan = planning.plan_resume({1: rec_session(1, **SOURCE_HERE), 2: unknown_direction}, on_ineligible="fail",
                                destination_changes_on_peer={2: 64})
    assert plan.to_act == [1, 2]
    assert [(a["destination_changes"], a["destination_changes_source"]) for a in plan.actions] == [(None, None), (None, None)]


@pytest.mark.parametrize("given, selected, message", [
    ({"7": 0}, [1, 2], "destination_changes_on_peer names session(s) 7, which are not among the selected sessions of this array (1, 2)"),
    ({101: 0, "1": 0}, [1], "names session(s) 101, which are not among the selected sessions"),
    ({"1": -1}, [1], "values that are not non-negative integers (the changes in the array's units, as tracking_data_size shows them on the peer): 1: -1"),
    ({"1": "64"}, [1], "values that are not non-negative integers"),
    ({"1": 6.5}, [1], "1: 6.5"),
    ({"1": True}, [1], "1: True"),
    ({"1": None}, [1], "1: None"),
    ({"db_data01": 0}, [1], "keys that are not copysession ids (non-negative integers): 'db_data01'"),
    ({"-1": 0}, [1], "keys that are not copysession ids"),
    ({1: 0, "1": 3}, [1], "ids given twice: '1'"),
    ([1, 2], [1], "destination_changes_on_peer must be a mapping"),
], ids=["not-selected", "peer-id", "negative", "string-value", "float", "bool", "null", "name-key", "negative-key", "twice", "list"])
def test_bad_peer_readings_are_refused_naming_them(given, selected, message):
    with pytest.raises(ValueError) as caught:
        planning.check_destination_changes_on_peer(given, selected)
    assert message in str(caught.value) and str(caught.value).endswith("nothing was sent to the array")
    with pytest.raises(ValueError):
        planning.plan_resume({i: rec_session(i, **SOURCE_HERE) for i in selected}, on_ineligible="fail", destination_changes_on_peer=given)


def test_good_peer_readings_are_normalized():
    assert planning.check_destination_changes_on_peer(None, [1]) == {}
    assert planning.check_destination_changes_on_peer({}, [1]) == {}
    assert planning.check_destination_changes_on_peer({"1": 0, 2: 64, " 0 ": 3}, [0, 1, 2]) == {1: 0, 2: 64, 0: 3}
    # without the selection (match: checked again once the sessions are read) only the form is checked
    assert planning.check_destination_changes_on_peer({"7": 1}) == {7: 1}
