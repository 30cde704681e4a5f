from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from sim_helpers import FAST_SETTINGS, Simulator

SIMULATOR_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = SIMULATOR_ROOT / "scenarios" / "default.yml"
# In-process tests (test_scenario.py) import the package directly.
sys.path.insert(0, str(SIMULATOR_ROOT))


def free_port_scenario(tmp: Path) -> Path:
    data = yaml.safe_load(DEFAULT_SCENARIO.read_text())
    for array in data["arrays"]:
        array["port"] = 0
    path = tmp / "scenario.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def start_simulator(scenario: Path, state_dir: Path) -> tuple[subprocess.Popen[bytes], Simulator]:
    log_path = state_dir / "simulator.log"
    env = dict(os.environ, PYTHONPATH=str(SIMULATOR_ROOT))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "eternus_simulator", "--scenario", str(scenario), "--state-dir", str(state_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    info_path = state_dir / "simulator.json"
    deadline = time.monotonic() + 20
    while not info_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("simulator did not start:\n" + log_path.read_text())
        time.sleep(0.05)
    return process, Simulator(json.loads(info_path.read_text()), state_dir, log_path)


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return free_port_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="session")
def running(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    process, sim = start_simulator(scenario_file, tmp_path_factory.mktemp("state"))
    yield sim
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sim(running: Simulator) -> Simulator:
    """The shared simulator, freshly reset, with short durations."""
    running.admin("site-a", "POST", "/reset")
    running.admin("site-a", "PUT", "/settings", FAST_SETTINGS)
    return running
