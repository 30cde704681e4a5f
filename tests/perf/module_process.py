# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""rec_session_suspend run by itself as Ansible runs it on the controller: its AnsiballZ payload, started with the
controller's Python. Measured: its time after the array's last answer, its peak memory and the size of its result.

"After the array finished" is the module's exit (wait4 returning, on CLOCK_MONOTONIC) minus the moment the
simulator sent its last answer other than the logout's (the log's `completed`, the same clock): the module's own
work on the last poll's answer, its result, the logout's round trip and the interpreter's exit. "After the logout"
leaves the logout's round trip out; "after the last read" (exit minus the last GET's answer) adds the work between
the last poll and the requests that follow it (the deletion of the finished jobs).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator_control import Simulator, clean_environment

from .ansiballz import build_payload, module_args
from .measured import Measured, run_measured

MODULE = "fujitsu.eternus.rec_session_suspend"
LOGOUT = ("DELETE", "/api/v1/session/{session_id}")
# What the module should stay within at 10,000 sessions.
TARGET_AFTER_ARRAY_SECONDS = 0.5
TARGET_PEAK_MB = 150


@dataclass
class ModuleRun:
    measured: Measured
    result: dict[str, Any]
    result_bytes: int
    after_array: float
    after_logout: float | None
    after_last_read: float
    requests: dict[str, int]

    @property
    def peak_mb(self) -> float:
        return self.measured.max_rss_kib * 1024 / 1e6

    def meets_target(self) -> bool:
        return self.after_array < TARGET_AFTER_ARRAY_SECONDS and self.peak_mb < TARGET_PEAK_MB


def last_answers(log: list[dict[str, Any]]) -> tuple[float, float | None]:
    """When the array sent its last answer other than the logout's, and the logout's (None without one)."""
    is_logout = [(entry["method"], entry["template"]) == LOGOUT for entry in log]
    others = [entry["completed"] for entry, logout in zip(log, is_logout) if not logout]
    logouts = [entry["completed"] for entry, logout in zip(log, is_logout) if logout]
    return max(others), (max(logouts) if logouts else None)


def last_read(log: list[dict[str, Any]]) -> float:
    """When the array sent its last answer to a GET: the last state the module read (job deletions and the logout come after)."""
    return max(entry["completed"] for entry in log if entry["method"] == "GET")


def run_module_process(sim: Simulator, ids: list[int], work_dir: Path, timing: dict[str, Any]) -> ModuleRun:
    """One suspend of ids on site-a, from a freshly reset simulator."""
    payload = build_payload(MODULE, module_args({**sim.connection("site-a"), "session_ids": ids}, work_dir),
                            work_dir / "AnsiballZ_rec_session_suspend.py", work_dir)
    sim.reset(**timing)
    sim.admin("site-a", "DELETE", "/counters")
    measured = run_measured([sys.executable, str(payload)], env=clean_environment(), cwd=work_dir, output_dir=work_dir)
    counters = sim.counters("site-a")
    last_other, logout = last_answers(counters["log"])
    try:
        result = json.loads(measured.stdout)
    except ValueError:
        raise SystemExit("the module printed no JSON result:\n%s\n%s" % (measured.stdout[-2000:], measured.stderr[-2000:])) from None
    return ModuleRun(measured=measured, result=result, result_bytes=len(measured.stdout.encode()),
                     after_array=measured.exited - last_other, after_logout=None if logout is None else measured.exited - logout,
                     after_last_read=measured.exited - last_read(counters["log"]), requests=counters["requests"])
