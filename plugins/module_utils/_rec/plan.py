# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Planning: classify each selected session by the transition tables and decide what to do with it.

Pure functions over the session dicts of ``GET /copysession``: no I/O, no Ansible, so the rules are tested in tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._api import IDS_PER_REQUEST, chunked
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.classify import (
    CHANGES_FROM_PEER, COPY_SOURCE_CHOICES, classify_for_resume, classify_for_reverse, classify_session, copy_source_of,
    destination_changes_read)
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.describe import bounded, id_list
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.selection import ON_INELIGIBLE_CHOICES
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.tables import (
    ACTION_FORCE_SUSPEND, ACTION_INELIGIBLE, ACTION_NONE, ACTION_RESUME, ACTION_REVERSE, ACTION_SKIP, ACTION_SUSPEND,
    ACTION_WAIT, FORCE_SCOPE_ANY, RESUME_BY_CATEGORY, REVERSE_BY_CATEGORY, TRANSITIONS_BY_CATEGORY, Row, check_force_scope)

Session = Mapping[str, Any]


FORCE_REASONS = ("config_change", "restore_from_remote", "copy_path_recovery")
FORCE_REASON_DESCRIPTIONS = {
    "config_change": "the REC session configuration is being changed",
    "restore_from_remote": "data is being restored from the connected (remote) storage array",
    "copy_path_recovery": f"manual recovery of a REC session halted by a copy path error (status {vocabulary.STATUS_HALT})",
}

# Up to 512 sessions go in one request (one job), the limit the manual states for an array parameter; larger
# groups are split into a few jobs, far under the array's cap of 512 registered jobs.
SUSPEND_CHUNK_SIZE = IDS_PER_REQUEST

WAIT_FOR_RESUMED = "resumed"
WAIT_FOR_EQUIVALENT = "equivalent"
WAIT_FOR_CHOICES = (WAIT_FOR_RESUMED, WAIT_FOR_EQUIVALENT)


@dataclass(frozen=True)
class Decision:
    """The planned action for one requested copy session."""

    session_id: int | None
    action: str
    reason: str
    category: str
    # Keys each result entry of this decision carries besides id, action and reason (the resume's destination_changes).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class SuspendRequest:
    """One ``POST /copysession/suspend`` the plan asks for."""

    copysession_ids: tuple[int, ...]
    force: bool

    @property
    def body(self) -> dict[str, Any]:
        # force defaults to false on the array; a normal suspend sends exactly the vendor's example body.
        body: dict[str, Any] = {"copysession_id_list": list(self.copysession_ids)}
        if self.force:
            body["force"] = True
        return body


@dataclass
class DecisionSet:
    """The decisions for a selection (requested id -> current session) and what they add up to, for every operation."""

    decisions: list[Decision]
    on_ineligible: str
    sessions: dict[int, Session | None] = field(repr=False)

    def _ids_with(self, action: str) -> list[int]:
        return [decision.session_id for decision in self.decisions if decision.action == action]

    @property
    def ineligible(self) -> list[Decision]:
        return [decision for decision in self.decisions if decision.action == ACTION_INELIGIBLE]

    @property
    def skipped(self) -> list[Decision]:
        return self.ineligible if self.on_ineligible == "skip" else []

    @property
    def blocking(self) -> list[Decision]:
        return self.ineligible if self.on_ineligible == "fail" else []

    @property
    def skipped_sessions(self) -> list[dict[str, Any]]:
        """The result entries of the sessions left alone under on_ineligible: skip."""
        return [{"copysession_id": decision.session_id, "reason": decision.reason, **decision.extra} for decision in self.skipped]

    @property
    def ineligible_sessions(self) -> list[dict[str, Any]]:
        """The result entries of the sessions that stop the whole run under on_ineligible: fail."""
        return [{"copysession_id": decision.session_id, "reason": decision.reason, **decision.extra} for decision in self.blocking]

    @property
    def eligible_ids(self) -> list[int]:
        return [decision.session_id for decision in self.decisions if decision.action != ACTION_INELIGIBLE]

    @property
    def actions(self) -> list[dict[str, Any]]:
        skip = self.on_ineligible == "skip"
        return [
            {
                "copysession_id": decision.session_id,
                "action": ACTION_SKIP if skip and decision.action == ACTION_INELIGIBLE else decision.action,
                "reason": decision.reason,
                **decision.extra,
            }
            for decision in self.decisions
        ]

    @property
    def unchanged(self) -> list[int]:
        """Ids already as wanted: no request, nothing to wait for."""
        return self._ids_with(ACTION_NONE)


