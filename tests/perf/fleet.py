# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A fleet failover: playbooks/rec_failover.yml once over many arrays, each a host, forks = number of arrays.

Each primary has its own peer and its sessions (simulator_control.scale); the inventory gives each its address,
rec_failover_match and rec_failover_peer_boxid. Measured: wall time and the controller's CPU (user + sys of
ansible-playbook and everything it waited for: workers and module runs; the simulator is another process tree).
A run counts only if every primary's sessions are suspended, by one suspend request per 512 sessions, and no login
is left open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator_control import REPO_ROOT, Simulator, fleet_inventory, fleet_primaries, fleet_scenario, running_simulator, state_dir, write_scenario

from .measured import Measured
from .perf_playbooks import largest_module_result, run_measured_playbook

FAILOVER_PLAYBOOK = REPO_ROOT / "playbooks" / "rec_failover.yml"
SUSPEND_TEMPLATE = "/api/v1/copysession/suspend"
IDS_PER_REQUEST = 512


@dataclass
class FleetRun:
    arrays: int
    sessions: int
    measured: Measured
    requests_by_array: dict[str, int]
    result_bytes: int
    problems: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.requests_by_array.values())

    @property
    def cpu_per_array(self) -> float:
        return self.measured.cpu / self.arrays


def check_primary(sim: Simulator, name: str, sessions: int) -> list[str]:
    """What is wrong with one primary after the run: sessions not suspended, suspend requests, open logins."""
    problems = []
    statuses = {s["copysession_id"]: s["status"] for s in sim.admin(name, "GET", "/sessions")}
    left = [sid for sid, status in statuses.items() if status != "Suspend"]
    if left:
        problems.append("%s: %d of %d sessions not suspended" % (name, len(left), sessions))
    counters = sim.counters(name)
    posts = counters["requests"].get("POST " + SUSPEND_TEMPLATE, 0)
    if posts != -(-sessions // IDS_PER_REQUEST):
        problems.append("%s: %d suspend requests" % (name, posts))
    if counters["open_sessions"]:
        problems.append("%s: %d logins left open" % (name, counters["open_sessions"]))
    return problems


def run_fleet(arrays: int, sessions: int, timing: dict[str, Any], work_dir: Path, name: str = "bench-fleet") -> FleetRun:
    """One run on a simulator of its own (state in build/simulators/name), every array on a free port."""
    scenario = fleet_scenario(arrays, sessions)
    path = write_scenario(scenario, work_dir / "scenario.yml")
    with running_simulator(state_dir(name), path, start_timeout=120) as sim:
        sim.settings(**timing)
        inventory = fleet_inventory(sim, scenario, work_dir / "inventory.yml")
        options = ("-f", str(arrays), "-e", "@%s" % (sim.state_dir / "connection.yml"))
        measured, sizes = run_measured_playbook(FAILOVER_PLAYBOOK, work_dir, inventories=(inventory,), options=options)
        primaries = fleet_primaries(scenario)
        problems = [] if measured.returncode == 0 else ["ansible-playbook ended with %d:\n%s" % (measured.returncode, measured.stdout[-3000:])]
        for primary in primaries:
            problems += check_primary(sim, primary, sessions)
        requests = {array: sum(sim.counters(array)["requests"].values()) for array in sim.info["arrays"]}
    return FleetRun(arrays=arrays, sessions=sessions, measured=measured, requests_by_array=requests,
                    result_bytes=largest_module_result(sizes), problems=problems)
