# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How messages name an array and a session: which array, which volumes, which way the copy goes, to which peer.

The copy direction is always written source -> destination; ``here`` is the array the module talks to, ``peer <Box ID>``
the other one (``remote_boxid``, as the array gives it).

Every list in a message is bounded, whatever the number of sessions: a message is read by a person, printed by Ansible
and stored by AWX as part of a job event; the full lists are in the result's keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.classify import COPY_SOURCE_LOCAL, COPY_SOURCE_REMOTE, copy_source_of

Session = Mapping[str, Any]

# Up to this many ids are listed one by one (easy to read and to search for); longer lists become ranges (1-1000).
IDS_LISTED = 10
# At most this many ids or ranges of ids, then "and N more".
ID_ITEMS_SHOWN = 10
# At most this many sessions described with their reason (a refusal, a failure), then "and N more (see ...)".
SESSIONS_DESCRIBED = 5
# At most this many groups of ids by direction and peer.
GROUPS_SHOWN = 3


def count(number: int) -> str:
    """A count as messages write it: 1,000."""
    return "{:,}".format(number)


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for session_id in ids:
        if runs and session_id == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], session_id)
        else:
            runs.append((session_id, session_id))
    return runs


def _run_items(first: int, last: int) -> list[tuple[str, int]]:
    """A run of consecutive ids as message items, each with the number of ids it stands for."""
    if last - first >= 2:
        return [("%d-%d" % (first, last), last - first + 1)]
    return [(str(i), 1) for i in range(first, last + 1)]


def id_list(ids: Iterable[Any], more_in: str = "") -> str:
    """Ids for a message: ``1, 2, 3`` up to IDS_LISTED of them, else ascending ranges ``1-1000, 1005``; past
    ID_ITEMS_SHOWN items ``... and 5,000 more`` (``(see <more_in>)`` names the result key with them all)."""
    ids = list(ids)
    if len(ids) <= IDS_LISTED:
        return ", ".join(map(str, ids))
    numbers = sorted(set(i for i in ids if isinstance(i, int)))
    items = [item for first, last in _runs(numbers) for item in _run_items(first, last)]
    items += [(str(i), 1) for i in ids if not isinstance(i, int)]
    if len(items) <= ID_ITEMS_SHOWN:
        return ", ".join(text for text, _size in items)
    shown = items[:ID_ITEMS_SHOWN]
    hidden = len(ids) - sum(size for _text, size in shown)
    return "%s and %s more%s" % (", ".join(text for text, _size in shown), count(hidden), " (see %s)" % more_in if more_in else "")


def bounded(texts: Iterable[str], more_in: str, limit: int = SESSIONS_DESCRIBED, separator: str = "; ") -> str:
    """The first ``limit`` texts, then ``and N more (see <more_in>)``."""
    texts = list(texts)
    if len(texts) <= limit:
        return separator.join(texts)
    return "%s%sand %s more (see %s)" % (separator.join(texts[:limit]), separator, count(len(texts) - limit), more_in)


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


def grouped_ids(ids: Iterable[int], sessions: Mapping[int, Optional[Session]], more_in: str = "") -> str:
    """Ids with the direction and peer of each group of them: ``1, 2, 3 (here -> peer B)``; ids only when nothing is
    known. At most GROUPS_SHOWN groups, each an id_list."""
    groups: dict[str, list[int]] = {}
    for session_id in ids:
        session = sessions.get(session_id)
        groups.setdefault(direction(session) if session else "", []).append(session_id)
    shown = ["%s%s" % (id_list(members, more_in), " (%s)" % label if label else "") for label, members in list(groups.items())[:GROUPS_SHOWN]]
    rest = [i for members in list(groups.values())[GROUPS_SHOWN:] for i in members]
    if rest:
        shown.append("and %s more in %d other group(s) of direction and peer%s" % (
            count(len(rest)), len(groups) - GROUPS_SHOWN, " (see %s)" % more_in if more_in else ""))
    return ", ".join(shown)
