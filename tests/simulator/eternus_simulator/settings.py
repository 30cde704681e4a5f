"""Tunable behaviour of the simulated arrays (durations, limits, paging)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass
class Settings:
    token_lifetime: float = 1800.0
    refresh_token_lifetime: float = 36000.0
    page_size: int = 1000
    job_queued_seconds: float = 0.5
    job_running_seconds: float = 1.0
    suspend_finish_seconds: float = 3.0
    resume_copy_seconds: float = 5.0
    job_retention_seconds: float = 1800.0
    max_jobs: int = 512
    latency: float = 0.0

    def update(self, values: dict[str, Any]) -> None:
        """Apply known keys; raise ValueError naming the first bad key or value."""
        known = {f.name: f for f in fields(self)}
        checked: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown setting {key!r}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"setting {key!r} must be a non-negative number")
            if known[key].type == "int":
                if int(value) != value:
                    raise ValueError(f"setting {key!r} must be an integer")
                value = int(value)
            else:
                value = float(value)
            checked[key] = value
        if checked.get("page_size", self.page_size) < 1:
            raise ValueError("setting 'page_size' must be at least 1")
        for key, value in checked.items():
            setattr(self, key, value)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
