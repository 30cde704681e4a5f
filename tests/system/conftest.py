# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""System tests: the modules run as Ansible runs them, against the ETERNUS simulator, with faults injected.

One simulator per pytest worker (ports: scenario + SIM_PORT_OFFSET + 400 + 10 * worker index, state in
build/simulators/system-gwN), reset before each test.
"""

from __future__ import annotations

import os
import secrets
from typing import Iterator

import pytest

from simulator_control import Simulator, load_scenario, port_offset, running_simulator, state_dir, write_scenario

ARRAYS = ("site-a", "site-b", "site-c", "site-d", "site-e", "site-f")
# Short job phases keep every wait in this suite to a second or two.
FAST_SETTINGS = {"job_queued_seconds": 0.05, "job_running_seconds": 0.05, "suspend_finish_seconds": 0.4}


def worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


@pytest.fixture(scope="session")
def marker_user() -> tuple[str, str]:
    """A user of the simulator whose password is a marker unique to this run."""
    return ("marker-operator", "Pw-marker-%s" % secrets.token_hex(8))


@pytest.fixture(scope="session")
def simulator(marker_user: tuple[str, str]) -> Iterator[Simulator]:
    index = worker_index()
    state = state_dir("system-gw%d" % index)
    scenario = load_scenario()
    scenario["users"].append({"name": marker_user[0], "password": marker_user[1], "roles": ["Admin"]})
    with running_simulator(state, write_scenario(scenario, state / "scenario.yml"), port_offset(400 + 10 * index)) as sim:
        yield sim


@pytest.fixture
def sim(simulator: Simulator) -> Iterator[Simulator]:
    """The worker's simulator, freshly reset; after the test no array may hold a login session."""
    simulator.reset(**FAST_SETTINGS)
    yield simulator
    left_open = {array: simulator.open_sessions(array) for array in ARRAYS}
    assert not any(left_open.values()), "login sessions left open: %s" % left_open
