# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One line per array pair for playbooks/rec_status.yml: replicating, failed over or mixed, with the counts.

Each array of the play reads its own REC sessions; a pair of arrays shows the same sessions from both sides, so a pair
is counted once, from the first of its arrays in the play's order. A pair is named by the arrays' inventory names where
the play read both, by the peer's Box ID otherwise.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary as v

REPLICATING, FAILED_OVER, MIXED = "replicating", "failed over", "mixed"


def _status(session: Mapping[str, Any]) -> str:
    return v.canonical("status", session.get("status")) or str(session.get("status"))


def state_of(sessions: list[Mapping[str, Any]]) -> str:
    """replicating (every session Active), failed over (every session suspended), else mixed."""
    if sessions and all(v.is_active(s) for s in sessions):
        return REPLICATING
    if sessions and all(v.is_suspend_status(s) for s in sessions):
        return FAILED_OVER
    return MIXED


def _checked(arrays: Any) -> list[Mapping[str, Any]]:
    if not isinstance(arrays, (list, tuple)) or not all(isinstance(a, Mapping) and isinstance(a.get("sessions"), list) for a in arrays):
        raise ValueError("the input must be a list of arrays, each {host, array: {url, boxid, name}, sessions: [...]}")
    return list(arrays)


def pairs(arrays: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The array pairs of the arrays read: the two arrays, the state and the counts per status, per direction."""
    arrays = _checked(arrays)
    name_of = {}
    for entry in arrays:
        boxid = (entry.get("array") or {}).get("boxid")
        if boxid:
            name_of.setdefault(boxid, entry.get("host") or boxid)
    found: dict[frozenset, dict[str, Any]] = {}
    for entry in arrays:
        host = str(entry.get("host") or "?")
        here = (entry.get("array") or {}).get("boxid") or "host:" + host
        by_peer: dict[str, list[Mapping[str, Any]]] = {}
        for session in entry["sessions"]:
            by_peer.setdefault(session.get("remote_boxid") or "?", []).append(session)
        for peer, sessions in by_peer.items():
            key = frozenset((here, peer))
            if key in found:
                continue
            peer_name = name_of.get(peer, peer)
            counts: dict[str, int] = {}
            for session in sessions:
                counts[_status(session)] = counts.get(_status(session), 0) + 1
            found[key] = {
                "arrays": [host, peer_name], "state": state_of(sessions), "sessions": len(sessions), "counts": counts,
                "source_here": sum(1 for s in sessions if s.get("is_local_source_volume") is True),
                "source_on_peer": sum(1 for s in sessions if s.get("is_local_source_volume") is False),
            }
    return list(found.values())


def pair_lines(arrays: Iterable[Mapping[str, Any]]) -> list[str]:
    lines = []
    for pair in pairs(arrays):
        here, peer = pair["arrays"]
        order = [v.STATUS_ACTIVE, v.STATUS_SUSPEND] + sorted(k for k in pair["counts"] if k not in (v.STATUS_ACTIVE, v.STATUS_SUSPEND))
        counts = ", ".join("%d %s" % (pair["counts"][k], k) for k in order if pair["counts"].get(k))
        directions = []
        if pair["source_here"]:
            directions.append("%d from %s to %s" % (pair["source_here"], here, peer))
        if pair["source_on_peer"]:
            directions.append("%d from %s to %s" % (pair["source_on_peer"], peer, here))
        where = " (%s)" % ", ".join(directions) if directions else ""
        lines.append("%s <-> %s: %s, %d session(s): %s%s" % (here, peer, pair["state"], pair["sessions"], counts, where))
    return lines
