# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading copy sessions: one paged GET for any number of ids."""

from __future__ import annotations

from typing import Any, Iterable

# Ids travel in the query string (copysession_id=1,2,3). 1024 ids keep each URL under about
# 11 KB even with 10-digit ids, inside what HTTP servers accept by default, so a selection as
# large as a suspend chunk is read with one request (plus its pages).
IDS_PER_QUERY = 1024


def read_sessions(client: Any, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """Sessions by id: the given ids (missing ones are simply absent) or, with ids=None, every session."""
    sessions: dict[int, dict[str, Any]] = {}
    if ids is None:
        batches: list[dict[str, Any] | None] = [None]
    else:
        wanted = sorted(set(ids))
        if not wanted:
            return sessions
        batches = [{"copysession_id": ",".join(str(i) for i in wanted[start:start + IDS_PER_QUERY])}
                   for start in range(0, len(wanted), IDS_PER_QUERY)]
    for params in batches:
        for item in client.get_all("/copysession", "copysession_list", params=params):
            sessions[int(item["copysession_id"])] = item
    return sessions
