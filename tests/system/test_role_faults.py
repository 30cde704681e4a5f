# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover role when the array fails part of the suspend: the play fails at Verify with the offenders, a rerun converges."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from simulator_control import run_playbook

PLAY = """
- name: Fail over sessions 1 and 2
  hosts: localhost
  connection: local
  gather_facts: false
  roles:
    - role: fujitsu.eternus.rec_failover
      vars:
        rec_failover_session_ids: [1, 2]
        rec_failover_stepwise: %(stepwise)s
        rec_failover_host: 127.0.0.1
        rec_failover_port: %(port)d
        rec_failover_username: root
        rec_failover_password: %(password)s
        rec_failover_ca_path: %(ca_path)s
        rec_failover_report_path: %(report)s
"""


def run_role(sim, tmp_path: Path, stepwise: bool) -> subprocess.CompletedProcess:
    playbook = tmp_path / "failover.yml"
    connection = sim.connection()
    playbook.write_text(PLAY % {"stepwise": json.dumps(stepwise), "port": sim.port("site-a"), "password": json.dumps(connection["password"]),
                                "ca_path": json.dumps(sim.ca_path), "report": json.dumps(str(tmp_path / "report.json"))})
    return run_playbook(playbook, tmp_path)


@pytest.mark.parametrize("stepwise", [False, True], ids=["one-run", "stepwise"])
def test_a_session_the_array_fails_stops_the_play_at_verify_with_its_error_and_a_rerun_converges(sim, tmp_path, stepwise):
    sim.admin("site-a", "POST", "/copysession/2/fail_in_job", {"error_code": "0199", "message": "volume busy"})

    failed = run_role(sim, tmp_path, stepwise)

    assert failed.returncode != 0
    out = failed.stdout
    assert "TASK [fujitsu.eternus.rec_failover : Verify every selected session is suspended]" in out
    assert "Not suspended after the failover of localhost: 1 of 2 session(s). A rerun suspends only what is left." in out
    offender = [line for line in out.splitlines() if line.strip().startswith('"2 ') and "0199" in line]
    assert offender and "volume busy" in offender[0], out[-3000:]
    # The array's state, and one suspend of both sessions: the failure was not retried behind the user's back.
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Active"}
    assert [p["body"]["copysession_id_list"] for p in sim.suspend_posts()] == [[1, 2]]
    assert sim.open_sessions() == 0

    rerun = run_role(sim, tmp_path, stepwise)

    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    assert [p["body"]["copysession_id_list"] for p in sim.suspend_posts()] == [[1, 2], [2]]
    report = json.loads((tmp_path / "report.json").read_text())
    # Session 1 was suspended by the first, failed run: the rerun's report says so instead of "already suspended".
    outcomes = [(s["copysession_id"], s["action"], s["after"]["status"]) for s in report["sessions"]]
    assert outcomes == [(1, "suspended_earlier", "Suspend"), (2, "suspend", "Suspend")]
    assert report["offenders"] == [] and report["changed"] is True


TWICE = """
- name: Fail over two selections of one array in one play, the first step by step
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    rec_failover_host: 127.0.0.1
    rec_failover_port: %(port)d
    rec_failover_username: root
    rec_failover_password: %(password)s
    rec_failover_ca_path: %(ca_path)s
  tasks:
    - name: Sessions 1 and 2, stepwise
      ansible.builtin.include_role:
        name: fujitsu.eternus.rec_failover
      vars:
        rec_failover_session_ids: [1, 2]
        rec_failover_stepwise: true
        rec_failover_report_path: %(first)s

    - name: Session 3, in one run
      ansible.builtin.include_role:
        name: fujitsu.eternus.rec_failover
      vars:
        rec_failover_session_ids: [3]
        rec_failover_report_path: %(second)s
"""


def test_a_second_run_of_the_role_in_one_play_reports_its_own_sessions(sim, tmp_path):
    """Registered variables outlive a role: the second run must not report the first run's read-back."""
    playbook = tmp_path / "twice.yml"
    playbook.write_text(TWICE % {"port": sim.port("site-a"), "password": json.dumps(sim.connection()["password"]),
                                 "ca_path": json.dumps(sim.ca_path), "first": json.dumps(str(tmp_path / "first.json")),
                                 "second": json.dumps(str(tmp_path / "second.json"))})

    run = run_playbook(playbook, tmp_path)

    assert run.returncode == 0, run.stdout[-3000:]
    first = json.loads((tmp_path / "first.json").read_text())
    second = json.loads((tmp_path / "second.json").read_text())
    assert [(s["copysession_id"], s["after"]["status"]) for s in first["sessions"]] == [(1, "Suspend"), (2, "Suspend")]
    assert [(s["copysession_id"], s["before"]["status"], s["after"]["status"]) for s in second["sessions"]] == [(3, "Active", "Suspend")]
    assert second["jobs"] and second["jobs"][0]["succeeded_sessions"] == [3]
    assert sim.statuses([1, 2, 3]) == {1: "Suspend", 2: "Suspend", 3: "Suspend"}
