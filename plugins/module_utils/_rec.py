# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The REC (Remote Equivalent Copy) domain of fujitsu.eternus: pure functions over copy session dicts.

Sessions are the dicts returned by ``GET /copysession``. Nothing here performs I/O or imports
Ansible, so the planning rules can be tested in tables and rendered into the docs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

Session = Mapping[str, Any]

ACTION_NONE = "none"
ACTION_WAIT = "wait"
ACTION_SUSPEND = "suspend"
ACTION_FORCE_SUSPEND = "force_suspend"
ACTION_INELIGIBLE = "ineligible"
ACTION_SKIP = "skip"

ON_INELIGIBLE_CHOICES = ("fail", "skip")

FORCE_SCOPE_ANY = "any"
FORCE_SCOPE_HALTED = "halted"
FORCE_SCOPES = (FORCE_SCOPE_ANY, FORCE_SCOPE_HALTED)

STATUS_ACTIVE = "Active"
STATUS_SUSPEND = "Suspend"
STATUS_HALT = "Halt"
STATUS_RESERVED = "Reserved"
# Error_Suspend is a firmware status that the REST docs do not list; it is an error all the same.
ERROR_STATUSES = ("Error", "Error_Suspend")
PHASE_EQUIVALENT = "Equivalent"
TRANSFER_MODE_THROUGH = "Through"
SUSPENDABLE_TRANSFER_MODES = ("Synchronous", "Consistency", "Stack")
CONCURRENT_SUSPEND_RUNNING = "Running"

COPYSESSION_ID_MAX = 2**32 - 1

# Up to 1024 sessions go in one request (one job): a run over a whole array's REC sessions costs a
# single POST per group, while the body stays around 10 KB even with 10-digit ids. Larger groups
# are split into a few jobs, far under the array's cap of 512 registered jobs.
SUSPEND_CHUNK_SIZE = 1024

JOB_TERMINAL = ("Success", "Error", "Partial_Error", "Canceled")

FORCE_REASONS = ("config_change", "restore_from_remote", "copy_path_recovery")
FORCE_REASON_DESCRIPTIONS = {
    "config_change": "the REC session configuration is being changed",
    "restore_from_remote": "data is being restored from the connected (remote) storage array",
    "copy_path_recovery": "manual recovery of a REC session halted by a copy path error (status Halt)",
}

MATCH_KEYS = ("remote_boxid", "transfer_mode", "status", "phase", "source_volume_name", "destination_volume_name")
MATCH_GLOB_KEYS = ("source_volume_name", "destination_volume_name")


@dataclass(frozen=True)
class Outcome:
    """What the suspend planner does with a session of one category for one value of ``force``."""

    action: str
    reason: str


@dataclass(frozen=True)
class Transition:
    """One row of the suspend transition table.

    ``reason`` texts are ``str.format`` templates over the fields of ``reason_fields``; the docs
    render them with the field names as placeholders. ``with_force_halted_only`` is the outcome under
    ``force: true`` with ``force_scope: halted``; ``None`` means the same as ``with_force``.
    """

    category: str
    session_state: str
    without_force: Outcome
    with_force: Outcome
    with_force_halted_only: Outcome | None = None

    def outcome(self, force: bool, force_scope: str = FORCE_SCOPE_ANY) -> Outcome:
        # Checked here, for every session: an unknown scope read as "any" would force more than was asked for.
        check_force_scope(force_scope)
        if not force:
            return self.without_force
        if force_scope == FORCE_SCOPE_HALTED and self.with_force_halted_only is not None:
            return self.with_force_halted_only
        return self.with_force


