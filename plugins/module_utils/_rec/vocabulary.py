# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The array's words: the statuses, phases, transfer modes and job states it reports, and the predicates over them.

This is the one place in the collection that spells them (a unit test greps plugins/ and roles/ for that). Everything
else asks these predicates, so what the array may call a state is decided here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

Session = Mapping[str, Any]

SESSION_TYPE_REC = "REC"

STATUS_ACTIVE = "Active"
STATUS_SUSPEND = "Suspend"
STATUS_HALT = "Halt"
STATUS_RESERVED = "Reserved"
STATUS_ERROR = "Error"
# Error_Suspend is a firmware status that the REST docs do not list; it is an error all the same.
ERROR_STATUSES = (STATUS_ERROR, "Error_Suspend")
STATUSES = (STATUS_ACTIVE, STATUS_RESERVED, STATUS_SUSPEND, STATUS_HALT, STATUS_ERROR)

PHASE_COPYING = "Copying"
PHASE_EQUIVALENT = "Equivalent"
PHASES = (PHASE_COPYING, PHASE_EQUIVALENT, "Tracking", "Copying_and_Tracking", "Readying")

TRANSFER_MODE_SYNCHRONOUS = "Synchronous"
TRANSFER_MODE_CONSISTENCY = "Consistency"
TRANSFER_MODE_STACK = "Stack"
TRANSFER_MODE_THROUGH = "Through"
SUSPENDABLE_TRANSFER_MODES = (TRANSFER_MODE_SYNCHRONOUS, TRANSFER_MODE_CONSISTENCY, TRANSFER_MODE_STACK)
TRANSFER_MODES = SUSPENDABLE_TRANSFER_MODES + (TRANSFER_MODE_THROUGH,)

# concurrent_suspend_result: a suspend in Synchronous/Consistency mode finishes after its job.
CONCURRENT_SUSPEND_RUNNING = "Running"
CONCURRENT_SUSPEND_SUCCEEDED = "Succeeded"

JOB_SUCCESS = "Success"
JOB_ERROR = "Error"
JOB_PARTIAL_ERROR = "Partial_Error"
JOB_CANCELED = "Canceled"
JOB_TERMINAL = (JOB_SUCCESS, JOB_ERROR, JOB_PARTIAL_ERROR, JOB_CANCELED)
JOB_FAILED = (JOB_ERROR, JOB_PARTIAL_ERROR, JOB_CANCELED)
# Job ends after which a session not suspended is explained by the job's own failure list.
JOB_REPORTS_FAILURES = (JOB_SUCCESS, JOB_PARTIAL_ERROR, JOB_ERROR)

# A session that fell into Error or Halt cannot finish a suspend, whatever concurrent_suspend_result
# still says: waiting on it would only run into wait_timeout.
STATUSES_ENDING_A_SUSPEND = (STATUS_ERROR, STATUS_HALT)


def _field_is(key: str, *words: str) -> Callable[[Optional[Session]], bool]:
    def check(session: Optional[Session]) -> bool:
        return session is not None and session.get(key) in words
    return check


def status_of(session: Optional[Session]) -> Any:
    return (session or {}).get("status")


is_rec = _field_is("type", SESSION_TYPE_REC)
is_active = _field_is("status", STATUS_ACTIVE)
is_suspend_status = _field_is("status", STATUS_SUSPEND)
is_halted = _field_is("status", STATUS_HALT)
is_error = _field_is("status", *ERROR_STATUSES)
is_reserved = _field_is("status", STATUS_RESERVED)
in_equivalent_phase = _field_is("phase", PHASE_EQUIVALENT)
is_through = _field_is("transfer_mode", TRANSFER_MODE_THROUGH)
is_stack = _field_is("transfer_mode", TRANSFER_MODE_STACK)
has_suspendable_mode = _field_is("transfer_mode", *SUSPENDABLE_TRANSFER_MODES)
# The array's hint after a Synchronous/Consistency suspend job: the session itself says the suspend is still finishing.
says_suspend_running = _field_is("concurrent_suspend_result", CONCURRENT_SUSPEND_RUNNING)


def is_equivalent(session: Optional[Session]) -> bool:
    return is_active(session) and in_equivalent_phase(session)


def suspend_finishing(session: Optional[Session]) -> bool:
    """A suspend accepted by the array is still finishing: Active or Suspend, and the session says so (planning's view)."""
    return session is not None and session.get("status") in (STATUS_ACTIVE, STATUS_SUSPEND) and says_suspend_running(session)


def suspend_still_running(session: Optional[Session]) -> bool:
    """A wait's view: the session says its suspend is finishing and nothing (Error, Halt) has ended it."""
    return bool(session) and says_suspend_running(session) and session.get("status") not in STATUSES_ENDING_A_SUSPEND


def suspend_complete(session: Optional[Session]) -> bool:
    return is_suspend_status(session) and not says_suspend_running(session)


def unusual_concurrent_suspend(session: Optional[Session]) -> Any:
    """The concurrent_suspend_result word when it is neither absent nor one the collection knows, else None."""
    value = (session or {}).get("concurrent_suspend_result")
    return None if value in (None, CONCURRENT_SUSPEND_RUNNING, CONCURRENT_SUSPEND_SUCCEEDED) else value


def job_status_of(job: Optional[Mapping[str, Any]]) -> Any:
    return (job or {}).get("status")


def job_is_terminal(job: Optional[Mapping[str, Any]]) -> bool:
    return bool(job) and job.get("status") in JOB_TERMINAL


def job_failed(job: Optional[Mapping[str, Any]]) -> bool:
    return job_status_of(job) in JOB_FAILED


def expected_after_suspend(session: Session) -> dict[str, Any]:
    """The session as a suspend leaves it (check mode's ``after``)."""
    return dict(session, status=STATUS_SUSPEND, concurrent_suspend_result=None)


def expected_after_resume(session: Session, equivalent: bool) -> dict[str, Any]:
    """The session as a resume leaves it: Active, copying, or Equivalent when waited for that."""
    return dict(session, status=STATUS_ACTIVE, concurrent_suspend_result=None,
                phase=PHASE_EQUIVALENT if equivalent else PHASE_COPYING)
