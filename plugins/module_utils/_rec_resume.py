# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Resume and reverse of REC sessions: the transition tables and the planners, pure functions over session dicts.

Like ``_rec`` (whose ``Decision``, ``Outcome``, validators and selection this module shares), nothing here
performs I/O or imports Ansible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import Decision, Outcome, Session

ACTION_RESUME = "resume"
ACTION_REVERSE = "reverse"

WAIT_FOR_RESUMED = "resumed"
WAIT_FOR_EQUIVALENT = "equivalent"
WAIT_FOR_CHOICES = (WAIT_FOR_RESUMED, WAIT_FOR_EQUIVALENT)

COPY_SOURCE_LOCAL = "local"
COPY_SOURCE_REMOTE = "remote"
COPY_SOURCE_CHOICES = (COPY_SOURCE_LOCAL, COPY_SOURCE_REMOTE)

TRANSFER_MODE_STACK = "Stack"
KNOWN_STATUSES = (_rec.STATUS_ACTIVE, _rec.STATUS_SUSPEND, _rec.STATUS_HALT, _rec.STATUS_RESERVED) + _rec.ERROR_STATUSES

# Reverse diffs show the direction; status and phase do not change with it.
REVERSE_DIFF_KEYS = ("status", "phase", "is_local_source_volume", "source_volume_name", "destination_volume_name")


@dataclass(frozen=True)
class Row:
    """One row of a transition table: a category of session state and what the planner does with it."""

    category: str
    session_state: str
    outcome: Outcome


UNKNOWN_REASON = "unknown copy session id {copysession_id}: not found on the array (or not visible to this user)"