@dataclass
class SuspendPlan(DecisionSet):
    """The suspend plan for a selection, computed from the sessions' current state."""

    @property
    def to_suspend(self) -> list[int]:
        return self._ids_with(ACTION_SUSPEND)

    @property
    def to_force(self) -> list[int]:
        return self._ids_with(ACTION_FORCE_SUSPEND)

    @property
    def to_wait(self) -> list[int]:
        return self._ids_with(ACTION_WAIT)

    @property
    def already_suspended(self) -> list[int]:
        return self.unchanged

    @property
    def to_confirm(self) -> list[int]:
        """Ids that must show a finished suspend before the task is done (acted on, or already finishing)."""
        return sorted(self.to_suspend + self.to_force + self.to_wait)

    @property
    def changed(self) -> bool:
        return bool(self.requests)

    @property
    def requests(self) -> list[SuspendRequest]:
        """The suspend requests to send: none at all while an ineligible session blocks the plan."""
        if self.blocking:
            return []
        normal = [SuspendRequest(tuple(chunk), False) for chunk in chunked(self.to_suspend, SUSPEND_CHUNK_SIZE)]
        forced = [SuspendRequest(tuple(chunk), True) for chunk in chunked(self.to_force, SUSPEND_CHUNK_SIZE)]
        return normal + forced

    @property
    def data_loss(self) -> list[dict[str, Any]]:
        losses = []
        for session_id in self.to_force:
            session = self.sessions.get(session_id) or {}
            losses.append(
                {
                    "copysession_id": session_id,
                    "uncopied_data_size": session.get("uncopied_data_size"),
                    "source_volume_name": session.get("source_volume_name"),
                    "destination_volume_name": session.get("destination_volume_name"),
                }
            )
        return losses


@dataclass
class Plan(DecisionSet):
    """The plan for one per-session operation (resume or reverse) over a selection."""

    operation: str = ""

    @property
    def to_act(self) -> list[int]:
        """Ids to send the operation for, one request each; none while an ineligible session blocks the plan."""
        return [] if self.blocking else self._ids_with(self.operation)

    @property
    def changed(self) -> bool:
        return bool(self.to_act)


def check_on_ineligible(on_ineligible: str) -> None:
    if on_ineligible not in ON_INELIGIBLE_CHOICES:
        raise ValueError(f"on_ineligible must be one of {', '.join(ON_INELIGIBLE_CHOICES)}, got {on_ineligible!r}")


def _format_size(field: str, size: Any) -> str:
    # The manual gives no unit for the data sizes: show the array's number with the field's name, never "bytes".
    if isinstance(size, bool) or not isinstance(size, (int, float)):
        return f"{field} unknown"
    return f"{field} {size}"


def _format_progress(progress: Any) -> str:
    if isinstance(progress, bool) or not isinstance(progress, (int, float)):
        return "unknown"
    return f"{progress}%"


def _format_destination_changes(session: Optional[Session], on_peer: Optional[int] = None) -> str:
    amount, source = destination_changes_read(session, on_peer)
    if source == CHANGES_FROM_PEER:
        return _format_size("tracking_data_size", amount) + " (read on the peer)"
    if source is not None:
        return _format_size("tracking_data_size", amount)
    if (session or {}).get("is_local_source_volume") is False:
        return "tracking_data_size not reported"
    return "not shown on this array, which does not hold the destination"


def _format_forced_loss(session: Optional[Session]) -> str:
    uncopied = (session or {}).get("uncopied_data_size")
    if uncopied == 0 and not isinstance(uncopied, bool):
        return "no data is left behind (uncopied_data_size 0)"
    return ("the data not yet copied (%s) will be lost and the destination copy becomes unusable"
            % _format_size("uncopied_data_size", uncopied))


def reason_fields(session_id: int | None, session: Optional[Session], wanted: str | None = None,
                  on_peer: Optional[int] = None) -> dict[str, Any]:
    """The values a table's reason template may name (``on_peer``: the resume's destination_changes_on_peer for it)."""
    session = session or {}
    return {
        "copysession_id": session_id,
        "type": session.get("type"),
        "status": session.get("status"),
        "phase": session.get("phase"),
        "transfer_mode": session.get("transfer_mode"),
        "uncopied": _format_size("uncopied_data_size", session.get("uncopied_data_size")),
        "progress": _format_progress(session.get("progress")),
        "copy_source": copy_source_of(session),
        "wanted": wanted,
        "is_local_source_volume": session.get("is_local_source_volume"),
        "destination_changes": _format_destination_changes(session, on_peer),
        "forced_loss": _format_forced_loss(session),
    }


def _decide(category: str, action: str, reason: str, session_id: int | None, session: Optional[Session],
            wanted: str | None = None, extra: dict[str, Any] | None = None, on_peer: Optional[int] = None) -> Decision:
    if session_id is None and session is not None:
        session_id = session.get("copysession_id")
    return Decision(session_id=session_id, action=action, reason=reason.format(**reason_fields(session_id, session, wanted, on_peer)),
                    category=category, extra=dict(extra or {}))