SUSPEND_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "unknown",
        "Session id not found on the array",
        Outcome(ACTION_INELIGIBLE, "unknown copy session id {copysession_id}: not found on the array (or not visible to this user)"),
        Outcome(ACTION_INELIGIBLE, "unknown copy session id {copysession_id}: not found on the array (or not visible to this user)"),
    ),
    Transition(
        "not_rec",
        "Session type is not REC (OPC, QuickOPC, SnapOPC, SnapOPC+, EC, ...)",
        Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be suspended"),
        Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be suspended, force does not change that"),
    ),
    Transition(
        "error",
        "Status Error (or Error_Suspend)",
        Outcome(ACTION_INELIGIBLE, "status {status}: the array refuses to suspend a REC session in error; resolve the error first"),
        Outcome(ACTION_INELIGIBLE, "status {status}: the array refuses to suspend a REC session in error, even with force; resolve the error first"),
    ),
    Transition(
        "reserved",
        "Status Reserved (session registered, copy not started)",
        Outcome(ACTION_INELIGIBLE, "status Reserved: the copy has not started, there is nothing to suspend"),
        Outcome(ACTION_INELIGIBLE, "status Reserved: the copy has not started, there is nothing to suspend, even with force"),
    ),
    Transition(
        "suspend_finishing",
        "Suspend still finishing (concurrent_suspend_result Running)",
        Outcome(ACTION_WAIT, "a suspend is already finishing (concurrent_suspend_result Running); no request, wait for it"),
        Outcome(ACTION_WAIT, "a suspend is already finishing (concurrent_suspend_result Running); no request, wait for it"),
    ),
    Transition(
        "suspended",
        "Status Suspend",
        Outcome(ACTION_NONE, "already suspended"),
        Outcome(ACTION_NONE, "already suspended"),
    ),
    Transition(
        "through",
        "Transfer mode Through (not suspended)",
        Outcome(ACTION_INELIGIBLE, "transfer mode Through: the array refuses to suspend a session in Through mode"),
        Outcome(ACTION_INELIGIBLE, "transfer mode Through: the array refuses to suspend a session in Through mode, even with force"),
    ),
    Transition(
        "halted",
        "Status Halt (copy path or remote array lost)",
        Outcome(
            ACTION_INELIGIBLE,
            "halted: the copy path to the remote array is lost and the volumes are not equivalent ({uncopied} uncopied); "
            "to recover manually suspend with force: true and force_reason: copy_path_recovery, accepting that the uncopied data is lost",
        ),
        Outcome(ACTION_FORCE_SUSPEND, "halted (copy path lost): forced suspend, {uncopied} uncopied will be lost and the destination copy becomes unusable"),
    ),
    Transition(
        "unrecognized",
        "Status or transfer mode the collection does not know",
        Outcome(ACTION_INELIGIBLE, "status {status}, transfer mode {transfer_mode}: not a state this collection knows how to suspend safely"),
        Outcome(
            ACTION_INELIGIBLE,
            "status {status}, transfer mode {transfer_mode}: not a state this collection knows how to suspend safely, force does not change that",
        ),
    ),
    Transition(
        "equivalent",
        "Active, phase Equivalent (transfer mode Synchronous, Consistency or Stack)",
        Outcome(ACTION_SUSPEND, "equivalent: suspend"),
        Outcome(ACTION_SUSPEND, "equivalent: suspend without force, nothing is lost"),
    ),
    Transition(
        "not_equivalent",
        "Active, phase not Equivalent (Copying, ...); Stack mode never reaches Equivalent by itself",
        Outcome(
            ACTION_INELIGIBLE,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}): {uncopied} uncopied, progress {progress}; "
            "suspend with force: true and a force_reason only if you accept losing them",
        ),
        Outcome(
            ACTION_FORCE_SUSPEND,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}, progress {progress}): forced suspend, "
            "{uncopied} not yet copied will be lost and the destination copy becomes unusable",
        ),
        # Active means the copy path is up: forcing it would throw away data the array is still delivering.
        Outcome(
            ACTION_INELIGIBLE,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}): {uncopied} still being copied over a copy path "
            "that is up; force_scope: halted forces only halted sessions: wait until it is Equivalent (Stack mode never "
            "gets there by itself) and suspend it without force",
        ),
    ),
)

TRANSITIONS_BY_CATEGORY: dict[str, Transition] = {transition.category: transition for transition in SUSPEND_TRANSITIONS}
SESSION_CATEGORIES: tuple[str, ...] = tuple(TRANSITIONS_BY_CATEGORY)


