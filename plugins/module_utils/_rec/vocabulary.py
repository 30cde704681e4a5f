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

JOB_QUEUED = "Queued"
JOB_RUNNING = "Running"
JOB_SUCCESS = "Success"
JOB_ERROR = "Error"
JOB_PARTIAL_ERROR = "Partial_Error"
JOB_CANCELED = "Canceled"
JOB_TERMINAL = (JOB_SUCCESS, JOB_ERROR, JOB_PARTIAL_ERROR, JOB_CANCELED)
JOB_FAILED = (JOB_ERROR, JOB_PARTIAL_ERROR, JOB_CANCELED)
# Job ends after which a session not suspended is explained by the job's own failure list.
JOB_REPORTS_FAILURES = (JOB_SUCCESS, JOB_PARTIAL_ERROR, JOB_ERROR)

# The array's error codes (error_code: four digits, a string) the collection acts on. A suspend the array refuses
# because a suspend of the same session is still running: another job was already suspending it. A suspend it refuses
# because the session is not in a state that allows it (the reference's code; for a session already suspended, as two
# runs started together meet it when the other one's suspend finished first).
ERROR_SUSPEND_STILL_RUNNING = "0108"
ERROR_NOT_IN_A_STATE_THAT_ALLOWS = "0033"
ERROR_CODES = (ERROR_SUSPEND_STILL_RUNNING, ERROR_NOT_IN_A_STATE_THAT_ALLOWS)

# A session that fell into Error or Halt cannot finish a suspend, whatever concurrent_suspend_result
# still says: waiting on it would only run into wait_timeout.
STATUSES_ENDING_A_SUSPEND = (STATUS_ERROR, STATUS_HALT)


def _key(word: Any) -> Optional[str]:
    return word.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(word, str) else None


# Every spelling the collection accepts for a word, compared after _key (case, spaces and hyphens do not count).
# The manual documents only some words; the others are the firmware's names and the spellings an array may
# plausibly use for them (eternus-rest-api.md, open points). A word not listed is never guessed.
SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        STATUS_ACTIVE: ("active",),
        STATUS_SUSPEND: ("suspend", "suspended"),
        STATUS_HALT: ("halt", "halted"),
        STATUS_RESERVED: ("reserved",),
        STATUS_ERROR: ("error", "error_suspend", "error_suspended"),
    },
    "phase": {phase: (_key(phase),) for phase in PHASES},
    # The arrays' own GUI names the three asynchronous modes "Asynchronous Stack", "Asynchronous Consistency", ...
    "transfer_mode": {mode: (_key(mode), "asynchronous_" + _key(mode)) for mode in TRANSFER_MODES},
    "concurrent_suspend_result": {CONCURRENT_SUSPEND_RUNNING: ("running",), CONCURRENT_SUSPEND_SUCCEEDED: ("succeeded",)},
    "job_status": {JOB_QUEUED: ("queued",), JOB_RUNNING: ("running",), JOB_SUCCESS: ("success",), JOB_ERROR: ("error",), JOB_PARTIAL_ERROR: ("partial_error",),
                   JOB_CANCELED: ("canceled", "cancelled")},
}
_CANONICAL: dict[str, dict[str, str]] = {
    field: {spelling: word for word, spellings in words.items() for spelling in spellings} for field, words in SPELLINGS.items()
}
# The session fields a result carries by default (session_fields: compact): what the roles, their reports and a person
# at the console read. Every field of every session passes Ansible's masking of secrets and lands in the job event, so
# at 10,000 sessions each field costs: left out are the type (REC here), the volume numbers, the sizes and times that
# no report shows, the links, the modes and the requestor (session_fields: all returns them; the array sends about
# thirty fields).
COMPACT_SESSION_FIELDS = (
    "copysession_id", "status", "phase", "transfer_mode", "source_volume_name", "destination_volume_name",
    "is_local_source_volume", "remote_boxid", "remote_copysession_id",
    "error_code", "concurrent_suspend_result", "uncopied_data_size", "tracking_data_size", "progress",
)

WORD_FIELDS = ("status", "phase", "transfer_mode", "concurrent_suspend_result")


def canonical(field: str, word: Any) -> Optional[str]:
    """The collection's word for what the array calls ``word`` in ``field``; None for a word it does not know."""
    return _CANONICAL[field].get(_key(word))


def same_word(field: str, actual: Any, wanted: Any) -> bool:
    """Whether two spellings name the same word of ``field`` (an unknown word is equal only to itself)."""
    known = canonical(field, actual)
    if known is None:
        return actual == wanted
    return known == canonical(field, wanted)


def normalized(session: Session) -> dict[str, Any]:
    """A copy of a session record with the collection's word for each word of the array it knows."""
    copy = dict(session)
    for field in WORD_FIELDS:
        known = canonical(field, copy.get(field))
        if known is not None:
            copy[field] = known
    return copy


