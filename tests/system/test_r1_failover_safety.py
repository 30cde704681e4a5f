# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failover.yml and the rec_failover role against the wrong array, the wrong peer, an interrupted run and
one failing array of several (issue 15): refused before any change with the sessions listed, every session accounted
for, eternus_stop_all_on_failure. Every report written here must conform to docs/schemas/rec_report.schema.json.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from simulator_control import REPO_ROOT, VENV_BIN, oldest_core_bin, ports_inventory, run_collection_playbook
from simulator_control.ansible_runs import playbook_environment
from simulator_control.collection_playbooks import SIMULATOR_INVENTORY

BOXID = {name: "00ETERNUSDXM##ET503S20A####SIM%s0000%d####" % (name[-1].upper(), i)
         for i, name in enumerate(("site-a", "site-b", "site-c", "site-d", "site-e", "site-f"), 1)}
DB = [1, 2, 3, 4, 12]
OUTCOMES = ("suspended", "suspended_earlier", "waited", "already_suspended", "refused", "not_suspended", "pending")
SCHEMA = json.loads((REPO_ROOT / "docs" / "schemas" / "rec_report.schema.json").read_text())


def report_of(reports: Path, host: str) -> dict:
    report = json.loads((reports / ("rec_failover-%s.json" % host)).read_text())
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(report)) == [], host
    summary = report["summary"]
    assert sum(summary[key] for key in OUTCOMES) == summary["sessions"] == len(report["sessions"]), summary
    return report


def failover(sim, tmp_path: Path, *options: str, host_vars=None) -> subprocess.CompletedProcess:
    return run_collection_playbook(sim, "rec_failover.yml", tmp_path, ("-e", "rec_failover_report_dir=%s" % (tmp_path / "reports"),
                                                                       "--forks", "3", *options), host_vars=host_vars)


@pytest.fixture
def reports(tmp_path):
    path = tmp_path / "reports"
    path.mkdir()
    return path


@pytest.mark.parametrize("mode, host, side", [("planned", "site-b", "destination"), ("unplanned", "site-a", "source")])
def test_the_wrong_side_of_the_pairs_is_refused_before_the_plan_with_every_session_on_its_own_line(sim, tmp_path, reports, mode, host, side):
    options = ("-e", "rec_failover_hosts=%s" % host, "-e", "rec_failover_mode=%s" % mode)
    if mode == "unplanned":
        sim.admin("site-a", "POST", "/copy_path_loss", {})
        options += ("-e", "rec_failover_force_reason=copy_path_recovery")

    run = failover(sim, tmp_path, *options)

    out = run.stdout
    assert run.returncode != 0
    assert "this array (%s, Box ID %s, https://127.0.0.1:%d) is the copy %s of 5 of the 5 selected session(s)" % (
        host, BOXID[host], sim.port(host), side) in out, out[-3000:]
    peer = BOXID["site-a" if host == "site-b" else "site-b"]
    assert "run it against the peer array (Box ID %s)" % peer in out or "the peer array (Box ID %s)" % peer in out
    # Said before any plan is shown, one session per line of the job log (not a list on one line).
    assert "REC failover plan for %s" % host not in out
    ids = [101, 102, 103, 104, 112] if host == "site-b" else DB
    assert all(sum(1 for line in out.splitlines() if line.strip().startswith('"%d ' % i)) == 1 for i in ids), out[-3000:]
    assert sim.state_changing_requests(host) == []
    report = report_of(reports, host)
    assert report["result"] == "refused" and report["summary"]["identity_refused"] == 5
    assert {s["direction"] for s in report["sessions"]} == {side}


def test_sessions_with_another_peer_are_refused_before_any_change_and_listed(sim, tmp_path, reports):
    run = failover(sim, tmp_path, "-e", "rec_failover_hosts=site-a", host_vars={"site-a": {"rec_failover_peer_boxid": BOXID["site-d"]}})

    out = run.stdout
    assert run.returncode != 0
    assert ("5 of the 5 selected session(s) of this array (site-a, Box ID %s, https://127.0.0.1:%d) do not replicate with the expected "
            "peer, rec_failover_peer_boxid %s" % (BOXID["site-a"], sim.port("site-a"), BOXID["site-d"])) in out, out[-3000:]
    assert "peer array %s, not the expected rec_failover_peer_boxid %s" % (BOXID["site-b"], BOXID["site-d"]) in out
    assert sim.state_changing_requests("site-a") == []
    assert report_of(reports, "site-a")["expected_peer_boxid"] == BOXID["site-d"]


def test_a_peer_boxid_that_is_no_box_id_is_named_before_the_array_is_read(sim, tmp_path):
    run = failover(sim, tmp_path, "-e", "rec_failover_hosts=site-a", host_vars={"site-a": {"rec_failover_peer_boxid": "SIMB"}})

    assert run.returncode != 0
    assert 'rec_failover_peer_boxid must be the Box ID of the peer array (40 characters), got "SIMB" (4 characters).' in run.stdout
    assert sim.counters("site-a")["logins"] == 0


def playbook_command(sim, work: Path, *options: str) -> list[str]:
    inventory = ports_inventory(sim, work / "ports.yml")
    return [str(VENV_BIN / "ansible-playbook"), "-i", str(SIMULATOR_INVENTORY), "-i", str(inventory),
            "-e", "@%s" % (sim.state_dir / "connection.yml"), *options, "-e", "ansible_python_interpreter=" + sys.executable,
            str(REPO_ROOT / "playbooks" / "rec_failover.yml")]