@dataclass(frozen=True)
class Decision:
    """The planned suspend action for one requested copy session."""

    session_id: int | None
    action: str
    reason: str
    category: str


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
        return [{"copysession_id": decision.session_id, "reason": decision.reason} for decision in self.skipped]

    @property
    def ineligible_sessions(self) -> list[dict[str, Any]]:
        """The result entries of the sessions that stop the whole run under on_ineligible: fail."""
        return [{"copysession_id": decision.session_id, "reason": decision.reason} for decision in self.blocking]

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
            }
            for decision in self.decisions
        ]


def check_on_ineligible(on_ineligible: str) -> None:
    if on_ineligible not in ON_INELIGIBLE_CHOICES:
        raise ValueError(f"on_ineligible must be one of {', '.join(ON_INELIGIBLE_CHOICES)}, got {on_ineligible!r}")


def check_force_scope(force_scope: str) -> None:
    if force_scope not in FORCE_SCOPES:
        raise ValueError(f"force_scope must be one of {', '.join(FORCE_SCOPES)}, got {force_scope!r}")


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
        return self._ids_with(ACTION_NONE)

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


@dataclass(frozen=True)
class JobResults:
    """The per-session outcome of a finished (or running) job."""

    status: str | None
    succeeded: list[int]
    failed: list[dict[str, Any]]
    in_progress: list[int]


def is_rec(session: Session | None) -> bool:
    return session is not None and session.get("type") == "REC"


def classify_session(session: Session | None) -> str:
    """Return the transition-table category of a session (``None`` means the id was not found)."""
    if session is None:
        return "unknown"
    if not is_rec(session):
        return "not_rec"
    status = session.get("status")
    if status in ERROR_STATUSES:
        return "error"
    if status == STATUS_RESERVED:
        return "reserved"
    if status in (STATUS_ACTIVE, STATUS_SUSPEND) and session.get("concurrent_suspend_result") == CONCURRENT_SUSPEND_RUNNING:
        return "suspend_finishing"
    # Suspended is checked before Through: the transfer mode can only be changed while suspended, so a
    # suspended session in Through mode is a normal sight and already what the user asked for.
    if status == STATUS_SUSPEND:
        return "suspended"
    transfer_mode = session.get("transfer_mode")
    if transfer_mode == TRANSFER_MODE_THROUGH:
        return "through"
    if status not in (STATUS_ACTIVE, STATUS_HALT) or transfer_mode not in SUSPENDABLE_TRANSFER_MODES:
        return "unrecognized"
    if status == STATUS_HALT:
        return "halted"
    if session.get("phase") == PHASE_EQUIVALENT:
        return "equivalent"
    return "not_equivalent"


def _format_bytes(size: Any) -> str:
    if isinstance(size, bool) or not isinstance(size, int):
        return "an unknown amount of data"
    if size < 1024:
        return f"{size} bytes"
    scaled = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        scaled /= 1024
        if scaled < 1024 or unit == "PiB":
            break
    return f"{size} bytes ({scaled:.1f} {unit})"


def _format_progress(progress: Any) -> str:
    if isinstance(progress, bool) or not isinstance(progress, (int, float)):
        return "unknown"
    return f"{progress}%"


def reason_fields(session_id: int | None, session: Session | None) -> dict[str, Any]:
    session = session or {}
    return {
        "copysession_id": session_id,
        "type": session.get("type"),
        "status": session.get("status"),
        "phase": session.get("phase"),
        "transfer_mode": session.get("transfer_mode"),
        "uncopied": _format_bytes(session.get("uncopied_data_size")),
        "progress": _format_progress(session.get("progress")),
    }


def suspend_action(session: Session | None, force: bool, *, session_id: int | None = None,
                   force_scope: str = FORCE_SCOPE_ANY) -> Decision:
    """Decide what to do with one session; ``session_id`` names an id whose session was not found."""
    if session_id is None and session is not None:
        session_id = session.get("copysession_id")
    category = classify_session(session)
    outcome = TRANSITIONS_BY_CATEGORY[category].outcome(bool(force), force_scope)
    return Decision(
        session_id=session_id,
        action=outcome.action,
        reason=outcome.reason.format(**reason_fields(session_id, session)),
        category=category,
    )


