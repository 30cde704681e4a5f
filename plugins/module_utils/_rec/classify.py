# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The category of a session in each transition table (``tables``), checked in the tables' order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

Session = Mapping[str, Any]

COPY_SOURCE_LOCAL = "local"
COPY_SOURCE_REMOTE = "remote"
COPY_SOURCE_CHOICES = (COPY_SOURCE_LOCAL, COPY_SOURCE_REMOTE)


Check = Callable[[Optional[Session]], bool]


def _not_a_state_to_suspend(session: Optional[Session]) -> bool:
    return not (vocabulary.is_active(session) or vocabulary.is_halted(session)) or not vocabulary.has_suspendable_mode(session)


def _stack_not_equivalent(session: Optional[Session]) -> bool:
    return vocabulary.is_stack(session) and not vocabulary.in_equivalent_phase(session)


# The suspend table's categories of a REC session, in check order. Suspended is checked before Through: the transfer
# mode can only be changed while suspended, so a suspended session in Through mode is a normal sight and already what
# the user asked for.
SUSPEND_CHECKS: tuple[tuple[Check, str], ...] = (
    (vocabulary.is_error, "error"),
    (vocabulary.is_reserved, "reserved"),
    (vocabulary.suspend_finishing, "suspend_finishing"),
    (vocabulary.is_suspend_status, "suspended"),
    (vocabulary.is_through, "through"),
    (_not_a_state_to_suspend, "unrecognized"),
    (_stack_not_equivalent, "stack_not_equivalent"),
    (vocabulary.is_halted, "halted"),
    (vocabulary.in_equivalent_phase, "equivalent"),
)

# The categories the resume and reverse tables share for a REC session's status, in check order.
STATUS_CHECKS: tuple[tuple[Check, str], ...] = (
    (vocabulary.is_error, "error"),
    (vocabulary.is_reserved, "reserved"),
    (vocabulary.is_halted, "halted"),
    (vocabulary.suspend_finishing, "suspend_finishing"),
    (vocabulary.is_active, "active"),
    (vocabulary.is_suspend_status, "suspended"),
)


def destination_changes(session: Optional[Session]) -> tuple[int | float | None, bool]:
    """The changes recorded on the destination volume since the suspend, as far as this array shows them: (amount, shown).

    An array shows in ``tracking_data_size`` the changes recorded on its own volume (or, in some firmware, the sum of
    both sides): this array shows the destination's only when it holds the destination (``is_local_source_volume``
    false), and then any amount above 0 is read as changes on the destination, which is the safe reading of a sum.
    Where it holds the source, or does not say, or leaves the field out: (None, False).
    """
    session = session or {}
    if session.get("is_local_source_volume") is not False:
        return None, False
    amount = session.get("tracking_data_size")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return None, False
    return amount, True


# Where the amount of a resume plan entry's destination_changes comes from (its destination_changes_source).
CHANGES_FROM_ARRAY = "array"
CHANGES_FROM_PEER = "peer"


def holds_copy_source(session: Optional[Session]) -> bool:
    """This array says it holds the copy source (is_local_source_volume true); False when it holds the destination or does not say."""
    return (session or {}).get("is_local_source_volume") is True


def destination_changes_read(session: Optional[Session], on_peer: Optional[int] = None) -> tuple[int | float | None, str | None]:
    """The changes recorded on the destination volume since the suspend and where they were read: (amount, source).

    ``on_peer`` is what the caller read on the peer array (the resume's destination_changes_on_peer for this session).
    It is used only where this array holds the copy source and so cannot show the destination's changes; where it holds
    the destination its own value counts (source ``array``) and ``on_peer`` is ignored. (None, None) when neither is known.
    """
    amount, shown = destination_changes(session)
    if shown:
        return amount, CHANGES_FROM_ARRAY
    if on_peer is not None and holds_copy_source(session):
        return on_peer, CHANGES_FROM_PEER
    return None, None


def destination_changed(session: Optional[Session]) -> bool:
    """Suspended, and this array shows changes recorded on the destination volume that a resume would discard."""
    amount, shown = destination_changes(session)
    return vocabulary.is_suspend_status(session) and shown and bool(amount and amount > 0)


def destination_changed_on_peer(session: Optional[Session], on_peer: Optional[int]) -> bool:
    """Suspended, this array holds the copy source, and the peer's reading of the destination shows changes (> 0)."""
    amount, source = destination_changes_read(session, on_peer)
    return vocabulary.is_suspend_status(session) and source == CHANGES_FROM_PEER and bool(amount and amount > 0)


# The resume table's categories: the shared ones, with a suspended session whose destination shows changes first.
RESUME_CHECKS: tuple[tuple[Check, str], ...] = STATUS_CHECKS[:-1] + ((destination_changed, "destination_changed"), STATUS_CHECKS[-1])


def _first(checks: tuple[tuple[Check, str], ...], session: Session, otherwise: str) -> str:
    return next((category for check, category in checks if check(session)), otherwise)


def _not_a_rec_session(session: Optional[Session]) -> str | None:
    """The category of an id the array does not know or of a session that is not REC; None for a REC session."""
    if session is None:
        return "unknown"
    return None if vocabulary.is_rec(session) else "not_rec"


def classify_session(session: Optional[Session]) -> str:
    """Return the suspend table's category of a session (``None`` means the id was not found)."""
    return _not_a_rec_session(session) or _first(SUSPEND_CHECKS, session, "not_equivalent")


def classify_for_resume(session: Optional[Session], on_peer: Optional[int] = None) -> str:
    """The resume table's category; ``on_peer`` is the peer's reading of the destination's changes (destination_changes_on_peer)."""
    checks = RESUME_CHECKS[:-1] + ((lambda s: destination_changed_on_peer(s, on_peer), "peer_changed"), RESUME_CHECKS[-1])
    return _not_a_rec_session(session) or _first(checks, session, "unrecognized")


def copy_source_of(session: Optional[Session]) -> str | None:
    """V(local) when this array holds the copy source, V(remote) when the peer does, None when unknown."""
    local = (session or {}).get("is_local_source_volume")
    if not isinstance(local, bool):
        return None
    return COPY_SOURCE_LOCAL if local else COPY_SOURCE_REMOTE


def classify_for_reverse(session: Optional[Session], copy_source: str) -> str:
    not_rec = _not_a_rec_session(session)
    if not_rec:
        return not_rec
    current = copy_source_of(session)
    if current is None:
        return "direction_unknown"
    if current == copy_source:
        return "in_direction"
    return _first(STATUS_CHECKS, session, "unrecognized")
