# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a plan expects the sessions to look like once carried out (check mode's ``after``), and the diff of two states."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import WAIT_FOR_EQUIVALENT, Decision
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.tables import (
    ACTION_FORCE_SUSPEND, ACTION_RESUME, ACTION_REVERSE, ACTION_SUSPEND, ACTION_WAIT)

Session = Mapping[str, Any]

DIFF_KEYS = ("status", "phase")
# Reverse diffs show the direction; status and phase do not change with it.
REVERSE_DIFF_KEYS = ("status", "phase", "is_local_source_volume", "source_volume_name", "destination_volume_name")


def _diff_state(session: Optional[Session], keys: Sequence[str]) -> dict[str, Any]:
    if session is None:
        return {}
    return {key: session.get(key) for key in keys}


def session_diff(before: Mapping[int, Optional[Session]], after: Mapping[int, Optional[Session]], ids: Iterable[int],
                 keys: Sequence[str] = DIFF_KEYS) -> dict[str, dict[str, Any]]:
    """Ansible diff (``before``/``after``) of ``keys`` (status and phase) per session; an absent session shows as ``{}``."""
    ordered = sorted(ids)
    return {
        "before": {str(session_id): _diff_state(before.get(session_id), keys) for session_id in ordered},
        "after": {str(session_id): _diff_state(after.get(session_id), keys) for session_id in ordered},
    }


def planned_after(decision: Decision, session: Optional[Session]) -> Optional[Session]:
    """The session as the suspend plan expects it once carried out."""
    if session is None or decision.action not in (ACTION_SUSPEND, ACTION_FORCE_SUSPEND, ACTION_WAIT):
        return session
    return vocabulary.expected_after_suspend(session)


def planned_after_resume(decision: Decision, session: Optional[Session], wait_for: str) -> Optional[Session]:
    """The session as a resume is expected to leave it."""
    if session is None or decision.action != ACTION_RESUME:
        return session
    return vocabulary.expected_after_resume(session, equivalent=wait_for == WAIT_FOR_EQUIVALENT)


def planned_after_reverse(decision: Decision, session: Optional[Session]) -> Optional[Session]:
    """The session as a reverse is expected to leave it: the other side is the copy source."""
    if session is None or decision.action != ACTION_REVERSE:
        return session
    expected = dict(session, is_local_source_volume=not session.get("is_local_source_volume"))
    for source_key, destination_key in (("source_volume_number", "destination_volume_number"),
                                        ("source_volume_href", "destination_volume_href"),
                                        ("source_volume_name", "destination_volume_name")):
        if source_key in session or destination_key in session:
            expected[source_key], expected[destination_key] = session.get(destination_key), session.get(source_key)
    return expected


def session_progress(session_id: int, session: Optional[Session]) -> dict[str, Any]:
    """How far a session's copy is: what a person watching a resume wants to see."""
    session = session or {}
    return {"copysession_id": session_id, "status": session.get("status"), "phase": session.get("phase"),
            "progress": session.get("progress"), "uncopied_data_size": session.get("uncopied_data_size"),
            "is_local_source_volume": session.get("is_local_source_volume")}
