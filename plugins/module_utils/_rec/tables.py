# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The suspend, resume and reverse transition tables as data, and their rendering for the docs.

Each row is a category of session state (in the order the planners check them) and what the planner does with it.
Reason texts are ``str.format`` templates over the fields of ``plan.reason_fields``; the docs render them with the
field names as placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import (
    CONCURRENT_SUSPEND_RUNNING, ERROR_STATUSES, PHASE_COPYING, PHASE_EQUIVALENT, STATUS_ACTIVE, STATUS_HALT, STATUS_RESERVED,
    STATUS_SUSPEND, TRANSFER_MODE_CONSISTENCY, TRANSFER_MODE_STACK, TRANSFER_MODE_SYNCHRONOUS, TRANSFER_MODE_THROUGH)

ACTION_NONE = "none"
ACTION_WAIT = "wait"
ACTION_SUSPEND = "suspend"
ACTION_FORCE_SUSPEND = "force_suspend"
ACTION_RESUME = "resume"
ACTION_REVERSE = "reverse"
ACTION_INELIGIBLE = "ineligible"
ACTION_SKIP = "skip"

FORCE_SCOPE_ANY = "any"
FORCE_SCOPE_HALTED = "halted"
FORCE_SCOPES = (FORCE_SCOPE_ANY, FORCE_SCOPE_HALTED)


def check_force_scope(force_scope: str) -> None:
    if force_scope not in FORCE_SCOPES:
        raise ValueError(f"force_scope must be one of {', '.join(FORCE_SCOPES)}, got {force_scope!r}")


@dataclass(frozen=True)
class Outcome:
    """What a planner does with a session of one category."""

    action: str
    reason: str


