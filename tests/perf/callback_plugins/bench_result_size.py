# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Notes the size of each task's result as JSON, and the time that took, for the benchmark (tests/perf/bench.py)."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: bench_result_size
    type: aggregate
    short_description: the size of each task's result as JSON, one JSON line per result in $BENCH_RESULT_SIZES
    description:
      - Enabled by tests/perf/bench.py only; when it ran and the seconds it spent on json.dumps are in each line, so
        that the benchmark can take them out of the playbook's time.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_result_size"
    CALLBACK_NEEDS_ENABLED = True

    def _note(self, result) -> None:
        path = os.environ.get("BENCH_RESULT_SIZES")
        if not path:
            return
        started = time.monotonic()
        # ansible-core 2.19 names them result and task; earlier versions _result and _task
        payload = getattr(result, "result", None)
        payload = payload if payload is not None else result._result  # pylint: disable=protected-access
        task = getattr(result, "task", None) or result._task  # pylint: disable=protected-access
        host = getattr(result, "host", None) or result._host  # pylint: disable=protected-access
        size = len(json.dumps(payload, default=str).encode())
        line = {"host": host.get_name(), "task": task.get_name(), "action": task.action, "bytes": size}
        # when (CLOCK_MONOTONIC, system-wide) and how long: only what came after the array's last answer is taken out
        line.update(at=started, seconds=time.monotonic() - started)
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")

    def v2_runner_on_ok(self, result) -> None:
        self._note(result)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._note(result)