def plan_suspend(selected: Mapping[int, Session | None], *, force: bool, on_ineligible: str,
                 force_scope: str = FORCE_SCOPE_ANY) -> SuspendPlan:
    """Plan the suspend of ``selected`` (requested id -> current session, ``None`` when not found)."""
    check_on_ineligible(on_ineligible)
    check_force_scope(force_scope)
    ordered = dict(sorted(selected.items()))
    decisions = [suspend_action(session, force, session_id=session_id, force_scope=force_scope)
                 for session_id, session in ordered.items()]
    return SuspendPlan(decisions=decisions, on_ineligible=on_ineligible, sessions=ordered)


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


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_session_ids(ids: Any) -> list[int]:
    """Return the requested copy session ids, in the order given, or raise ValueError naming the bad values."""
    if not isinstance(ids, (list, tuple)):
        raise ValueError(f"session_ids must be a list of integers, got {ids!r}")
    if not ids:
        raise ValueError("session_ids is empty; give at least one copy session id")
    not_integers = [value for value in ids if not _is_integer(value)]
    if not_integers:
        raise ValueError(f"session_ids contains non-integers: {', '.join(repr(value) for value in not_integers)}")
    out_of_range = [value for value in ids if not 1 <= value <= COPYSESSION_ID_MAX]
    if out_of_range:
        raise ValueError(f"session_ids contains values out of range 1..{COPYSESSION_ID_MAX}: {', '.join(str(value) for value in out_of_range)}")
    seen: set[int] = set()
    duplicates: list[int] = []
    for value in ids:
        if value in seen and value not in duplicates:
            duplicates.append(value)
        seen.add(value)
    if duplicates:
        raise ValueError(f"session_ids contains duplicates: {', '.join(str(value) for value in duplicates)}")
    return list(ids)


def _match_criteria(match: Mapping[str, Any]) -> dict[str, Any]:
    # Ansible fills unset suboptions with None; they select nothing.
    return {key: value for key, value in match.items() if value is not None}


def validate_match(match: Any) -> None:
    """Raise ValueError unless ``match`` has at least one criterion and only known keys with string values."""
    valid = ", ".join(MATCH_KEYS)
    if not isinstance(match, Mapping):
        raise ValueError(f"match must be a dictionary with keys among: {valid}; got {match!r}")
    unknown = [key for key in match if key not in MATCH_KEYS]
    if unknown:
        raise ValueError(f"match has unknown keys: {', '.join(str(key) for key in unknown)}; valid keys: {valid}")
    criteria = _match_criteria(match)
    if not criteria:
        raise ValueError(f"match is empty; give at least one of: {valid}")
    not_strings = [key for key, value in criteria.items() if not isinstance(value, str)]
    if not_strings:
        raise ValueError(f"match values must be strings: {', '.join(f'{key}={criteria[key]!r}' for key in not_strings)}")


def session_matches(session: Session | None, match: Mapping[str, Any]) -> bool:
    """True when the session meets every criterion; volume names are case-sensitive globs."""
    if session is None:
        return False
    for key, wanted in _match_criteria(match).items():
        actual = session.get(key)
        if not isinstance(actual, str):
            return False
        if key in MATCH_GLOB_KEYS:
            if not fnmatchcase(actual, wanted):
                return False
        elif actual != wanted:
            return False
    return True


def select_matching_rec(sessions: Iterable[Session], match: Mapping[str, Any]) -> dict[int, Session]:
    """The REC sessions among ``sessions`` that meet ``match``, by id."""
    return {session["copysession_id"]: session for session in sessions if is_rec(session) and session_matches(session, match)}


def chunked(ids: Sequence[int], size: int) -> list[list[int]]:
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    return [list(ids[start:start + size]) for start in range(0, len(ids), size)]


_COPYSESSION_HREF = re.compile(r"/copysession/(\d+)/?$")


def session_id_from_href(href: Any) -> int | None:
    if not isinstance(href, str):
        return None
    found = _COPYSESSION_HREF.search(href)
    return int(found.group(1)) if found else None


def _ids_from_hrefs(hrefs: Any) -> list[int]:
    ids = (session_id_from_href(href) for href in hrefs or ())
    return [session_id for session_id in ids if session_id is not None]


