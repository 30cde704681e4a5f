# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How messages name an array and a session: which array, which volumes, which way the copy goes, to which peer.

The copy direction is always written source -> destination; ``here`` is the array the module talks to, ``peer <Box ID>``
the other one (``remote_boxid``, as the array gives it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.classify import COPY_SOURCE_LOCAL, COPY_SOURCE_REMOTE, copy_source_of

Session = Mapping[str, Any]


def array_label(array: Optional[Mapping[str, Any]]) -> str:
    """The array as messages name it: its Box ID, else its URL."""
    array = array or {}
    return array.get("boxid") or array.get("url") or "(unknown)"


def peer_of(session: Optional[Session]) -> str:
    return "peer %s" % ((session or {}).get("remote_boxid") or "(Box ID not reported)")


def direction(session: Optional[Session]) -> str:
    """Which way the copy goes between this array and its peer: ``here -> peer B``, ``peer B -> here``."""
    peer = peer_of(session)
    side = copy_source_of(session)
    if side == COPY_SOURCE_LOCAL:
        return "here -> %s" % peer
    if side == COPY_SOURCE_REMOTE:
        return "%s -> here" % peer
    return "%s, direction not reported" % peer


def describe_session(session_id: Any, session: Optional[Session]) -> str:
    """``session 1 db_data01 -> db_data01 (here -> peer B)``; only ``session 1`` for an id the array does not know, and
    no peer for a copy within this array (not REC)."""
    if not session:
        return "session %s" % session_id
    volumes = "session %s %s -> %s" % (session_id, session.get("source_volume_name"), session.get("destination_volume_name"))
    return "%s (%s)" % (volumes, direction(session)) if vocabulary.is_rec(session) else volumes


def grouped_ids(ids: Iterable[int], sessions: Mapping[int, Optional[Session]]) -> str:
    """Ids with the direction and peer of each run of them: ``1, 2, 3 (here -> peer B)``; ids only when nothing is known."""
    groups: dict[str, list[int]] = {}
    for session_id in ids:
        session = sessions.get(session_id)
        groups.setdefault(direction(session) if session else "", []).append(session_id)
    return ", ".join("%s%s" % (", ".join(map(str, members)), " (%s)" % label if label else "") for label, members in groups.items())
