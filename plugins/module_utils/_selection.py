# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Choosing REC sessions: by id (validated, each must exist and be REC) and/or by filters."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec
from ansible_collections.fujitsu.eternus.plugins.module_utils._sessions import read_sessions

GLOB_FILTERS = ("source_volume_name", "destination_volume_name")


def filter_matches(session: dict[str, Any], filters: dict[str, Any]) -> bool:
    """Volume names match as case-sensitive globs; other filters by equality with a value or any of a list."""
    for key, wanted in filters.items():
        value = session.get(key)
        if key in GLOB_FILTERS:
            if value is None or not fnmatchcase(str(value), wanted):
                return False
        elif isinstance(wanted, (list, tuple)):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def checked_session_ids(session_ids: list[int] | None) -> list[int] | None:
    if session_ids is None:
        return None
    try:
        return _rec.validate_session_ids(session_ids)
    except ValueError as exc:
        raise errors.InvalidInput(str(exc)) from None


def missing_or_not_rec(ids: list[int], found: dict[int, dict[str, Any]]) -> list[str]:
    problems = []
    for session_id in ids:
        session = found.get(session_id)
        if session is None:
            problems.append("session %d does not exist on this array (or is outside your tenant)" % session_id)
        elif not _rec.is_rec(session):
            problems.append("session %d is not a REC session (type %s)" % (session_id, session.get("type")))
    return problems


def select_rec_sessions(client: Any, session_ids: list[int] | None, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """The REC sessions selected by ids and filters, ascending by id; unknown or non-REC ids are an error."""
    ids = checked_session_ids(session_ids)
    found = read_sessions(client, ids)
    if ids is not None:
        problems = missing_or_not_rec(ids, found)
        if problems:
            raise errors.InvalidInput("; ".join(problems), details={"invalid_session_ids": [
                i for i in ids if i not in found or not _rec.is_rec(found[i])]})
    return [found[i] for i in sorted(found) if _rec.is_rec(found[i]) and filter_matches(found[i], filters)]