def test_the_rerun_after_an_interrupted_run_accounts_for_every_session(sim, tmp_path, reports):
    # The suspends finish 4 s after their job: the run is stopped (SIGTERM, as a cancelled AWX job) while it waits.
    sim.settings(suspend_finish_seconds=4)
    options = ("-e", "rec_failover_hosts=site-a", "-e", "rec_failover_report_dir=%s" % reports)
    work = tmp_path / "interrupted"
    work.mkdir()
    run = subprocess.Popen(playbook_command(sim, work, *options), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=playbook_environment(work), cwd=work, start_new_session=True)
    try:
        sim.wait_until(lambda: sim.suspend_posts("site-a"), "the suspend is sent", timeout=60)
        time.sleep(0.5)
        os.killpg(run.pid, signal.SIGTERM)
        out = run.communicate(timeout=60)[0]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode != 0, out[-3000:]
    journal = report_of(reports, "site-a")
    assert journal["result"] == "running" and journal["finished_at"] is None, out[-3000:]
    assert journal["summary"]["pending"] == 4 and journal["summary"]["already_suspended"] == 1

    rerun = failover(sim, tmp_path / "rerun", "-e", "rec_failover_hosts=site-a", "-e", "rec_failover_report_dir=%s" % reports)

    assert rerun.returncode == 0, rerun.stdout[-3000:]
    report = report_of(reports, "site-a")
    assert [(s["copysession_id"], s["action"], s["outcome"]) for s in report["sessions"]] == [
        (1, "suspended_earlier", "suspended_earlier"), (2, "suspended_earlier", "suspended_earlier"),
        (3, "suspended_earlier", "suspended_earlier"), (4, "suspended_earlier", "suspended_earlier"), (12, "none", "already_suspended")]
    assert report["result"] == "succeeded" and report["changed"] is False
    assert ("5 session(s): 0 suspended by this run, 4 finished by an earlier run of this failover, 1 already suspended before; "
            "nothing forced") in rerun.stdout
    assert [p["body"]["copysession_id_list"] for p in sim.suspend_posts("site-a")] == [[1, 2, 3, 4]]


def stop_all_run(sim, tmp_path, switch: bool, core: str) -> subprocess.CompletedProcess:
    options = ("-e", "eternus_stop_all_on_failure=%s" % ("true" if switch else "false"))
    if core == "default":
        return failover(sim, tmp_path, *options)
    core_2_17 = oldest_core_bin()
    if core_2_17 is None:
        pytest.skip("ANSIBLE_OLDEST_CORE_BIN is not set (make system-tests sets it)")
    assert (core_2_17 / "ansible-playbook").is_file(), "no ansible-playbook in ANSIBLE_OLDEST_CORE_BIN=%s" % core_2_17
    command = playbook_command(sim, tmp_path, "-e", "rec_failover_report_dir=%s" % (tmp_path / "reports"), "--forks", "3", *options)
    command[0] = str(core_2_17 / "ansible-playbook")
    env = playbook_environment(tmp_path, {"PATH": "%s:%s" % (core_2_17, os.environ.get("PATH", ""))})
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False)


@pytest.mark.parametrize("switch, core", [(True, "default"), (False, "default"), (True, "2.17")])
def test_one_refused_array_stops_every_array_with_the_switch_and_only_itself_without(sim, tmp_path, reports, switch, core):
    sim.admin("site-c", "POST", "/copysession/2/state", {"phase": "Copying", "uncopied_data_size": 100})

    run = stop_all_run(sim, tmp_path, switch, core)

    assert run.returncode != 0
    assert sim.state_changing_requests("site-c") == []
    assert report_of(reports, "site-c")["result"] == "refused"
    for array, ids in (("site-a", [1, 2, 3, 4]), ("site-e", [1, 2, 3])):
        if switch:
            assert sim.state_changing_requests(array) == [], (array, run.stdout[-3000:])
            assert set(sim.statuses(ids, array).values()) == {"Active"}, array
            assert report_of(reports, array)["result"] == "stopped", array
        else:
            assert set(sim.statuses(ids, array).values()) == {"Suspend"}, (array, run.stdout[-3000:])
            assert report_of(reports, array)["result"] == "succeeded", array


def test_a_forced_suspend_with_nothing_left_to_copy_says_so(sim, tmp_path, reports):
    halted = sim.admin("site-a", "POST", "/copy_path_loss", {})["halted"]
    assert {1, 2, 3, 4} <= set(halted)

    run = failover(sim, tmp_path, "-e", "rec_failover_hosts=site-b", "-e", "rec_failover_mode=unplanned",
                   "-e", "rec_failover_force_reason=copy_path_recovery", host_vars={"site-b": {"rec_failover_peer_boxid": BOXID["site-a"]}})

    assert run.returncode == 0, run.stdout[-3000:]
    role_lines = [line for line in run.stdout.splitlines() if line.startswith('        "')]
    assert not [line for line in role_lines if "unusable" in line], role_lines
    assert any("forced suspend, nothing is left behind (uncopied_data_size 0)" in line for line in role_lines)
    assert "5 session(s): 4 suspended by this run, 1 already suspended before; 4 forced, uncopied_data_size 0 was left behind" in run.stdout
    report = report_of(reports, "site-b")
    assert report["summary"]["forced"] == 4 and report["summary"]["data_left_behind"] == 0
