# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failover.yml run through ansible-runner the way AWX runs a job template.

AWX writes a private data dir (project/, inventory/, env/envvars with the credential's injected
environment, env/extravars, env/settings), hands it to `ansible-runner transmit`, an execution node runs
`ansible-runner worker`, and the controller reads the event stream back with `ansible-runner process`.
This test does the same with the three commands piped together, against its own simulator with four
array pairs (ports offset by 700 plus SIM_PORT_OFFSET), four primaries failed over with forks 4. The array login reaches the
playbook only as the ETERNUS_* variables that extensions/awx/credential_type_eternus.yml injects.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from awx_credential import credential_environment
from simulator_control import REPO_ROOT as ROOT
from simulator_control import VENV_BIN as BIN
from simulator_control import load_scenario, port_offset, running_simulator, state_dir, write_scenario

PORT_OFFSET = 700
PRIMARIES = {"site-a": "db_*", "site-c": "erp_*", "site-e": "crm_*", "site-g": "hr_*"}
# Sessions of each primary that match its selection, and those that must stay as they were.
SELECTED = {"site-a": [1, 2, 3, 4, 12], "site-c": [1, 2, 3], "site-e": [1, 2, 3], "site-g": [1, 2]}
UNTOUCHED = {"site-a": [5, 6, 7, 13], "site-g": [3]}
SUSPEND_TASK = "Suspend and wait for the planned sessions"


def _four_pair_scenario() -> dict:
    """The default scenario plus a fourth pair of arrays, site-g -> site-h."""
    scenario = load_scenario()
    volumes = [{"number": 700, "name": "hr_data01"}, {"number": 701, "name": "hr_log01"}, {"number": 702, "name": "web_data01"}]
    scenario["arrays"] += [
        {"name": "site-g", "boxid": "00ETERNUSDXM##ET503S20A####SIMG00007####", "port": 15671, "volumes": volumes},
        {"name": "site-h", "boxid": "00ETERNUSDXM##ET503S20A####SIMH00008####", "port": 15672, "volumes": volumes},
    ]
    for number, session_id in ((700, 1), (701, 2), (702, 3)):
        scenario["rec_pairs"].append({
            "source": {"array": "site-g", "volume": number, "id": session_id},
            "destination": {"array": "site-h", "volume": number, "id": 100 + session_id},
            "transfer_mode": "Synchronous", "status": "Active", "phase": "Equivalent", "total_data_size": 4096,
        })
    return scenario


@pytest.fixture(scope="module")
def awx_dir(tmp_path_factory):
    """The job's private data dir, the execution environment's collections and the reports live here."""
    return tmp_path_factory.mktemp("awx")


@pytest.fixture(scope="module")
def simulator(awx_dir):
    scenario = write_scenario(_four_pair_scenario(), awx_dir / "scenario.yml")
    with running_simulator(state_dir("awx"), scenario, port_offset(PORT_OFFSET)) as sim:
        yield sim


