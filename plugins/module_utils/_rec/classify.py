# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The category of a session in each transition table (``tables``), checked in the tables' order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

Session = Mapping[str, Any]

COPY_SOURCE_LOCAL = "local"
COPY_SOURCE_REMOTE = "remote"
COPY_SOURCE_CHOICES = (COPY_SOURCE_LOCAL, COPY_SOURCE_REMOTE)


def classify_session(session: Optional[Session]) -> str:
    """Return the suspend table's category of a session (``None`` means the id was not found)."""
    if session is None:
        return "unknown"
    if not vocabulary.is_rec(session):
        return "not_rec"
    if vocabulary.is_error(session):
        return "error"
    if vocabulary.is_reserved(session):
        return "reserved"
    if vocabulary.suspend_finishing(session):
        return "suspend_finishing"
    # Suspended is checked before Through: the transfer mode can only be changed while suspended, so a
    # suspended session in Through mode is a normal sight and already what the user asked for.
    if vocabulary.is_suspend_status(session):
        return "suspended"
    if vocabulary.is_through(session):
        return "through"
    if not (vocabulary.is_active(session) or vocabulary.is_halted(session)) or not vocabulary.has_suspendable_mode(session):
        return "unrecognized"
    if vocabulary.is_halted(session):
        return "halted"
    if vocabulary.in_equivalent_phase(session):
        return "equivalent"
    return "not_equivalent"


def _status_category(session: Session) -> str:
    """The category the resume and reverse tables share for a REC session's status, in check order."""
    if vocabulary.is_error(session):
        return "error"
    if vocabulary.is_reserved(session):
        return "reserved"
    if vocabulary.is_halted(session):
        return "halted"
    if vocabulary.suspend_finishing(session):
        return "suspend_finishing"
    if vocabulary.is_active(session):
        return "active"
    if vocabulary.is_suspend_status(session):
        return "suspended"
    return "unrecognized"


def classify_for_resume(session: Optional[Session]) -> str:
    if session is None:
        return "unknown"
    if not vocabulary.is_rec(session):
        return "not_rec"
    return _status_category(session)


def copy_source_of(session: Optional[Session]) -> str | None:
    """V(local) when this array holds the copy source, V(remote) when the peer does, None when unknown."""
    local = (session or {}).get("is_local_source_volume")
    if not isinstance(local, bool):
        return None
    return COPY_SOURCE_LOCAL if local else COPY_SOURCE_REMOTE


def classify_for_reverse(session: Optional[Session], copy_source: str) -> str:
    if session is None:
        return "unknown"
    if not vocabulary.is_rec(session):
        return "not_rec"
    current = copy_source_of(session)
    if current is None:
        return "direction_unknown"
    if current == copy_source:
        return "in_direction"
    return _status_category(session)