def suspend_action(session: Optional[Session], force: bool, *, session_id: int | None = None,
                   force_scope: str = FORCE_SCOPE_ANY) -> Decision:
    """Decide what to do with one session; ``session_id`` names an id whose session was not found."""
    category = classify_session(session)
    outcome = TRANSITIONS_BY_CATEGORY[category].outcome(bool(force), force_scope)
    return _decide(category, outcome.action, outcome.reason, session_id, session)


def _row_action(row: Row, session_id: int | None, session: Optional[Session], wanted: str | None = None, *,
                consent: bool = False, extra: dict[str, Any] | None = None, on_peer: Optional[int] = None) -> Decision:
    outcome = row.outcome_for(consent)
    return _decide(row.category, outcome.action, outcome.reason, session_id, session, wanted, extra, on_peer)


def destination_changes_entry(session: Optional[Session], on_peer: Optional[int] = None) -> dict[str, Any]:
    """What a resume's plan entry says of the changes it would discard: the amount (None when unknown), whether it is
    known, and where it was read - ``array`` (this array holds the destination and shows it), ``peer`` (this array holds
    the copy source and destination_changes_on_peer gave it), None."""
    amount, source = destination_changes_read(session, on_peer)
    return {"destination_changes": amount, "destination_changes_shown": source is not None, "destination_changes_source": source}


def resume_action(session: Optional[Session], *, session_id: int | None = None, discard_destination_changes: bool = False,
                  on_peer: Optional[int] = None) -> Decision:
    """``on_peer``: the changes recorded on the destination as the caller read them on the peer array; used only where this
    array holds the copy source."""
    return _row_action(RESUME_BY_CATEGORY[classify_for_resume(session, on_peer)], session_id, session,
                       consent=discard_destination_changes, extra=destination_changes_entry(session, on_peer), on_peer=on_peer)


def reverse_action(session: Optional[Session], copy_source: str, *, session_id: int | None = None) -> Decision:
    if copy_source not in COPY_SOURCE_CHOICES:
        raise ValueError(f"copy_source must be one of {', '.join(COPY_SOURCE_CHOICES)}, got {copy_source!r}")
    return _row_action(REVERSE_BY_CATEGORY[classify_for_reverse(session, copy_source)], session_id, session, copy_source)


def plan_suspend(selected: Mapping[int, Session | None], *, force: bool, on_ineligible: str,
                 force_scope: str = FORCE_SCOPE_ANY) -> SuspendPlan:
    """Plan the suspend of ``selected`` (requested id -> current session, ``None`` when not found)."""
    check_on_ineligible(on_ineligible)
    check_force_scope(force_scope)
    ordered = dict(sorted(selected.items()))
    decisions = [suspend_action(session, force, session_id=session_id, force_scope=force_scope)
                 for session_id, session in ordered.items()]
    return SuspendPlan(decisions=decisions, on_ineligible=on_ineligible, sessions=ordered)


def plan_resume(selected: Mapping[int, Session | None], *, on_ineligible: str, discard_destination_changes: bool = False,
                destination_changes_on_peer: Optional[Mapping[Any, Any]] = None) -> Plan:
    """Plan the resume of ``selected`` (requested id -> current session, ``None`` when not found).

    A suspended session whose destination volume shows recorded changes is resumed only with
    ``discard_destination_changes``: the resume would discard them. Where this array holds the copy source, the
    amount comes from ``destination_changes_on_peer`` (id -> the changes the caller read on the peer), if given.
    """
    check_on_ineligible(on_ineligible)
    on_peer = check_destination_changes_on_peer(destination_changes_on_peer, selected)
    ordered = dict(sorted(selected.items()))
    return Plan(decisions=[resume_action(s, session_id=i, discard_destination_changes=discard_destination_changes, on_peer=on_peer.get(i))
                           for i, s in ordered.items()], on_ineligible=on_ineligible, sessions=ordered, operation=ACTION_RESUME)


