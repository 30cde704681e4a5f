# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_status.yml's line per array pair: replicating, failed over or mixed, counted once per pair."""

from __future__ import annotations

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_pairs

A, B, C = "BOXA" * 10, "BOXB" * 10, "BOXC" * 10


def sessions(peer, *statuses, local_source=True):
    return [{"copysession_id": i, "status": status, "phase": "Equivalent", "remote_boxid": peer, "is_local_source_volume": local_source}
            for i, status in enumerate(statuses, 1)]


def test_a_pair_read_from_both_arrays_is_one_line_and_says_how_it_stands():
    arrays = [
        {"host": "site-a", "array": {"boxid": A}, "sessions": sessions(B, "Active", "Suspend", "Halt") + sessions(C, "Suspend", "Suspend")},
        {"host": "site-b", "array": {"boxid": B}, "sessions": sessions(A, "Active", "Suspend", "Halt", local_source=False)},
        {"host": "site-c", "array": {"boxid": C}, "sessions": []},
    ]

    assert _rec_pairs.pair_lines(arrays) == [
        "site-a <-> site-b: mixed, 3 session(s): 1 Active, 1 Suspend, 1 Halt (3 from site-a to site-b)",
        "site-a <-> site-c: failed over, 2 session(s): 2 Suspend (2 from site-a to site-c)",
    ]


def test_replicating_needs_every_session_active_and_an_unknown_peer_is_named_by_its_box_id():
    arrays = [{"host": "site-b", "array": {"boxid": None}, "sessions": sessions(A, "Active", "active", local_source=False)}]

    assert _rec_pairs.pair_lines(arrays) == ["site-b <-> %s: replicating, 2 session(s): 2 Active (2 from %s to site-b)" % (A, A)]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="a list of arrays"):
        _rec_pairs.pair_lines({"sessions": []})
