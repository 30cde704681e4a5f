"""Per-array request counters and request log, with secrets masked."""

from __future__ import annotations

from collections import Counter
from typing import Any

SECRET_KEYS = frozenset({"password", "token", "refresh_token"})
MASK = "********"
# The benchmark sends thousands of requests; keep the log bounded.
LOG_LIMIT = 5000


def mask_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: MASK if k in SECRET_KEYS else mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


class Counters:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.logins = 0
        self.logouts = 0
        self.log: list[dict[str, Any]] = []
        # When the last /api/v1 answer was sent (CLOCK_MONOTONIC): how long a client ran after the array's last word.
        self.last_request_at: float | None = None

    def record(
        self, method: str, path: str, template: str, status: int | None, body: Any, dropped: bool, received: float,
        completed: float,
    ) -> None:
        self.requests[f"{method} {template}"] += 1
        self.last_request_at = completed
        if len(self.log) >= LOG_LIMIT:
            del self.log[0]
        self.log.append(
            {
                "method": method,
                "path": path,
                "template": template,
                "status": status,
                "dropped": dropped,
                "body": mask_secrets(body),
                # CLOCK_MONOTONIC is system-wide: tests on this machine compare it with their own clock
                "received": received,
                # the answer's last byte handed to the connection, on the same clock
                "completed": completed,
            }
        )

    def as_dict(self, open_sessions: int) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "logins": self.logins,
            "logouts": self.logouts,
            "open_sessions": open_sessions,
            "last_request_at": self.last_request_at,
            "log": list(self.log),
        }