def _as_id(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.strip().isdigit() and key.strip().isascii():
        return int(key.strip())
    return None


def check_destination_changes_on_peer(given: Optional[Mapping[Any, Any]], selected: Optional[Iterable[int]] = None) -> dict[int, int]:
    """destination_changes_on_peer as {copysession_id: amount}, or ValueError naming every bad key and value.

    Keys are this array's copysession_id (ints, or their decimal strings: Ansible passes a dict's keys as strings),
    values non-negative ints. With ``selected`` (the selected ids), a key that is not one of them is an error: most
    likely the id the pair has on the peer array, a different number.
    """
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise ValueError("destination_changes_on_peer must be a mapping of this array's copysession_id to the changes recorded "
                         "on the destination as read on the peer array, got %r; nothing was sent to the array" % (given,))
    out: dict[int, int] = {}
    bad_keys, bad_values, duplicates = [], [], []
    for key, value in given.items():
        session_id = _as_id(key)
        if session_id is None:
            bad_keys.append(repr(key))
            continue
        if session_id in out:
            duplicates.append(repr(key))
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            bad_values.append("%s: %r" % (session_id, value))
            continue
        out[session_id] = value
    problems = []
    if bad_keys:
        problems.append("keys that are not copysession ids (non-negative integers): %s" % bounded(bad_keys, "destination_changes_on_peer", separator=", "))
    if duplicates:
        problems.append("ids given twice: %s" % bounded(duplicates, "destination_changes_on_peer", separator=", "))
    if bad_values:
        problems.append("values that are not non-negative integers (the changes in the array's units, as tracking_data_size "
                        "shows them on the peer): %s" % bounded(bad_values, "destination_changes_on_peer", separator=", "))
    if problems:
        raise ValueError("destination_changes_on_peer has %s; nothing was sent to the array" % "; ".join(problems))
    if selected is not None:
        chosen = set(selected)
        unknown = sorted(i for i in out if i not in chosen)
        if unknown:
            raise ValueError(
                "destination_changes_on_peer names session(s) %s, which are not among the selected sessions of this array (%s): "
                "its keys are this array's copysession_id of selected sessions, not the ids the pairs have on the peer "
                "array; nothing was sent to the array" % (id_list(unknown), id_list(sorted(chosen)) or "none"))
    return out


def plan_reverse(selected: Mapping[int, Session | None], *, copy_source: str, on_ineligible: str) -> Plan:
    """Plan the reverse of ``selected`` so that the copy source ends up on the ``copy_source`` side."""
    check_on_ineligible(on_ineligible)
    ordered = dict(sorted(selected.items()))
    return Plan(decisions=[reverse_action(s, copy_source, session_id=i) for i, s in ordered.items()],
                on_ineligible=on_ineligible, sessions=ordered, operation=ACTION_REVERSE)


def validate_force(force: bool, force_reason: str | None, *, force_scope: str = FORCE_SCOPE_ANY) -> None:
    """Enforce the force guard: a forced suspend needs one of the vendor's three reasons, and only then.

    A narrower force_scope without force is refused too: the task would silently force nothing.
    """
    check_force_scope(force_scope)
    if not force and force_scope != FORCE_SCOPE_ANY:
        raise ValueError(f"force_scope {force_scope!r} is given but force is false; force_scope only narrows what force: true "
                         "forces: set force: true and a force_reason as well, or drop force_scope")
    valid = ", ".join(FORCE_REASONS)
    if force_reason is not None and force_reason not in FORCE_REASONS:
        raise ValueError(f"force_reason {force_reason!r} is not valid; use one of: {valid}")
    if force and force_reason is None:
        raise ValueError(
            "force: true requires a force_reason, because a forced suspend throws away the data not yet copied "
            f"and leaves the destination unusable; use one of: {valid}"
        )
    if not force and force_reason is not None:
        raise ValueError(f"force_reason {force_reason!r} is given but force is false; set force: true as well, or drop force_reason")


def check_wait_for(wait_for: str) -> None:
    if wait_for not in WAIT_FOR_CHOICES:
        raise ValueError(f"wait_for must be one of {', '.join(WAIT_FOR_CHOICES)}, got {wait_for!r}")


def resume_targets(plan: Plan, wait_for: str) -> list[int]:
    """Ids the resume waits for: those it resumes and, for V(equivalent), the active ones not yet Equivalent."""
    check_wait_for(wait_for)
    targets = set(plan.to_act)
    if wait_for == WAIT_FOR_EQUIVALENT and not plan.blocking:
        targets.update(i for i in plan.unchanged if not vocabulary.is_equivalent(plan.sessions.get(i)))
    return sorted(targets)


def never_equivalent(plan: Plan, wait_for: str) -> list[int]:
    """Ids that wait_for: equivalent would wait for in vain: Stack mode does not reach Equivalent by itself."""
    if wait_for != WAIT_FOR_EQUIVALENT:
        return []
    return [i for i in resume_targets(plan, wait_for) if vocabulary.is_stack(plan.sessions.get(i))]


def resume_reached(session: Optional[Session], wait_for: str) -> bool:
    """A resume is done: the session is Active (V(resumed)) or Active and Equivalent (V(equivalent))."""
    if wait_for == WAIT_FOR_EQUIVALENT:
        return vocabulary.is_equivalent(session)
    return vocabulary.is_active(session)


def reverse_reached(session: Optional[Session], copy_source: str) -> bool:
    return copy_source_of(session) == copy_source
