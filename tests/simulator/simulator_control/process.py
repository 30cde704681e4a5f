"""Starting and stopping a simulator process that a test run owns."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

from .connection_vars import write_connection_vars
from .paths import DEFAULT_SCENARIO, SIMULATOR_ROOT, STATE_ROOT
from .simulator import Simulator


def port_offset(base: int) -> int:
    """base plus SIM_PORT_OFFSET: each test run has its own ports, and SIM_PORT_OFFSET moves them all."""
    return base + int(os.environ.get("SIM_PORT_OFFSET") or 0)


def state_dir(name: str) -> Path:
    """A fresh state folder for the simulator of one test run."""
    path = STATE_ROOT / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def start_simulator(state: Path, scenario: Path = DEFAULT_SCENARIO, offset: int = 0,
                    start_timeout: float = 30) -> tuple[subprocess.Popen[bytes], Simulator]:
    """The simulator running with its log, certificates, simulator.json and connection.yml in state."""
    state.mkdir(parents=True, exist_ok=True)
    info_path = state / "simulator.json"
    info_path.unlink(missing_ok=True)
    log_path = state / "simulator.log"
    env = dict(os.environ, PYTHONPATH=str(SIMULATOR_ROOT))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "eternus_simulator", "--scenario", str(scenario), "--state-dir", str(state),
             "--port-offset", str(offset)], stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + start_timeout
    while not info_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_simulator(process)
            raise RuntimeError("the simulator did not start:\n" + log_path.read_text())
        time.sleep(0.05)
    write_connection_vars(state, scenario)
    return process, Simulator(state, scenario)


def stop_simulator(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_simulator(state: Path, scenario: Path = DEFAULT_SCENARIO, offset: int = 0, start_timeout: float = 30) -> Iterator[Simulator]:
    """start_simulator, stopped when the block ends."""
    process, sim = start_simulator(state, scenario, offset, start_timeout)
    try:
        yield sim
    finally:
        stop_simulator(process)
