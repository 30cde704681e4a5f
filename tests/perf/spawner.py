# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small process that starts the processes the benchmark measures, and reports their exit and os.wait4's rusage.

Why a process of its own: Linux counts in a child's ru_maxrss the resident set of the process it was forked from (at
exec the old memory's high-water mark is kept). Started from the benchmark, which holds thousands of sessions, every
child would show the benchmark's size; started from this process (a Python without site, a few MB) it shows its own.

Protocol: one JSON object per line on stdin {"command", "env", "cwd", "stdout", "stderr", "timeout"}; one per line on
stdout {"returncode", "started", "exited", "cpu_user", "cpu_system", "max_rss_kib"} (times on CLOCK_MONOTONIC).
"""

import json
import os
import subprocess
import sys
import threading
import time


def run(request):
    with open(request["stdout"], "wb") as stdout, open(request["stderr"], "wb") as stderr:
        started = time.monotonic()
        process = subprocess.Popen(request["command"], stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                   env=request["env"], cwd=request["cwd"])
        # A blocking wait4 wakes the moment the process exits; a timer ends a run that hangs.
        killer = threading.Timer(request["timeout"], process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
            exited = time.monotonic()
        finally:
            killer.cancel()
    # Popen must not wait for the process again: wait4 has reaped it.
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"returncode": process.returncode, "started": started, "exited": exited, "cpu_user": usage.ru_utime,
            "cpu_system": usage.ru_stime, "max_rss_kib": usage.ru_maxrss}


def main():
    for line in sys.stdin:
        sys.stdout.write(json.dumps(run(json.loads(line))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