def unknown_words(session: Optional[Session]) -> dict[str, Any]:
    """The fields of a session whose word the collection does not know, with the array's word."""
    session = session or {}
    return {field: session[field] for field in WORD_FIELDS
            if session.get(field) is not None and canonical(field, session[field]) is None}


def _field_is(field: str, *words: str) -> Callable[[Optional[Session]], bool]:
    def check(session: Optional[Session]) -> bool:
        return session is not None and canonical(field, session.get(field)) in words
    return check


def is_rec(session: Optional[Session]) -> bool:
    return session is not None and session.get("type") == SESSION_TYPE_REC


is_active = _field_is("status", STATUS_ACTIVE)
is_suspend_status = _field_is("status", STATUS_SUSPEND)
is_halted = _field_is("status", STATUS_HALT)
is_error = _field_is("status", STATUS_ERROR)
is_reserved = _field_is("status", STATUS_RESERVED)
in_equivalent_phase = _field_is("phase", PHASE_EQUIVALENT)
is_through = _field_is("transfer_mode", TRANSFER_MODE_THROUGH)
is_stack = _field_is("transfer_mode", TRANSFER_MODE_STACK)
has_suspendable_mode = _field_is("transfer_mode", *SUSPENDABLE_TRANSFER_MODES)
# A hint for when to poll, never the condition a wait ends on: the array's word for "the suspend is still
# finishing" is documented only by a sample, and an array may leave the field out.
says_suspend_running = _field_is("concurrent_suspend_result", CONCURRENT_SUSPEND_RUNNING)
ends_a_suspend = _field_is("status", *STATUSES_ENDING_A_SUSPEND)


def is_equivalent(session: Optional[Session]) -> bool:
    return is_active(session) and in_equivalent_phase(session)


def suspend_finishing(session: Optional[Session]) -> bool:
    """The session says a suspend accepted by the array is still finishing (planning's view): Active or Suspend, and the hint."""
    return (is_active(session) or is_suspend_status(session)) and says_suspend_running(session)


def suspend_still_running(session: Optional[Session]) -> bool:
    """The session says its suspend is still finishing, and nothing (Error, Halt) has ended it: a hint for the next poll."""
    return bool(session) and says_suspend_running(session) and not ends_a_suspend(session)


def suspend_complete(session: Optional[Session]) -> bool:
    return is_suspend_status(session) and not says_suspend_running(session)


def unusual_concurrent_suspend(session: Optional[Session]) -> Any:
    """The concurrent_suspend_result word when it is neither absent nor one the collection knows, else None."""
    return unknown_words(session).get("concurrent_suspend_result")


def error_code_is(failure: Optional[Mapping[str, Any]], code: str) -> bool:
    """A failure item (or error) carries the array's error ``code``; an array that sends it as a number (108) counts too."""
    value = (failure or {}).get("error_code")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    return str(value).strip().zfill(len(code)) == code


def refused_as_suspended_by_another_request(failure: Optional[Mapping[str, Any]]) -> bool:
    """The array refused a suspend of the session because a suspend of it was still running (another job's), or because
    its state did not allow one; for a session that then reads suspended, another request suspended it."""
    return error_code_is(failure, ERROR_SUSPEND_STILL_RUNNING) or error_code_is(failure, ERROR_NOT_IN_A_STATE_THAT_ALLOWS)


def job_status_of(job: Optional[Mapping[str, Any]]) -> Any:
    """The job's status in the array's own word (what results show)."""
    return (job or {}).get("status")


def _job_state(job: Optional[Mapping[str, Any]]) -> Optional[str]:
    return canonical("job_status", job_status_of(job))


def job_is_terminal(job: Optional[Mapping[str, Any]]) -> bool:
    return bool(job) and _job_state(job) in JOB_TERMINAL


def job_failed(job: Optional[Mapping[str, Any]]) -> bool:
    return _job_state(job) in JOB_FAILED


def job_lists_its_failures(job: Optional[Mapping[str, Any]]) -> bool:
    """The job ended in a way that lists per-session failures (not canceled, purged or still running)."""
    return _job_state(job) in JOB_REPORTS_FAILURES


def expected_after_suspend(session: Session) -> dict[str, Any]:
    """The session as a suspend leaves it (check mode's ``after``)."""
    return dict(session, status=STATUS_SUSPEND, concurrent_suspend_result=None)


def expected_after_resume(session: Session, equivalent: bool) -> dict[str, Any]:
    """The session as a resume leaves it: Active, copying, or Equivalent when waited for that."""
    return dict(session, status=STATUS_ACTIVE, concurrent_suspend_result=None,
                phase=PHASE_EQUIVALENT if equivalent else PHASE_COPYING)
