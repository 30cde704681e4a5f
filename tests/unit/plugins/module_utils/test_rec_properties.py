# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations
from ansible_collections.fujitsu.eternus.plugins.module_utils import _api
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import plan as planning
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import selection
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

from hypothesis import given, settings
from hypothesis import strategies as st


JUNK = st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 5))


_JUNK_MARKER = object()


def mostly(real_values):
    """A value from the API's real value set most of the time, junk (or None) otherwise."""
    # sampled_from draws evenly, unlike integers() which Hypothesis biases towards boundary values.
    return st.sampled_from(list(real_values) + [_JUNK_MARKER]).flatmap(lambda value: JUNK if value is _JUNK_MARKER else st.just(value))


# Repeats weight the draws towards sessions the planner can act on, so every table row shows up often.
SESSION_TYPES = mostly(["REC"] * 20 + ["OPC", "QuickOPC", "SnapOPC", "SnapOPC+", "EC", "rec"])
STATUSES = mostly(["Active"] * 8 + ["Suspend"] * 2 + ["Halt"] * 2 + ["Reserved", "Error", "Error_Suspend"])
PHASES = mostly(["Equivalent"] * 3 + ["Copying"] * 2 + ["Tracking", "Copying_and_Tracking", "Readying"])
TRANSFER_MODES = mostly(["Synchronous", "Consistency", "Stack"] * 3 + ["Through"])
CONCURRENT_SUSPEND_RESULTS = mostly([None] * 6 + ["Running"] * 3 + ["Succeeded", "Failed", "-"])
SESSION_IDS = st.integers(1, selection.COPYSESSION_ID_MAX)


@st.composite
def sessions(draw, copysession_id):
    session = {
        "copysession_id": copysession_id,
        "type": draw(SESSION_TYPES),
        "status": draw(STATUSES),
        "phase": draw(PHASES),
        "transfer_mode": draw(TRANSFER_MODES),
        "concurrent_suspend_result": draw(CONCURRENT_SUSPEND_RESULTS),
        "uncopied_data_size": draw(st.one_of(st.none(), st.integers(0, 2**50))),
        "progress": draw(st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100))),
        "source_volume_name": f"src_{copysession_id}",
        "destination_volume_name": f"dst_{copysession_id}",
    }
    # Real responses sometimes leave fields out; a missing key must be handled like any junk value.
    for key in draw(st.sets(st.sampled_from(["phase", "transfer_mode", "concurrent_suspend_result", "uncopied_data_size", "progress"]))):
        del session[key]
    return session


@st.composite
def selections(draw):
    ids = draw(st.lists(SESSION_IDS, min_size=1, max_size=12, unique=True))
    found = st.sampled_from([True] * 5 + [False])
    return {session_id: draw(sessions(session_id)) if draw(found) else None for session_id in ids}


PLAN_ARGUMENTS = {"selected": selections(), "force": st.booleans(), "on_ineligible": st.sampled_from(planning.ON_INELIGIBLE_CHOICES),
                  "force_scope": st.sampled_from(tables.FORCE_SCOPES)}


def requested_ids(plan, force=None):
    return [session_id for request in plan.requests if force is None or request.force is force for session_id in request.copysession_ids]


