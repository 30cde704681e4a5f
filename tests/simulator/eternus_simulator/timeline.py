"""Simulated time: a monotonic clock with wall-clock stamps and a queue of due effects.

Effects run lazily (whenever a request arrives) in due-time order, each at its own
due time, so the outcome does not depend on how often clients poll.
"""

from __future__ import annotations

import heapq
import itertools
import time
from datetime import datetime, timezone
from typing import Callable

Effect = Callable[[float], None]


class Clock:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._mono0 = monotonic()
        self._wall0 = time.time()

    def now(self) -> float:
        return self._monotonic()

    def iso(self, at: float) -> str:
        stamp = datetime.fromtimestamp(self._wall0 + (at - self._mono0), tz=timezone.utc)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


class Timeline:
    def __init__(self) -> None:
        self._queue: list[tuple[float, int, Effect]] = []
        self._order = itertools.count()

    def at(self, due: float, effect: Effect) -> None:
        heapq.heappush(self._queue, (due, next(self._order), effect))

    def run_due(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            due, _sequence, effect = heapq.heappop(self._queue)
            effect(due)

    def clear(self) -> None:
        self._queue.clear()
