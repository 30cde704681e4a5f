# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Choosing REC sessions, the one way every module does it: by id, or by a match of filters.

A filter value is a string (equality; a case-sensitive glob for volume names) or a list of strings (any of them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import read_sessions
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.describe import bounded, id_list

Session = Mapping[str, Any]

COPYSESSION_ID_MAX = 2**32 - 1

# What a module that changes sessions does with selected sessions it cannot change (its on_ineligible option). Here,
# not with the plans, so that a module that only reads does not load the planners at every start.
ON_INELIGIBLE_CHOICES = ("fail", "skip")

MATCH_GLOB_KEYS = ("source_volume_name", "destination_volume_name")

# The match suboptions of the modules that change sessions (documented by the MATCH doc fragment). They select which
# sessions, never by their state: the plan decides what the state calls for, so a rehearsal and the run that follows
# it cover the same sessions however their state moved in between (rec_session_info filters by status and phase).
MATCH_OPTIONS: dict[str, dict[str, Any]] = {
    "remote_boxid": {"type": "str"},
    "transfer_mode": {"type": "str", "choices": list(vocabulary.TRANSFER_MODES)},
    "source_volume_name": {"type": "str"},
    "destination_volume_name": {"type": "str"},
}
# The keys a match accepts: exactly its suboptions, so that an error lists only keys that are accepted.
MATCH_KEYS = tuple(MATCH_OPTIONS)

# rec_session_info's filters: the match above, any of several values, and the state.
INFO_FILTER_OPTIONS: dict[str, dict[str, Any]] = {
    "remote_boxid": {"type": "str"},
    "status": {"type": "list", "elements": "str", "choices": list(vocabulary.STATUSES)},
    "phase": {"type": "list", "elements": "str", "choices": list(vocabulary.PHASES)},
    "transfer_mode": {"type": "list", "elements": "str", "choices": list(vocabulary.TRANSFER_MODES)},
    "source_volume_name": {"type": "str"},
    "destination_volume_name": {"type": "str"},
}


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
        raise ValueError(f"session_ids contains non-integers: {bounded((repr(value) for value in not_integers), 'session_ids', separator=', ')}")
    # 0 is a valid id: the vendor's own samples use copysession_id 0.
    out_of_range = [value for value in ids if not 0 <= value <= COPYSESSION_ID_MAX]
    if out_of_range:
        raise ValueError(f"session_ids contains values out of range 0..{COPYSESSION_ID_MAX}: {id_list(out_of_range)}")
    seen: set[int] = set()
    duplicates: list[int] = []
    for value in ids:
        if value in seen and value not in duplicates:
            duplicates.append(value)
        seen.add(value)
    if duplicates:
        raise ValueError(f"session_ids contains duplicates: {id_list(duplicates)}")
    return list(ids)


def match_criteria(match: Optional[Mapping[str, Any]]) -> dict[str, Any]:
    # Ansible fills unset suboptions with None; they select nothing.
    return {key: value for key, value in (match or {}).items() if value is not None}


def _is_filter_value(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value))


def validate_match(match: Any) -> None:
    """Raise ValueError unless ``match`` has at least one criterion and only known keys with string (or list) values."""
    valid = ", ".join(MATCH_KEYS)
    if not isinstance(match, Mapping):
        raise ValueError(f"match must be a dictionary with keys among: {valid}; got {match!r}")
    unknown = [key for key in match if key not in MATCH_KEYS]
    if unknown:
        raise ValueError(f"match has unknown keys: {', '.join(str(key) for key in unknown)}; valid keys: {valid}")
    criteria = match_criteria(match)
    if not criteria:
        raise ValueError(f"match is empty; give at least one of: {valid}")
    not_strings = [key for key, value in criteria.items() if not _is_filter_value(value)]
    if not_strings:
        raise ValueError(f"match values must be strings: {', '.join(f'{key}={criteria[key]!r}' for key in not_strings)}")


