"""Which sessions a suspend, resume or reverse job refuses, and with which error code.

Every refusal code the simulator reports lives in REFUSALS; the README repeats it.
Only 0033 (already suspended) comes from the reference; the rest are [choice].
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CopyPair


@dataclass(frozen=True)
class Refusal:
    error_code: str
    message: str


REFUSALS: dict[str, Refusal] = {
    "not_rec": Refusal("0101", "The copy session is not a REC session."),
    "status_error": Refusal("0102", "The REC session is in Error status."),
    "through_mode": Refusal("0103", "The REC session is in Through transfer mode."),
    "stack_not_equivalent": Refusal(
        "0104", "The Stack mode REC session is not Equivalent; it cannot be suspended, forced or not."
    ),
    "not_equivalent": Refusal(
        "0105", "The source and destination are not Equivalent (force required)."
    ),
    "halt": Refusal("0106", "The REC session is halted (force required)."),
    "reserved": Refusal("0107", "The REC session is Reserved."),
    "already_suspended": Refusal("0033", "The REC session is already suspended."),
    "suspend_in_progress": Refusal("0108", "A suspend of the REC session is still running."),
    "outside_tenant": Refusal("0109", "The local volume does not belong to the tenant of the user."),
    "not_suspended": Refusal("0110", "The REC session is not in Suspend status."),
}


def _outside_tenant(pair: CopyPair, array: str, tenant: str | None) -> bool:
    if tenant is None:
        return False
    return any(e.volume.tenant != tenant for e in pair.local_endpoints(array))


def _common_refusal(pair: CopyPair, array: str, tenant: str | None) -> Refusal | None:
    """Refusals every REC operation shares, checked first."""
    if not pair.is_rec:
        return REFUSALS["not_rec"]
    if _outside_tenant(pair, array, tenant):
        return REFUSALS["outside_tenant"]
    if pair.status == "Error":
        return REFUSALS["status_error"]
    if pair.status == "Reserved":
        return REFUSALS["reserved"]
    return None


def suspend_refusal(pair: CopyPair, array: str, tenant: str | None, force: bool) -> Refusal | None:
    refusal = _common_refusal(pair, array, tenant)
    if refusal is not None:
        return refusal
    if pair.status == "Suspend":
        return REFUSALS["already_suspended"]
    if pair.concurrent_suspend_result == "Running":
        return REFUSALS["suspend_in_progress"]
    if pair.transfer_mode == "Through":
        return REFUSALS["through_mode"]
    # The manual: a Stack session that is not Equivalent cannot be specified, so force does not help.
    if pair.transfer_mode == "Stack" and pair.phase != "Equivalent":
        return REFUSALS["stack_not_equivalent"]
    if pair.status == "Halt":
        return None if force else REFUSALS["halt"]
    if pair.phase != "Equivalent" and not force:
        return REFUSALS["not_equivalent"]
    return None


def suspend_completes_later(pair: CopyPair, force: bool) -> bool:
    """Synchronous/Consistency suspends of Equivalent pairs finish after the job (seed page)."""
    return (
        not force
        and pair.phase == "Equivalent"
        and pair.transfer_mode in ("Synchronous", "Consistency")
    )


def _needs_suspend(pair: CopyPair, array: str, tenant: str | None) -> Refusal | None:
    refusal = _common_refusal(pair, array, tenant)
    if refusal is not None:
        return refusal
    if pair.status == "Halt":
        return REFUSALS["halt"]
    if pair.status != "Suspend":
        return REFUSALS["not_suspended"]
    return None


def resume_refusal(pair: CopyPair, array: str, tenant: str | None) -> Refusal | None:
    return _needs_suspend(pair, array, tenant)


def reverse_refusal(pair: CopyPair, array: str, tenant: str | None) -> Refusal | None:
    return _needs_suspend(pair, array, tenant)