RESUME_TRANSITIONS: tuple[Row, ...] = (
    Row("unknown", "Session id not found on the array", Outcome(_rec.ACTION_INELIGIBLE, UNKNOWN_REASON)),
    Row("not_rec", "Session type is not REC (OPC, QuickOPC, SnapOPC, SnapOPC+, EC, ...)",
        Outcome(_rec.ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be resumed")),
    Row("error", "Status Error (or Error_Suspend)",
        Outcome(_rec.ACTION_INELIGIBLE, "status {status}: the array refuses to resume a REC session in error; resolve the error first")),
    Row("reserved", "Status Reserved (session registered, copy not started)",
        Outcome(_rec.ACTION_INELIGIBLE, "status Reserved: the copy has not started, there is nothing to resume")),
    Row("halted", "Status Halt (copy path or remote array lost)",
        Outcome(_rec.ACTION_INELIGIBLE,
                "halted (copy path lost, {uncopied} uncopied): the array does not resume a halted session; once the copy path "
                "is back, suspend it with force: true and force_reason: copy_path_recovery, then resume it")),
    Row("suspend_finishing", "Suspend still finishing (concurrent_suspend_result Running)",
        Outcome(_rec.ACTION_INELIGIBLE,
                "a suspend is still finishing (concurrent_suspend_result Running): only a suspended session can be resumed; "
                "run again once it shows Suspend")),
    Row("active", "Status Active (Copying or Equivalent)", Outcome(_rec.ACTION_NONE, "already active (phase {phase})")),
    Row("suspended", "Status Suspend",
        Outcome(ACTION_RESUME,
                "suspended: resume; the changes made on the copy source since the suspend are copied over the destination, "
                "overwriting whatever was written to the destination while suspended")),
    Row("unrecognized", "Status the collection does not know",
        Outcome(_rec.ACTION_INELIGIBLE, "status {status}: not a state this collection knows how to resume safely")),
)

ONLY_SUSPENDED = "only suspended sessions can be reversed"

REVERSE_TRANSITIONS: tuple[Row, ...] = (
    Row("unknown", "Session id not found on the array", Outcome(_rec.ACTION_INELIGIBLE, UNKNOWN_REASON)),
    Row("not_rec", "Session type is not REC (OPC, QuickOPC, SnapOPC, SnapOPC+, EC, ...)",
        Outcome(_rec.ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be reversed")),
    Row("direction_unknown", "is_local_source_volume missing (the array does not say which side is the copy source)",
        Outcome(_rec.ACTION_INELIGIBLE, "the array does not report which side is the copy source (is_local_source_volume "
                                        "is {is_local_source_volume}); cannot tell whether a reverse is needed")),
    Row("in_direction", "Copy source already on the wanted side (any status)",
        Outcome(_rec.ACTION_NONE, "already in the wanted direction (copy source {copy_source})")),
    Row("suspend_finishing", "Other direction, suspend still finishing (concurrent_suspend_result Running)",
        Outcome(_rec.ACTION_INELIGIBLE, "a suspend is still finishing (concurrent_suspend_result Running): "
                                        + ONLY_SUSPENDED + "; run again once it shows Suspend")),
    Row("suspended", "Other direction, status Suspend",
        Outcome(ACTION_REVERSE, "suspended, copy source {copy_source}: reverse so that the copy source is {wanted}")),
    Row("active", "Other direction, status Active",
        Outcome(_rec.ACTION_INELIGIBLE, "status Active (phase {phase}): " + ONLY_SUSPENDED
                + "; suspend it first with fujitsu.eternus.rec_session_suspend")),
    Row("halted", "Other direction, status Halt (copy path or remote array lost)",
        Outcome(_rec.ACTION_INELIGIBLE, "halted (copy path lost): " + ONLY_SUSPENDED
                + "; suspend it with force: true and force_reason: copy_path_recovery first")),
    Row("error", "Other direction, status Error (or Error_Suspend)",
        Outcome(_rec.ACTION_INELIGIBLE, "status {status}: " + ONLY_SUSPENDED + "; resolve the error first")),
    Row("reserved", "Other direction, status Reserved",
        Outcome(_rec.ACTION_INELIGIBLE, "status Reserved: " + ONLY_SUSPENDED + "; the copy has not started")),
    Row("unrecognized", "Other direction, a status the collection does not know",
        Outcome(_rec.ACTION_INELIGIBLE, "status {status}: " + ONLY_SUSPENDED)),
)

RESUME_BY_CATEGORY: dict[str, Row] = {row.category: row for row in RESUME_TRANSITIONS}
REVERSE_BY_CATEGORY: dict[str, Row] = {row.category: row for row in REVERSE_TRANSITIONS}


def _suspend_finishing(session: Session) -> bool:
    return (session.get("status") in (_rec.STATUS_ACTIVE, _rec.STATUS_SUSPEND)
            and session.get("concurrent_suspend_result") == _rec.CONCURRENT_SUSPEND_RUNNING)


def _status_category(session: Session) -> str:
    """The category shared by both tables for a REC session's status, in check order."""
    status = session.get("status")
    if status in _rec.ERROR_STATUSES:
        return "error"
    if status == _rec.STATUS_RESERVED:
        return "reserved"
    if status == _rec.STATUS_HALT:
        return "halted"
    if _suspend_finishing(session):
        return "suspend_finishing"
    if status == _rec.STATUS_ACTIVE:
        return "active"
    if status == _rec.STATUS_SUSPEND:
        return "suspended"
    return "unrecognized"


def classify_for_resume(session: Session | None) -> str:
    if session is None:
        return "unknown"
    if not _rec.is_rec(session):
        return "not_rec"
    return _status_category(session)


def copy_source_of(session: Session | None) -> str | None:
    """V(local) when this array holds the copy source, V(remote) when the peer does, None when unknown."""
    local = (session or {}).get("is_local_source_volume")
    if not isinstance(local, bool):
        return None
    return COPY_SOURCE_LOCAL if local else COPY_SOURCE_REMOTE


def classify_for_reverse(session: Session | None, copy_source: str) -> str:
    if session is None:
        return "unknown"
    if not _rec.is_rec(session):
        return "not_rec"
    current = copy_source_of(session)
    if current is None:
        return "direction_unknown"
    if current == copy_source:
        return "in_direction"
    return _status_category(session)


def _reason_fields(session_id: int | None, session: Session | None, wanted: str | None = None) -> dict[str, Any]:
    fields = _rec.reason_fields(session_id, session)
    fields.update(copy_source=copy_source_of(session), wanted=wanted,
                  is_local_source_volume=(session or {}).get("is_local_source_volume"))
    return fields


def _decide(row: Row, session_id: int | None, session: Session | None, wanted: str | None = None) -> Decision:
    if session_id is None and session is not None:
        session_id = session.get("copysession_id")
    return Decision(session_id=session_id, action=row.outcome.action,
                    reason=row.outcome.reason.format(**_reason_fields(session_id, session, wanted)), category=row.category)


def resume_action(session: Session | None, *, session_id: int | None = None) -> Decision:
    return _decide(RESUME_BY_CATEGORY[classify_for_resume(session)], session_id, session)


def reverse_action(session: Session | None, copy_source: str, *, session_id: int | None = None) -> Decision:
    if copy_source not in COPY_SOURCE_CHOICES:
        raise ValueError(f"copy_source must be one of {', '.join(COPY_SOURCE_CHOICES)}, got {copy_source!r}")
    return _decide(REVERSE_BY_CATEGORY[classify_for_reverse(session, copy_source)], session_id, session, copy_source)


@dataclass
class Plan(_rec.DecisionSet):
    """The plan for one per-session operation (resume or reverse) over a selection."""

    operation: str = ""

    @property
    def to_act(self) -> list[int]:
        """Ids to send the operation for, one request each; none while an ineligible session blocks the plan."""
        return [] if self.blocking else self._ids_with(self.operation)

    @property
    def unchanged(self) -> list[int]:
        return self._ids_with(_rec.ACTION_NONE)

    @property
    def changed(self) -> bool:
        return bool(self.to_act)


def plan_resume(selected: Mapping[int, Session | None], *, on_ineligible: str) -> Plan:
    """Plan the resume of ``selected`` (requested id -> current session, ``None`` when not found)."""
    _rec.check_on_ineligible(on_ineligible)
    ordered = dict(sorted(selected.items()))
    return Plan(decisions=[resume_action(s, session_id=i) for i, s in ordered.items()], on_ineligible=on_ineligible,
                sessions=ordered, operation=ACTION_RESUME)


def plan_reverse(selected: Mapping[int, Session | None], *, copy_source: str, on_ineligible: str) -> Plan:
    """Plan the reverse of ``selected`` so that the copy source ends up on the ``copy_source`` side."""
    _rec.check_on_ineligible(on_ineligible)
    ordered = dict(sorted(selected.items()))
    return Plan(decisions=[reverse_action(s, copy_source, session_id=i) for i, s in ordered.items()], on_ineligible=on_ineligible,
                sessions=ordered, operation=ACTION_REVERSE)


def resume_targets(plan: Plan, wait_for: str) -> list[int]:
    """Ids the resume waits for: those it resumes and, for V(equivalent), the active ones not yet Equivalent."""
    if wait_for not in WAIT_FOR_CHOICES:
        raise ValueError(f"wait_for must be one of {', '.join(WAIT_FOR_CHOICES)}, got {wait_for!r}")
    targets = set(plan.to_act)
    if wait_for == WAIT_FOR_EQUIVALENT and not plan.blocking:
        targets.update(i for i in plan.unchanged if not _rec.is_equivalent(plan.sessions.get(i)))
    return sorted(targets)


def never_equivalent(plan: Plan, wait_for: str) -> list[int]:
    """Ids that wait_for: equivalent would wait for in vain: Stack mode does not reach Equivalent by itself."""
    if wait_for != WAIT_FOR_EQUIVALENT:
        return []
    return [i for i in resume_targets(plan, wait_for) if (plan.sessions.get(i) or {}).get("transfer_mode") == TRANSFER_MODE_STACK]


def resume_reached(session: Session | None, wait_for: str) -> bool:
    """A resume is done: the session is Active (V(resumed)) or Active and Equivalent (V(equivalent))."""
    if wait_for == WAIT_FOR_EQUIVALENT:
        return _rec.is_equivalent(session)
    return _rec.is_active(session)


def reverse_reached(session: Session | None, copy_source: str) -> bool:
    return copy_source_of(session) == copy_source


def planned_after_resume(decision: Decision, session: Session | None, wait_for: str) -> Session | None:
    """The session as a resume is expected to leave it (check mode's ``after``)."""
    if session is None or decision.action != ACTION_RESUME:
        return session
    expected = dict(session, status=_rec.STATUS_ACTIVE, concurrent_suspend_result=None)
    expected["phase"] = _rec.PHASE_EQUIVALENT if wait_for == WAIT_FOR_EQUIVALENT else "Copying"
    return expected


def planned_after_reverse(decision: Decision, session: Session | None) -> Session | None:
    """The session as a reverse is expected to leave it: the other side is the copy source."""
    if session is None or decision.action != ACTION_REVERSE:
        return session
    expected = dict(session, is_local_source_volume=not session.get("is_local_source_volume"))
    for source_key, destination_key in (("source_volume_number", "destination_volume_number"),
                                        ("source_volume_href", "destination_volume_href"),
                                        ("source_volume_name", "destination_volume_name")):
        if source_key in session or destination_key in session:
            expected[source_key], expected[destination_key] = session.get(destination_key), session.get(source_key)
    return expected


def session_progress(session_id: int, session: Session | None) -> dict[str, Any]:
    """How far a session's copy is: what a person watching a resume wants to see."""
    session = session or {}
    return {"copysession_id": session_id, "status": session.get("status"), "phase": session.get("phase"),
            "progress": session.get("progress"), "uncopied_data_size": session.get("uncopied_data_size"),
            "is_local_source_volume": session.get("is_local_source_volume")}


def render_table_markdown(rows: tuple[Row, ...], action_header: str) -> str:
    """A transition table as markdown, in check order."""
    lines = [f"| Session state | {action_header} |", "|---|---|"]
    for row in rows:
        lines.append(f"| {row.session_state} (`{row.category}`) | {_rec.describe_outcome(row.outcome)} |")
    return "\n".join(lines) + "\n"


def render_resume_table_markdown() -> str:
    return render_table_markdown(RESUME_TRANSITIONS, "rec_session_resume")


def render_reverse_table_markdown() -> str:
    return render_table_markdown(REVERSE_TRANSITIONS, "rec_session_reverse (copy_source: the wanted side)")