def _value_matches(key: str, actual: Any, wanted: Any) -> bool:
    if not isinstance(actual, str):
        return False
    if isinstance(wanted, (list, tuple)):
        return any(_value_matches(key, actual, one) for one in wanted)
    if key in MATCH_GLOB_KEYS:
        return fnmatchcase(actual, wanted)
    if key in vocabulary.WORD_FIELDS:
        return vocabulary.same_word(key, actual, wanted)
    return actual == wanted


def session_matches(session: Optional[Session], match: Optional[Mapping[str, Any]]) -> bool:
    """True when the session meets every criterion; volume names are case-sensitive globs."""
    if session is None:
        return False
    return all(_value_matches(key, session.get(key), wanted) for key, wanted in match_criteria(match).items())


def select_matching_rec(sessions: Iterable[Session], match: Optional[Mapping[str, Any]]) -> dict[int, Session]:
    """The REC sessions among ``sessions`` that meet ``match``, by id."""
    return {session["copysession_id"]: session for session in sessions
            if vocabulary.is_rec(session) and session_matches(session, match)}


def select_sessions(client: Any, session_ids: list[int] | None, match: dict[str, Any] | None) -> dict[int, Session | None]:
    """Requested id -> current session (None when the array does not know it); a match picks REC sessions only.

    For the modules that change sessions: an id that is unknown or not REC is planned as ineligible, with its reason.
    """
    if session_ids is not None:
        found = read_sessions(client, session_ids)
        return {i: found.get(i) for i in session_ids}
    selected = select_matching_rec(read_sessions(client).values(), match)
    if not selected:
        raise errors.InvalidInput("match %s selects no REC session on this array; nothing was changed" % match_criteria(match))
    return selected


def refuse_unknown_ids(selected: Mapping[int, Optional[Session]], array: str = "") -> None:
    """An id the array does not know is always an error, whatever on_ineligible says: a typo, or the peer's id of a
    pair (remote_copysession_id), must not pass as a session that was merely not eligible."""
    unknown = [i for i, session in selected.items() if session is None]
    if unknown:
        raise errors.InvalidInput(
            "nothing was changed%s: unknown copy session id(s) %s: not found on the array (or not visible to this user). "
            "An unknown id is an error whatever on_ineligible says: check the ids (a REC pair has another id on its peer "
            "array, remote_copysession_id)" % (" on array %s" % array if array else "", id_list(unknown, "unknown_session_ids")),
            details={"changed": False, "unknown_session_ids": unknown})


def _missing_or_not_rec(ids: list[int], found: Mapping[int, Session]) -> list[str]:
    problems = []
    for session_id in ids:
        session = found.get(session_id)
        if session is None:
            problems.append("session %d does not exist on this array (or is outside your tenant)" % session_id)
        elif not vocabulary.is_rec(session):
            problems.append("session %d is not a REC session (type %s)" % (session_id, session.get("type")))
    return problems


def read_rec_sessions(client: Any, session_ids: list[int] | None, match: Optional[Mapping[str, Any]]) -> list[Session]:
    """rec_session_info's selection: the REC sessions selected by ids and filters, ascending by id.

    Here an unknown or non-REC id is an error of its own, since nothing is planned for it.
    """
    if session_ids is not None:
        try:
            validate_session_ids(session_ids)
        except ValueError as exc:
            raise errors.InvalidInput(str(exc)) from None
    found = read_sessions(client, session_ids)
    if session_ids is not None:
        problems = _missing_or_not_rec(session_ids, found)
        if problems:
            raise errors.InvalidInput(bounded(problems, "invalid_session_ids"), details={"invalid_session_ids": [
                i for i in session_ids if i not in found or not vocabulary.is_rec(found[i])]})
    return [found[i] for i in sorted(found) if vocabulary.is_rec(found[i]) and session_matches(found[i], match)]