def _private_data_dir(simulator, awx_dir: Path) -> Path:
    pdd = awx_dir / "job"
    project = pdd / "project"
    # The project is the SCM checkout of the playbooks; the collection is installed where the execution
    # environment has it, outside the private data dir that transmit sends.
    shutil.copytree(ROOT / "playbooks", project / "playbooks")
    collection = awx_dir / "ee-collections" / "ansible_collections" / "fujitsu" / "eternus"
    collection.parent.mkdir(parents=True)
    collection.symlink_to(ROOT, target_is_directory=True)

    # An AWX inventory: each array a host with its own address; no login in it.
    hosts = {name: {"eternus_host": simulator.info["arrays"][name]["host"], "eternus_port": simulator.port(name),
                    "rec_failover_match": {"source_volume_name": glob}}
             for name, glob in PRIMARIES.items()}
    inventory = {"all": {"children": {"eternus_primary": {
        "hosts": hosts,
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
    }}}}
    (pdd / "inventory").mkdir(parents=True)
    (pdd / "inventory" / "hosts").write_text(yaml.safe_dump(inventory))

    envvars = credential_environment(simulator, "site-a")
    envvars.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", PATH="%s:%s" % (BIN, os.environ["PATH"]),
                   ANSIBLE_COLLECTIONS_PATH=str(awx_dir / "ee-collections"),
                   # The job's own temporary files under its directory, not in the home of the user running the tests.
                   ANSIBLE_LOCAL_TEMP=str(awx_dir / "tmp"), ANSIBLE_REMOTE_TEMP=str(awx_dir / "remote-tmp"))
    (pdd / "env").mkdir()
    (pdd / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    (pdd / "env" / "extravars").write_text(yaml.safe_dump({"rec_failover_report_dir": str(awx_dir / "reports")}))
    (pdd / "env" / "settings").write_text(yaml.safe_dump({"idle_timeout": 300, "job_timeout": 600, "pexpect_timeout": 5,
                                                          "suppress_ansible_output": True}))
    (awx_dir / "reports").mkdir()
    return pdd


@pytest.fixture(scope="module")
def job(simulator, awx_dir):
    pdd = _private_data_dir(simulator, awx_dir)
    runner = str(BIN / "ansible-runner")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ANSIBLE_", "ETERNUS_")) and key != "PYTHONPATH"}
    env["PATH"] = "%s:%s" % (BIN, os.environ["PATH"])
    transmit = subprocess.Popen([runner, "transmit", str(pdd), "-p", "playbooks/rec_failover.yml", "--forks", "4",
                                 "--ident", "awx-job"], stdout=subprocess.PIPE, env=env)
    worker = subprocess.Popen([runner, "worker", "--private-data-dir", str(awx_dir / "worker")],
                              stdin=transmit.stdout, stdout=subprocess.PIPE, env=env)
    transmit.stdout.close()
    process = subprocess.run([runner, "process", str(pdd), "--ident", "awx-job"], stdin=worker.stdout, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env, timeout=600, check=False)
    worker.stdout.close()
    assert transmit.wait(timeout=60) == 0
    assert worker.wait(timeout=60) == 0
    artifacts = pdd / "artifacts" / "awx-job"
    event_files = sorted((artifacts / "job_events").glob("*.json"), key=lambda p: int(p.name.split("-", 1)[0]))
    events = [json.loads(path.read_text()) for path in event_files]
    return {"pdd": pdd, "artifacts": artifacts, "output": process.stdout.decode(), "rc": process.returncode,
            "events": events}


def test_the_job_succeeds_with_forks(job):
    assert job["rc"] == 0, job["output"][-4000:]
    assert (job["artifacts"] / "status").read_text() == "successful"
    assert (job["artifacts"] / "rc").read_text() == "0"
    command = json.loads((job["artifacts"] / "command").read_text())["command"]
    assert "--forks" in command and command[command.index("--forks") + 1] == "4"


def test_no_task_failed_and_every_array_suspended_its_sessions(job):
    kinds = [event["event"] for event in job["events"]]
    assert "runner_on_failed" not in kinds and "runner_on_unreachable" not in kinds
    suspended = {event["event_data"]["host"]: event["event_data"]["res"]
                 for event in job["events"]
                 if event["event"] == "runner_on_ok" and event["event_data"]["task"].startswith(SUSPEND_TASK)}
    assert sorted(suspended) == sorted(PRIMARIES)
    for host, result in suspended.items():
        assert result["changed"] is True, host
        assert sorted(result["suspended"]) == sorted(set(SELECTED[host]) - {12}), host


def test_the_playbook_stats_count_every_array(job):
    stats = [event["event_data"] for event in job["events"] if event["event"] == "playbook_on_stats"]
    assert len(stats) == 1
    assert sorted(stats[0]["ok"]) == sorted(PRIMARIES)
    assert all(stats[0]["changed"].get(host, 0) > 0 for host in PRIMARIES), stats[0]["changed"]
    assert not stats[0]["failures"] and not stats[0]["dark"]


def test_the_simulator_shows_the_sessions_suspended_and_no_login_left(job, simulator):
    for array, ids in SELECTED.items():
        sessions = simulator.sessions(array)
        counters = simulator.counters(array)
        assert {sid: sessions[sid]["status"] for sid in ids} == {sid: "Suspend" for sid in ids}, array
        assert {sid: sessions[sid]["status"] for sid in UNTOUCHED.get(array, [])} == \
            {sid: "Active" for sid in UNTOUCHED.get(array, [])}, array
        suspends = [e["body"] for e in counters["log"] if e["template"] == "/api/v1/copysession/suspend"]
        assert len(suspends) == 1 and not suspends[0].get("force"), (array, suspends)
        assert counters["open_sessions"] == 0, array


def test_the_password_is_in_no_artifact(job, simulator, awx_dir):
    password = simulator.connection_vars()["eternus_password"]
    # ansible-runner records the job's whole environment, the injected credential included, in artifacts/<ident>/command
    # (owner-only; AWX keeps that environment with every *PASSWORD* variable redacted and deletes the directory).
    command = job["artifacts"] / "command"
    assert command.stat().st_mode & 0o077 == 0
    files = [path for path in job["artifacts"].rglob("*") if path.is_file() and path != command]
    assert any(path.name == "stdout" for path in files) and any(path.parent.name == "job_events" for path in files)
    leaking = [str(path) for path in files if password.encode() in path.read_bytes()]
    assert not leaking
    assert password not in job["output"]
    reports = list((awx_dir / "reports").glob("*.json"))
    assert len(reports) == len(PRIMARIES)
    assert not [str(path) for path in reports if password in path.read_text()]


def test_the_login_came_only_from_the_injected_environment(job):
    extravars = yaml.safe_load((job["pdd"] / "env" / "extravars").read_text())
    inventory = (job["pdd"] / "inventory" / "hosts").read_text()
    envvars = yaml.safe_load((job["pdd"] / "env" / "envvars").read_text())
    assert not [key for key in extravars if "password" in key or "username" in key]
    assert "password" not in inventory and "username" not in inventory
    assert {"ETERNUS_USERNAME", "ETERNUS_PASSWORD", "ETERNUS_CA_PATH"} <= set(envvars)