def _failed_entry(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        return {"copysession_id": None, "error_code": None, "message": str(item), "resource_href": None, "item": item}
    href = item.get("resource_href")
    entry = {
        "copysession_id": session_id_from_href(href),
        "error_code": item.get("error_code"),
        "message": item.get("message"),
        "resource_href": href,
    }
    # The failed item's shape is not fully documented: keep everything when it cannot be tied to a session.
    if entry["copysession_id"] is None:
        entry["item"] = dict(item)
    return entry


def decode_job_results(job: Mapping[str, Any]) -> JobResults:
    return JobResults(
        status=job.get("status"),
        succeeded=_ids_from_hrefs(job.get("succeeded_resource_href_list")),
        failed=[_failed_entry(item) for item in job.get("failed_resource_info_list") or ()],
        in_progress=_ids_from_hrefs(job.get("progress_href_list")),
    )


def job_is_terminal(job: Mapping[str, Any]) -> bool:
    return job.get("status") in JOB_TERMINAL


def suspend_complete(session: Session | None) -> bool:
    return (
        session is not None
        and session.get("status") == STATUS_SUSPEND
        and session.get("concurrent_suspend_result") != CONCURRENT_SUSPEND_RUNNING
    )


def is_active(session: Session | None) -> bool:
    return session is not None and session.get("status") == STATUS_ACTIVE


def is_equivalent(session: Session | None) -> bool:
    return is_active(session) and session.get("phase") == PHASE_EQUIVALENT


DIFF_KEYS = ("status", "phase")


def _diff_state(session: Session | None, keys: Sequence[str]) -> dict[str, Any]:
    if session is None:
        return {}
    return {key: session.get(key) for key in keys}


def session_diff(before: Mapping[int, Session | None], after: Mapping[int, Session | None], ids: Iterable[int],
                 keys: Sequence[str] = DIFF_KEYS) -> dict[str, dict[str, Any]]:
    """Ansible diff (``before``/``after``) of ``keys`` (status and phase) per session; an absent session shows as ``{}``."""
    ordered = sorted(ids)
    return {
        "before": {str(session_id): _diff_state(before.get(session_id), keys) for session_id in ordered},
        "after": {str(session_id): _diff_state(after.get(session_id), keys) for session_id in ordered},
    }


def planned_after(decision: Decision, session: Session | None) -> Session | None:
    """The session as the plan expects it once carried out (check mode shows this as the ``after`` side)."""
    if session is None or decision.action not in (ACTION_SUSPEND, ACTION_FORCE_SUSPEND, ACTION_WAIT):
        return session
    expected = dict(session)
    expected["status"] = STATUS_SUSPEND
    expected["concurrent_suspend_result"] = None
    return expected


class _DocPlaceholders(dict):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


_DOC_PLACEHOLDERS = _DocPlaceholders(uncopied="N bytes", progress="P%")


# Heading, force and force_scope of each outcome column of the rendered suspend table.
SUSPEND_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("force: false", False, FORCE_SCOPE_ANY),
    ("force: true (with a force_reason)", True, FORCE_SCOPE_ANY),
    ("force: true, force_scope: halted", True, FORCE_SCOPE_HALTED),
)


def suspend_outcomes(transition: Transition) -> list[Outcome]:
    """A suspend table row's outcome in each column of SUSPEND_COLUMNS."""
    return [transition.outcome(force, force_scope) for _heading, force, force_scope in SUSPEND_COLUMNS]


def describe_outcome(outcome: Outcome) -> str:
    reason = outcome.reason.format_map(_DOC_PLACEHOLDERS).replace("|", "\\|")
    return f"**{outcome.action}**: {reason}"


def render_transition_table_markdown() -> str:
    """The suspend transition table as markdown, rendered from SUSPEND_TRANSITIONS in check order."""
    lines = [
        f"| Session state | {' | '.join(heading for heading, _force, _scope in SUSPEND_COLUMNS)} |",
        "|---" * (1 + len(SUSPEND_COLUMNS)) + "|",
    ]
    for transition in SUSPEND_TRANSITIONS:
        cells = [f"{transition.session_state} (`{transition.category}`)"]
        cells.extend(describe_outcome(outcome) for outcome in suspend_outcomes(transition))
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"
