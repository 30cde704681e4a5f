# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The benchmark's scale pieces, cheaply: generated scenarios, the fleet inventory in one rec_failover.yml run, and
how the time after the array's last answer is read from the simulator's log."""

from __future__ import annotations

import yaml
from eternus_simulator.scenario import build_scenario, read_scenario

from simulator_control import FLEET_GROUP, fleet_primaries, fleet_scenario, port_offset, write_bulk_scenario, write_scenario

from .fleet import run_fleet
from .module_process import last_answers, last_read


def test_a_bulk_scenario_of_any_size(tmp_path):
    arrays = build_scenario(read_scenario(write_bulk_scenario(2500, tmp_path)), 0).arrays
    site_a, site_b = arrays["site-a"].sessions, arrays["site-b"].sessions
    assert sorted(site_a) == list(range(1, 2501)) and sorted(site_b) == list(range(2501, 5001))
    pair = site_a[2500]
    assert pair is site_b[5000] and pair.source.array == "site-a" and pair.source.volume.name == "bulk_2500"
    assert {(p.type, p.transfer_mode, p.status, p.phase) for p in site_a.values()} == {("REC", "Synchronous", "Active", "Equivalent")}


def test_a_fleet_scenario_gives_each_primary_its_own_peer(tmp_path):
    scenario = fleet_scenario(3, 4)
    arrays = build_scenario(read_scenario(write_scenario(scenario, tmp_path / "fleet.yml")), 0).arrays
    assert len(arrays) == 6 and len({a.boxid for a in arrays.values()}) == 6
    assert all(len(a.boxid) == 40 and a.port == 0 for a in arrays.values())
    for name, primary in fleet_primaries(scenario).items():
        pairs = arrays[name].sessions
        assert sorted(pairs) == [1, 2, 3, 4]
        assert {p.destination.array for p in pairs.values()} == {primary["peer"]} and len(arrays[primary["peer"]].sessions) == 4


def test_one_failover_run_over_a_fleet_of_two_arrays(tmp_path):
    # every array on a free port; the state folder named by SIM_PORT_OFFSET, as other runs' are
    run = run_fleet(2, 3, {}, tmp_path, name="perf-fleet-test-%d" % port_offset(0))
    assert run.measured.returncode == 0, run.measured.stdout[-3000:]
    # every primary: its sessions suspended by one suspend request, no login left open; the peers were not asked
    assert run.problems == []
    assert all(run.requests_by_array[name] > 0 for name in ("fleet-001", "fleet-002"))
    assert run.requests_by_array["fleet-001-dr"] == run.requests_by_array["fleet-002-dr"] == 0
    # wait4 counted ansible-playbook's tree: more than a Python start, and its peak memory
    assert run.measured.cpu > 0.5 and run.measured.max_rss_kib > 10_000
    inventory = yaml.safe_load((tmp_path / "inventory.yml").read_text())
    assert sorted(inventory["all"]["children"][FLEET_GROUP]["hosts"]) == ["fleet-001", "fleet-002"]


def test_the_time_after_the_array_finished_is_read_from_the_last_answer_before_the_logout():
    log = [{"method": "POST", "template": "/api/v1/session", "completed": 1.0},
           {"method": "GET", "template": "/api/v1/copysession", "completed": 2.0},
           {"method": "DELETE", "template": "/api/v1/session/{session_id}", "completed": 2.5}]
    assert last_answers(log) == (2.0, 2.5)
    assert last_answers(log[:2]) == (2.0, None)
    assert last_read(log + [{"method": "DELETE", "template": "/api/v1/job/{job_id}", "completed": 2.2}]) == 2.0
