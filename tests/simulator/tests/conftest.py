"""The simulator's own tests: one simulator on free ports for the session, reset before each test."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

from eternus_simulator.dialect_book import ENV_VAR
from simulator_control import SIMULATOR_ROOT, Simulator, load_scenario, running_simulator, write_scenario

# In-process tests (test_scenario.py) import the package directly.
sys.path.insert(0, str(SIMULATOR_ROOT))
# These tests set dialects themselves; a test matrix's dialect for every simulator must not reach them.
os.environ.pop(ENV_VAR, None)

FAST_SETTINGS = {
    "job_queued_seconds": 0.05,
    "job_running_seconds": 0.05,
    "suspend_finish_seconds": 0.4,
    "resume_copy_seconds": 0.4,
}


def free_port_scenario(tmp: Path) -> Path:
    data = load_scenario()
    for array in data["arrays"]:
        array["port"] = 0
    return write_scenario(data, tmp / "scenario.yml")


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return free_port_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="session")
def running(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with running_simulator(tmp_path_factory.mktemp("state"), scenario_file) as sim:
        yield sim


@pytest.fixture
def sim(running: Simulator) -> Simulator:
    """The shared simulator, freshly reset, with short durations."""
    running.reset(**FAST_SETTINGS)
    return running
