# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A process run for its cost: wall time, its exit on the system-wide monotonic clock, CPU and peak memory from wait4.

os.wait4's rusage covers the process and every descendant it waited for (ansible-playbook's workers and the
modules they ran), and nothing else: a simulator started by the caller is not in it. ru_maxrss is the largest
resident set of any one of those processes, in KiB on Linux. The processes are started by spawner.py, a small
process of its own, so that the benchmark's own size is not counted in theirs.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

SPAWNER = Path(__file__).resolve().parent / "spawner.py"


@dataclass
class Measured:
    returncode: int
    started: float
    exited: float
    cpu_user: float
    cpu_system: float
    max_rss_kib: int
    stdout: str
    stderr: str

    @property
    def wall(self) -> float:
        return self.exited - self.started

    @property
    def cpu(self) -> float:
        return self.cpu_user + self.cpu_system


class _Spawner:
    """spawner.py, started once and kept for every measured run."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def run(self, request: dict) -> dict:
        if self.process is None or self.process.poll() is not None:
            # -S: no site packages, the smallest Python there is
            self.process = subprocess.Popen([sys.executable, "-S", str(SPAWNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            atexit.register(self.stop)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the spawner ended without an answer to %s" % request["command"])
        return json.loads(answer)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)


_SPAWNER = _Spawner()


def run_measured(command: Sequence[str], *, env: dict[str, str], cwd: Path, output_dir: Path, timeout: float = 900) -> Measured:
    """command in cwd; its output goes to files in output_dir (a pipe would need reading while waiting)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = output_dir / "stdout.txt", output_dir / "stderr.txt"
    done = _SPAWNER.run({"command": list(command), "env": env, "cwd": str(cwd), "stdout": str(stdout_path), "stderr": str(stderr_path),
                         "timeout": timeout})
    return Measured(stdout=stdout_path.read_text(errors="replace"), stderr=stderr_path.read_text(errors="replace"), **done)
