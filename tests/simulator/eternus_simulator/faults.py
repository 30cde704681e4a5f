"""Faults armed through the admin API and consumed by matching /api/v1 requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("busy", "drop", "latency", "html", "missing_field", "wrong_type")
# Kinds that change a record field of the answer, and so need the field's name.
FIELD_KINDS = ("missing_field", "wrong_type")


@dataclass
class Fault:
    kind: str
    count: int
    method: str | None = None
    path: str | None = None
    seconds: float = 0.0
    when: str = "before"
    field: str | None = None
    value: Any = None
    has_value: bool = False

    def matches(self, method: str, path: str, template: str) -> bool:
        if self.method is not None and self.method.upper() != method:
            return False
        if self.path is None:
            return True
        return self.path == template or path.startswith(self.path)


def parse_fault(body: Any) -> Fault:
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    kind = body.get("kind")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of {', '.join(KINDS)}")
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("'count' must be a positive integer")
    seconds = body.get("seconds", 0.0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise ValueError("'seconds' must be a non-negative number")
    if kind == "latency" and not seconds:
        raise ValueError("a latency fault needs 'seconds'")
    when = body.get("when", "before")
    if when not in ("before", "after") or (when == "after" and kind not in ("drop", "html")):
        raise ValueError("'when' is 'before' or 'after' (after only for drop and html)")
    for key in ("method", "path", "field"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ValueError(f"'{key}' must be a string")
    if kind in FIELD_KINDS and not body.get("field"):
        raise ValueError(f"a {kind} fault needs 'field'")
    if "value" in body and kind != "wrong_type":
        raise ValueError("'value' is only for wrong_type")
    return Fault(kind, count, body.get("method"), body.get("path"), float(seconds), when,
                 body.get("field"), body.get("value"), "value" in body)


class FaultBook:
    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self.faults.append(fault)

    def clear(self) -> None:
        self.faults.clear()

    def take(self, method: str, path: str, template: str) -> tuple[float, Fault | None]:
        """Consume matching faults: all latencies add up, the first of any other kind decides."""
        delay = 0.0
        outcome: Fault | None = None
        for fault in list(self.faults):
            if not fault.matches(method, path, template):
                continue
            if fault.kind == "latency":
                delay += fault.seconds
            elif outcome is None:
                outcome = fault
            else:
                continue
            fault.count -= 1
            if fault.count <= 0:
                self.faults.remove(fault)
        return delay, outcome

    def as_list(self) -> list[dict[str, Any]]:
        return [vars(f).copy() for f in self.faults]
