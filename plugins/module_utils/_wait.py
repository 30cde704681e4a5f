# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting: pure predicates polled on a monotonic clock with a backing-off interval. No I/O of its own."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors

# The first poll comes after poll_interval seconds (jobs on the array take at least a
# moment); later polls back off by POLL_BACKOFF_FACTOR up to POLL_INTERVAL_CAP seconds,
# so a long wait costs few requests while a short one is noticed quickly. When the thing
# waited for says how long it still needs (next_delay), the next poll comes right after
# that instead, still within the cap and the deadline.
DEFAULT_POLL_INTERVAL = 0.4
POLL_INTERVAL_CAP = 5.0
POLL_BACKOFF_FACTOR = 1.5
# A floor keeps a stale "due now" hint from turning into a busy loop.
MIN_HINTED_DELAY = 0.2


@dataclass
class Clock:
    """Time source; tests pass a fake one so waits run without sleeping."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass
class WaitResult:
    value: Any
    elapsed: float
    polls: int


NO_WAIT = WaitResult(value=None, elapsed=0.0, polls=0)


def poll_delays(first: float, cap: float = POLL_INTERVAL_CAP, factor: float = POLL_BACKOFF_FACTOR) -> Iterator[float]:
    delay = max(0.0, first)
    while True:
        yield delay
        delay = min(cap, max(delay, 0.05) * factor)


class Waiter:
    """Polls fetch() until done(value) holds, within timeout seconds (never sleeping past the deadline)."""

    def __init__(self, *, timeout: float, poll_interval: float = DEFAULT_POLL_INTERVAL,
                 cap: float = POLL_INTERVAL_CAP, clock: Clock | None = None) -> None:
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.cap = max(cap, poll_interval)
        self.clock = clock or Clock()

    def wait(self, fetch: Callable[[], Any], done: Callable[[Any], bool], *, what: str,
             describe: Callable[[Any], Any] | None = None,
             next_delay: Callable[[Any], float | None] | None = None) -> WaitResult:
        """next_delay(value) may name the seconds until the awaited state is due; None keeps the backoff."""
        start = self.clock.now()
        deadline = start + self.timeout
        polls = 0
        value: Any = None
        backoff = poll_delays(self.poll_interval, self.cap)
        delay = next(backoff)
        while True:
            remaining = deadline - self.clock.now()
            if remaining <= 0:
                break
            self.clock.sleep(min(delay, remaining))
            value = fetch()
            polls += 1
            if done(value):
                return WaitResult(value=value, elapsed=round(self.clock.now() - start, 3), polls=polls)
            hint = next_delay(value) if next_delay else None
            delay = min(self.cap, max(hint, MIN_HINTED_DELAY)) if hint is not None else next(backoff)
        elapsed = round(self.clock.now() - start, 3)
        last = describe(value) if describe else value
        raise errors.WaitTimeout(
            "timed out after %s seconds (wait_timeout=%s, %d polls) waiting for %s" % (elapsed, self.timeout, polls, what),
            last_state=last, details={"elapsed": elapsed, "polls": polls})


class NoopWaiter:
    """Check mode: nothing was sent, so there is nothing to wait for."""

    timeout = 0

    def wait(self, fetch: Callable[[], Any], done: Callable[[Any], bool], *, what: str,
             describe: Callable[[Any], Any] | None = None,
             next_delay: Callable[[Any], float | None] | None = None) -> WaitResult:
        return NO_WAIT