@dataclass(frozen=True)
class Transition:
    """One row of the suspend transition table: its outcome without and with force.

    ``with_force_halted_only`` is the outcome under ``force: true`` with ``force_scope: halted``; ``None`` means the
    same as ``with_force``.
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


@dataclass(frozen=True)
class Row:
    """One row of the resume or reverse table: a category of session state and its outcome.

    ``with_consent`` is the outcome when the user gave the consent the row asks for (the resume's
    ``discard_destination_changes``); ``None`` means the same as ``outcome``.
    """

    category: str
    session_state: str
    outcome: Outcome
    with_consent: Outcome | None = None

    def outcome_for(self, consent: bool = False) -> Outcome:
        return self.with_consent if consent and self.with_consent is not None else self.outcome


def _both(action: str, reason: str) -> tuple[Outcome, Outcome]:
    return Outcome(action, reason), Outcome(action, reason)


ERRORS = " or ".join(ERROR_STATUSES[1:])
FINISHING = f"concurrent_suspend_result {CONCURRENT_SUSPEND_RUNNING}"
UNKNOWN_REASON = "unknown copy session id {copysession_id}: not found on the array (or not visible to this user)"
NOT_REC_STATE = "Session type is not REC (OPC, QuickOPC, SnapOPC, SnapOPC+, EC, ...)"
ERROR_STATE = f"Status {ERROR_STATUSES[0]} (or {ERRORS})"
RESERVED_STATE = f"Status {STATUS_RESERVED} (session registered, copy not started)"
HALT_STATE = f"Status {STATUS_HALT} (copy path or remote array lost)"
FINISHING_STATE = f"{STATUS_SUSPEND} still finishing ({FINISHING})"
SUSPENDABLE_MODES = f"{TRANSFER_MODE_SYNCHRONOUS}, {TRANSFER_MODE_CONSISTENCY} or {TRANSFER_MODE_STACK}"

SUSPEND_TRANSITIONS: tuple[Transition, ...] = (
    Transition("unknown", "Session id not found on the array", *_both(ACTION_INELIGIBLE, UNKNOWN_REASON)),
    Transition(
        "not_rec", NOT_REC_STATE,
        Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be suspended"),
        Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be suspended, force does not change that"),
    ),
    Transition(
        "error", ERROR_STATE,
        Outcome(ACTION_INELIGIBLE, "status {status}: the array refuses to suspend a REC session in error; resolve the error first"),
        Outcome(ACTION_INELIGIBLE, "status {status}: the array refuses to suspend a REC session in error, even with force; resolve the error first"),
    ),
    Transition(
        "reserved", RESERVED_STATE,
        Outcome(ACTION_INELIGIBLE, f"status {STATUS_RESERVED}: the copy has not started, there is nothing to suspend"),
        Outcome(ACTION_INELIGIBLE, f"status {STATUS_RESERVED}: the copy has not started, there is nothing to suspend, even with force"),
    ),
    Transition("suspend_finishing", FINISHING_STATE,
               *_both(ACTION_WAIT, f"a suspend is already finishing ({FINISHING}); no request, wait for it")),
    Transition("suspended", f"Status {STATUS_SUSPEND}", *_both(ACTION_NONE, "already suspended")),
    Transition(
        "through", f"Transfer mode {TRANSFER_MODE_THROUGH} (not suspended)",
        Outcome(ACTION_INELIGIBLE, f"transfer mode {TRANSFER_MODE_THROUGH}: the array refuses to suspend a session in {TRANSFER_MODE_THROUGH} mode"),
        Outcome(ACTION_INELIGIBLE,
                f"transfer mode {TRANSFER_MODE_THROUGH}: the array refuses to suspend a session in {TRANSFER_MODE_THROUGH} mode, even with force"),
    ),
    # The vendor's manual: a Stack-mode session that is not Equivalent cannot be specified for a suspend.
    Transition(
        "stack_not_equivalent", f"Transfer mode {TRANSFER_MODE_STACK}, phase not {PHASE_EQUIVALENT} (any status but those above)",
        *_both(ACTION_INELIGIBLE,
               f"transfer mode {TRANSFER_MODE_STACK}, not equivalent (status {{status}}, phase {{phase}}, {{uncopied}}): "
               f"the array does not accept a {TRANSFER_MODE_STACK}-mode session that is not {PHASE_EQUIVALENT} "
               "in a suspend, forced or not"),
    ),
    Transition(
        "halted", HALT_STATE,
        Outcome(
            ACTION_INELIGIBLE,
            "halted: the copy path to the remote array is lost and the volumes are not equivalent ({uncopied}); "
            "to recover manually suspend with force: true and force_reason: copy_path_recovery, accepting that the uncopied data is lost",
        ),
        Outcome(ACTION_FORCE_SUSPEND, "halted (copy path lost): forced suspend, {forced_loss}"),
    ),
    Transition(
        "unrecognized", "Status or transfer mode the collection does not know",
        Outcome(ACTION_INELIGIBLE, "status {status}, transfer mode {transfer_mode}: not a state this collection knows how to suspend safely"),
        Outcome(
            ACTION_INELIGIBLE,
            "status {status}, transfer mode {transfer_mode}: not a state this collection knows how to suspend safely, force does not change that",
        ),
    ),
    Transition(
        "equivalent", f"{STATUS_ACTIVE}, phase {PHASE_EQUIVALENT} (transfer mode {SUSPENDABLE_MODES})",
        Outcome(ACTION_SUSPEND, "equivalent: suspend"),
        Outcome(ACTION_SUSPEND, "equivalent: suspend without force, nothing is lost"),
    ),
    Transition(
        "not_equivalent",
        f"{STATUS_ACTIVE}, phase not {PHASE_EQUIVALENT} ({PHASE_COPYING}, ...), transfer mode {TRANSFER_MODE_SYNCHRONOUS} or "
        f"{TRANSFER_MODE_CONSISTENCY}",
        Outcome(
            ACTION_INELIGIBLE,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}): {uncopied}, progress {progress}; "
            "suspend with force: true and a force_reason only if you accept losing them",
        ),
        Outcome(
            ACTION_FORCE_SUSPEND,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}, progress {progress}): forced suspend, {forced_loss}",
        ),
        # Active means the copy path is up: forcing it would throw away data the array is still delivering.
        Outcome(
            ACTION_INELIGIBLE,
            "not equivalent (phase {phase}, transfer mode {transfer_mode}): still copying ({uncopied}) over a copy path "
            f"that is up; force_scope: halted forces only halted sessions: wait until it is {PHASE_EQUIVALENT} "
            "and suspend it without force",
        ),
    ),
)

RESUME_TRANSITIONS: tuple[Row, ...] = (
    Row("unknown", "Session id not found on the array", Outcome(ACTION_INELIGIBLE, UNKNOWN_REASON)),
    Row("not_rec", NOT_REC_STATE, Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be resumed")),
    Row("error", ERROR_STATE,
        Outcome(ACTION_INELIGIBLE, "status {status}: the array refuses to resume a REC session in error; resolve the error first")),
    Row("reserved", RESERVED_STATE,
        Outcome(ACTION_INELIGIBLE, f"status {STATUS_RESERVED}: the copy has not started, there is nothing to resume")),
    Row("halted", HALT_STATE,
        Outcome(ACTION_INELIGIBLE,
                "halted (copy path lost, {uncopied}): the array does not resume a halted session; once the copy path "
                "is back, suspend it with force: true and force_reason: copy_path_recovery, then resume it")),
    Row("suspend_finishing", FINISHING_STATE,
        Outcome(ACTION_INELIGIBLE,
                f"a suspend is still finishing ({FINISHING}): only a suspended session can be resumed; "
                f"run again once it shows {STATUS_SUSPEND}")),
    Row("active", f"Status {STATUS_ACTIVE} ({PHASE_COPYING} or {PHASE_EQUIVALENT})",
        Outcome(ACTION_NONE, "already active (phase {phase})")),
    # The resume copies the source over the destination: what was written to the destination volume since the suspend is
    # discarded. This array shows it only when it holds the destination (is_local_source_volume false); a session whose
    # destination shows recorded changes is resumed only with discard_destination_changes: true.
    Row("destination_changed",
        f"Status {STATUS_SUSPEND}, the destination volume is on this array and shows recorded changes (tracking_data_size > 0)",
        Outcome(ACTION_INELIGIBLE,
                "suspended, and the destination volume (on this array) has recorded changes since the suspend "
                "({destination_changes}, in the array's units): a resume copies the source over the destination and discards "
                "them. Set discard_destination_changes: true to discard them, or reverse the session first "
                "(fujitsu.eternus.rec_session_reverse) to keep them"),
        with_consent=Outcome(ACTION_RESUME,
                             "suspended: resume with discard_destination_changes: true; the changes recorded on the destination "
                             "volume since the suspend ({destination_changes}, in the array's units) are discarded")),
    # Where this array holds the copy source it cannot show the destination's changes: the caller may give what it read on
    # the peer (destination_changes_on_peer); an amount above 0 needs the same consent.
    Row("peer_changed",
        f"Status {STATUS_SUSPEND}, this array holds the copy source and destination_changes_on_peer gives changes recorded on "
        "the destination (> 0), as read on the peer array",
        Outcome(ACTION_INELIGIBLE,
                "suspended, and the destination volume (on the peer array) has recorded changes since the suspend: "
                "{destination_changes}, in the array's units. A resume copies the source over the destination and discards "
                "them. Set discard_destination_changes: true to discard them, or reverse the session first "
                "(fujitsu.eternus.rec_session_reverse) to keep them"),
        with_consent=Outcome(ACTION_RESUME,
                             "suspended: resume with discard_destination_changes: true; the changes recorded on the destination "
                             "volume (on the peer array) since the suspend ({destination_changes}, in the array's units) are discarded")),
    Row("suspended", f"Status {STATUS_SUSPEND}",
        Outcome(ACTION_RESUME,
                "suspended: resume; the changes made on the copy source since the suspend are copied over the destination, "
                "overwriting whatever was written to the destination while suspended ({destination_changes})")),
    Row("unrecognized", "Status the collection does not know",
        Outcome(ACTION_INELIGIBLE, "status {status}: not a state this collection knows how to resume safely")),
)

ONLY_SUSPENDED = "only suspended sessions can be reversed"

REVERSE_TRANSITIONS: tuple[Row, ...] = (
    Row("unknown", "Session id not found on the array", Outcome(ACTION_INELIGIBLE, UNKNOWN_REASON)),
    Row("not_rec", NOT_REC_STATE, Outcome(ACTION_INELIGIBLE, "not a REC session (type {type}): only REC sessions can be reversed")),
    Row("direction_unknown", "is_local_source_volume missing (the array does not say which side is the copy source)",
        Outcome(ACTION_INELIGIBLE, "the array does not report which side is the copy source (is_local_source_volume "
                                   "is {is_local_source_volume}); cannot tell whether a reverse is needed")),
    Row("in_direction", "Copy source already on the wanted side (any status)",
        Outcome(ACTION_NONE, "already in the wanted direction (copy source {copy_source})")),
    Row("suspend_finishing", f"Other direction, suspend still finishing ({FINISHING})",
        Outcome(ACTION_INELIGIBLE, f"a suspend is still finishing ({FINISHING}): "
                                   f"{ONLY_SUSPENDED}; run again once it shows {STATUS_SUSPEND}")),
    Row("suspended", f"Other direction, status {STATUS_SUSPEND}",
        Outcome(ACTION_REVERSE, "suspended, copy source {copy_source}: reverse so that the copy source is {wanted}")),
    Row("active", f"Other direction, status {STATUS_ACTIVE}",
        Outcome(ACTION_INELIGIBLE, f"status {STATUS_ACTIVE} (phase {{phase}}): {ONLY_SUSPENDED}"
                                   "; suspend it first with fujitsu.eternus.rec_session_suspend")),
    Row("halted", f"Other direction, status {STATUS_HALT} (copy path or remote array lost)",
        Outcome(ACTION_INELIGIBLE, f"halted (copy path lost): {ONLY_SUSPENDED}"
                                   "; suspend it with force: true and force_reason: copy_path_recovery first")),
    Row("error", f"Other direction, status {ERROR_STATUSES[0]} (or {ERRORS})",
        Outcome(ACTION_INELIGIBLE, f"status {{status}}: {ONLY_SUSPENDED}; resolve the error first")),
    Row("reserved", f"Other direction, status {STATUS_RESERVED}",
        Outcome(ACTION_INELIGIBLE, f"status {STATUS_RESERVED}: {ONLY_SUSPENDED}; the copy has not started")),
    Row("unrecognized", "Other direction, a status the collection does not know",
        Outcome(ACTION_INELIGIBLE, f"status {{status}}: {ONLY_SUSPENDED}")),
)

TRANSITIONS_BY_CATEGORY: dict[str, Transition] = {transition.category: transition for transition in SUSPEND_TRANSITIONS}
SESSION_CATEGORIES: tuple[str, ...] = tuple(TRANSITIONS_BY_CATEGORY)
RESUME_BY_CATEGORY: dict[str, Row] = {row.category: row for row in RESUME_TRANSITIONS}
REVERSE_BY_CATEGORY: dict[str, Row] = {row.category: row for row in REVERSE_TRANSITIONS}


class _DocPlaceholders(dict):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


_DOC_PLACEHOLDERS = _DocPlaceholders(
    uncopied="uncopied_data_size N", progress="P%", destination_changes="tracking_data_size N",
    forced_loss="the data not yet copied (uncopied_data_size N) will be lost and the destination copy becomes unusable "
                "(with N = 0: nothing is left behind)")

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


def render_table_markdown(rows: tuple[Row, ...], action_header: str, consent: str = "") -> str:
    """A resume or reverse table as markdown, in check order; a row with an outcome under consent shows both."""
    lines = [f"| Session state | {action_header} |", "|---|---|"]
    for row in rows:
        outcome = describe_outcome(row.outcome)
        if row.with_consent is not None:
            outcome += f"; with `{consent}`: {describe_outcome(row.with_consent)}"
        lines.append(f"| {row.session_state} (`{row.category}`) | {outcome} |")
    return "\n".join(lines) + "\n"


def render_resume_table_markdown() -> str:
    return render_table_markdown(RESUME_TRANSITIONS, "rec_session_resume", consent="discard_destination_changes: true")


def render_reverse_table_markdown() -> str:
    return render_table_markdown(REVERSE_TRANSITIONS, "rec_session_reverse (copy_source: the wanted side)")