@given(**PLAN_ARGUMENTS)
def test_equivalent_sessions_are_never_forced(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    for session_id in plan.to_force + requested_ids(plan, force=True):
        assert not vocabulary.is_equivalent(selected[session_id])


@given(**PLAN_ARGUMENTS)
def test_suspended_sessions_are_never_acted_on(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    acted_on = set(plan.to_suspend) | set(plan.to_force) | set(requested_ids(plan))
    for session_id, session in selected.items():
        if session is not None and session.get("status") == "Suspend":
            assert session_id not in acted_on


@given(**PLAN_ARGUMENTS)
def test_nothing_is_sent_while_an_ineligible_session_blocks(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    if on_ineligible == "fail":
        assert plan.blocking == plan.ineligible
        if plan.ineligible:
            assert plan.requests == []
            assert plan.changed is False
    else:
        assert plan.blocking == []
        assert plan.skipped == plan.ineligible


@given(**PLAN_ARGUMENTS)
def test_ineligible_sessions_are_never_sent(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    ineligible_ids = {decision.session_id for decision in plan.ineligible}
    assert ineligible_ids.isdisjoint(requested_ids(plan))


@given(**PLAN_ARGUMENTS)
def test_force_only_when_asked(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    if not force:
        assert plan.to_force == []
        assert requested_ids(plan, force=True) == []
        assert plan.data_loss == []
    assert [loss["copysession_id"] for loss in plan.data_loss] == plan.to_force


@given(**PLAN_ARGUMENTS)
def test_every_requested_id_is_decided_exactly_once(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    assert [decision.session_id for decision in plan.decisions] == sorted(selected)
    assert [action["copysession_id"] for action in plan.actions] == sorted(selected)
    groups = [plan.to_suspend, plan.to_force, plan.to_wait, plan.already_suspended, [decision.session_id for decision in plan.ineligible]]
    assert sorted(session_id for group in groups for session_id in group) == sorted(selected)
    allowed = {"suspend", "force_suspend", "wait", "none", "skip" if on_ineligible == "skip" else "ineligible"}
    assert {action["action"] for action in plan.actions} <= allowed


@given(**PLAN_ARGUMENTS)
def test_requests_carry_exactly_the_planned_groups(selected, force, on_ineligible, force_scope):
    plan = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    assert all(1 <= len(request.copysession_ids) <= planning.SUSPEND_CHUNK_SIZE for request in plan.requests)
    if not plan.blocking:
        assert requested_ids(plan, force=False) == plan.to_suspend
        assert requested_ids(plan, force=True) == plan.to_force
        assert plan.changed is bool(plan.to_suspend or plan.to_force)


@given(selected=selections(), on_ineligible=st.sampled_from(planning.ON_INELIGIBLE_CHOICES))
def test_force_scope_halted_forces_halted_sessions_only(selected, on_ineligible):
    plan = planning.plan_suspend(selected, force=True, on_ineligible=on_ineligible, force_scope="halted")
    by_id = {decision.session_id: decision for decision in plan.decisions}
    for session_id in plan.to_force + requested_ids(plan, force=True):
        assert selected[session_id]["status"] == "Halt"
        assert by_id[session_id].category != "not_equivalent"
    for decision in plan.decisions:
        if decision.category == "not_equivalent":
            assert decision.action == "ineligible"


@given(**PLAN_ARGUMENTS)
def test_force_scope_halted_differs_from_any_only_for_not_equivalent_sessions(selected, force, on_ineligible, force_scope):
    scoped = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible, force_scope=force_scope)
    broad = planning.plan_suspend(selected, force=force, on_ineligible=on_ineligible)
    for narrow, wide in zip(scoped.decisions, broad.decisions):
        if narrow.category != "not_equivalent" or not force:
            assert narrow == wide


@given(session=st.one_of(st.none(), sessions(1)), force=st.booleans(), force_scope=st.sampled_from(tables.FORCE_SCOPES))
def test_every_session_falls_in_one_table_row(session, force, force_scope):
    decision = planning.suspend_action(session, force, session_id=1, force_scope=force_scope)
    assert decision.category in tables.SESSION_CATEGORIES
    assert decision.action == tables.TRANSITIONS_BY_CATEGORY[decision.category].outcome(force, force_scope).action
    if decision.action in ("suspend", "force_suspend"):
        assert session["type"] == "REC"
        assert session["status"] in ("Active", "Halt")
        assert session.get("transfer_mode") in vocabulary.SUSPENDABLE_TRANSFER_MODES


@given(st.lists(SESSION_IDS, min_size=1, max_size=50, unique=True))
def test_valid_session_ids_are_accepted(ids):
    assert selection.validate_session_ids(ids) == ids


@given(st.lists(SESSION_IDS, min_size=1, max_size=10, unique=True), st.one_of(st.integers(max_value=-1), st.integers(min_value=2**32)))
def test_out_of_range_session_ids_are_named(ids, bad):
    try:
        selection.validate_session_ids(ids + [bad])
    except ValueError as error:
        assert str(bad) in str(error)
    else:
        raise AssertionError(f"{bad} was accepted")


@given(st.lists(st.integers()), st.integers(1, 300))
def test_chunked_preserves_order_and_bounds(ids, size):
    chunks = planning.chunked(ids, size)
    assert [session_id for chunk in chunks for session_id in chunk] == ids
    assert all(1 <= len(chunk) <= size for chunk in chunks)


@settings(max_examples=50)
@given(SESSION_IDS, st.sampled_from(["", "https://192.0.2.1:5665"]))
def test_session_href_round_trip(session_id, prefix):
    assert _api.session_id_from_href(f"{prefix}/api/v1/copysession/{session_id}") == session_id
