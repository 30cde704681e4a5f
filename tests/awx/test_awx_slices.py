# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failover.yml, then playbooks/rec_failback.yml, as AWX job slices over 40 array pairs.

A job template with job_slice_count 4 makes four jobs. AWX gives each one the inventory cut to its slice: the enabled
hosts ordered by name, slice n (1-based) the hosts[n-1::4] (Inventory.get_sliced_hosts), each group keeping only the
hosts of the slice. Each slice here is a run of its own through `ansible-runner transmit | worker | process`, with its
own private data dir, the credential's injected ETERNUS_* environment and the job's extra variables (one report folder
for all slices); the four run at the same time, forks 10 each, against one simulator holding 80 arrays (ports offset
by 7000 plus SIM_PORT_OFFSET).

The failover's inventory is the 40 home arrays (home-01 ... home-40). The failback's is the disaster-recovery arrays of
the first eight pairs (dr-01 ... dr-08, two per slice) alone, each with its home array's address (rec_failback_home_host /
rec_failback_home_port): no home array is a host of any failback slice, and each disaster-recovery array still reads its
own home array before resuming; the other 32 pairs stay failed over.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from awx_credential import credential_environment
from simulator_control import REPO_ROOT as ROOT
from simulator_control import VENV_BIN as BIN
from simulator_control import load_scenario, port_offset, running_simulator, state_dir, write_scenario

PORT_OFFSET = 7000
PAIRS = 40
SLICES = 4
FORKS = 10
FIRST_PORT = 15665
FAILOVER_JOB = 1000
FAILBACK_JOB = 2000
SUSPEND = "POST /api/v1/copysession/suspend"
REVERSE = "POST /api/v1/copysession/{copysession_id}/reverse"
RESUME = "POST /api/v1/copysession/{copysession_id}/resume"
LOGIN_REQUESTS = ("POST /api/v1/session", "DELETE /api/v1/session/{session_id}")
# The modules delete their finished jobs from the array: a state-changing request, yet no change to a pair.
JOB_DELETE = "DELETE /api/v1/job/{job_id}"


class Pair(NamedTuple):
    number: int
    home: str
    dr: str
    home_boxid: str
    dr_boxid: str
    prefix: str
    selected: list[int]
    unselected: int


def _pair(number: int) -> Pair:
    # Two to four sessions selected by the volume names of their application, and one that is left as it is.
    return Pair(number, "home-%02d" % number, "dr-%02d" % number, "00ETERNUSDXM##ET503S20A####H%08d####" % number,
                "00ETERNUSDXM##ET503S20A####D%08d####" % number, "app%02d_" % number, list(range(1, 3 + number % 3)), 9)


PAIR_LIST = [_pair(number) for number in range(1, PAIRS + 1)]
BY_HOME = {pair.home: pair for pair in PAIR_LIST}
BY_DR = {pair.dr: pair for pair in PAIR_LIST}
# Failing back costs a dozen module runs per array: eight pairs prove the slicing as well as forty would.
FAILBACK_PAIRS = PAIR_LIST[:8]
FAILBACK_DRS = sorted(pair.dr for pair in FAILBACK_PAIRS)


def _fleet_scenario() -> dict[str, Any]:
    """The default scenario's users, shorter timings, and 40 array pairs home-NN -> dr-NN (peer ids + 100)."""
    scenario = load_scenario()
    scenario["settings"].update(job_queued_seconds=0.1, job_running_seconds=0.2, suspend_finish_seconds=1, resume_copy_seconds=1)
    scenario["arrays"], scenario["rec_pairs"] = [], []
    scenario.pop("local_sessions", None)
    for index, pair in enumerate(PAIR_LIST):
        names = ["%sdata%02d" % (pair.prefix, sid) for sid in pair.selected] + ["scratch%02d_01" % pair.number]
        volumes = [{"number": 100 + place, "name": name} for place, name in enumerate(names)]
        scenario["arrays"] += [
            {"name": pair.home, "boxid": pair.home_boxid, "port": FIRST_PORT + index, "volumes": volumes},
            {"name": pair.dr, "boxid": pair.dr_boxid, "port": FIRST_PORT + PAIRS + index, "volumes": volumes},
        ]
        for place, session_id in enumerate(pair.selected + [pair.unselected]):
            scenario["rec_pairs"].append({
                "source": {"array": pair.home, "volume": 100 + place, "id": session_id},
                "destination": {"array": pair.dr, "volume": 100 + place, "id": 100 + session_id},
                "transfer_mode": "Consistency" if session_id == 2 else "Synchronous", "status": "Active",
                "phase": "Equivalent", "total_data_size": 4096,
            })
    return scenario


def awx_slices(hosts: list[str], count: int = SLICES) -> list[list[str]]:
    """AWX's job slicing: the hosts ordered by name, slice n (1-based) gets hosts[n-1::count]."""
    ordered = sorted(hosts)
    return [ordered[number - 1::count] for number in range(1, count + 1)]


@pytest.fixture(scope="module")
def awx_dir(tmp_path_factory):
    """The jobs' private data dirs, the execution environment's collections and the shared report folder live here."""
    path = tmp_path_factory.mktemp("awx-slices")
    collection = path / "ee-collections" / "ansible_collections" / "fujitsu" / "eternus"
    collection.parent.mkdir(parents=True)
    collection.symlink_to(ROOT, target_is_directory=True)
    (path / "reports").mkdir()
    return path


@pytest.fixture(scope="module")
def simulator(awx_dir):
    scenario = write_scenario(_fleet_scenario(), awx_dir / "scenario.yml")
    with running_simulator(state_dir("awx-slices"), scenario, port_offset(PORT_OFFSET)) as sim:
        yield sim


def _host_vars(simulator) -> dict[str, dict[str, Any]]:
    """Each array a host of the AWX inventory, with its address and selection; no login."""
    hosts = {}
    for pair in PAIR_LIST:
        match = {"source_volume_name": pair.prefix + "*"}
        hosts[pair.home] = {"eternus_host": simulator.info["arrays"][pair.home]["host"], "eternus_port": simulator.port(pair.home),
                            "rec_failover_match": match, "rec_failover_peer_boxid": pair.dr_boxid}
        hosts[pair.dr] = {"eternus_host": simulator.info["arrays"][pair.dr]["host"], "eternus_port": simulator.port(pair.dr),
                          "rec_failback_match": match, "rec_failback_home_boxid": pair.home_boxid,
                          "rec_failback_home_host": simulator.info["arrays"][pair.home]["host"],
                          "rec_failback_home_port": simulator.port(pair.home)}
    return hosts


def _slice_inventory(hosts: list[str], host_vars: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The inventory AWX writes for one slice: every group with only the slice's hosts."""
    groups = {"eternus_primary": [host for host in hosts if host in BY_HOME], "eternus_secondary": [host for host in hosts if host in BY_DR]}
    return {"all": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
        "children": {group: {"hosts": {host: host_vars[host] for host in members}} for group, members in groups.items() if members},
    }}


class SliceRun(NamedTuple):
    number: int
    job_id: int
    hosts: list[str]
    pdd: Path
    artifacts: Path
    output: str
    rc: int
    events: list[dict[str, Any]]


def _run_slices(simulator, awx_dir: Path, name: str, playbook: str, inventory_hosts: list[str], first_job: int,
                extravars: dict[str, Any]) -> list[SliceRun]:
    """The four slices of one job template, each through transmit | worker | process, all started before any is waited for."""
    runner = str(BIN / "ansible-runner")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "ETERNUS_")) and key != "PYTHONPATH"}
    env["PATH"] = "%s:%s" % (BIN, os.environ["PATH"])
    host_vars = _host_vars(simulator)
    credential = credential_environment(simulator, PAIR_LIST[0].home)
    started = []
    for number, hosts in enumerate(awx_slices(inventory_hosts), start=1):
        job_id = first_job + number
        pdd = awx_dir / name / ("slice-%d" % number)
        shutil.copytree(ROOT / "playbooks", pdd / "project" / "playbooks")
        (pdd / "inventory").mkdir()
        (pdd / "inventory" / "hosts").write_text(yaml.safe_dump(_slice_inventory(hosts, host_vars)))
        work = awx_dir / name / ("ansible-%d" % number)
        envvars = dict(credential, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", PATH="%s:%s" % (BIN, os.environ["PATH"]),
                       ANSIBLE_COLLECTIONS_PATH=str(awx_dir / "ee-collections"),
                       # The job's own files under its directory, not in the home of the user running the tests.
                       ANSIBLE_LOCAL_TEMP=str(work / "tmp"), ANSIBLE_REMOTE_TEMP=str(work / "remote-tmp"), ANSIBLE_HOME=str(work / "home"))
        (pdd / "env").mkdir()
        (pdd / "env" / "envvars").write_text(yaml.safe_dump(envvars))
        # AWX adds the job's own variables to every slice's extra variables.
        (pdd / "env" / "extravars").write_text(yaml.safe_dump(dict(extravars, awx_job_id=job_id, awx_user_name="dr-operator")))
        (pdd / "env" / "settings").write_text(yaml.safe_dump({"idle_timeout": 300, "job_timeout": 600, "pexpect_timeout": 5,
                                                              "suppress_ansible_output": True}))
        output = open(awx_dir / name / ("process-%d.log" % number), "wb")
        transmit = subprocess.Popen([runner, "transmit", str(pdd), "-p", "playbooks/" + playbook, "--forks", str(FORKS),
                                     "--ident", str(job_id)], stdout=subprocess.PIPE, env=env)
        worker = subprocess.Popen([runner, "worker", "--private-data-dir", str(awx_dir / name / ("worker-%d" % number))],
                                  stdin=transmit.stdout, stdout=subprocess.PIPE, env=env)
        transmit.stdout.close()
        process = subprocess.Popen([runner, "process", str(pdd), "--ident", str(job_id)], stdin=worker.stdout, stdout=output,
                                   stderr=subprocess.STDOUT, env=env)
        worker.stdout.close()
        started.append((number, job_id, hosts, pdd, output, (transmit, worker, process)))
    runs = []
    for number, job_id, hosts, pdd, output, (transmit, worker, process) in started:
        rc = process.wait(timeout=300)
        output.close()
        assert worker.wait(timeout=60) == 0 and transmit.wait(timeout=60) == 0, "slice %d: transmit or worker failed" % number
        artifacts = pdd / "artifacts" / str(job_id)
        event_files = sorted((artifacts / "job_events").glob("*.json"), key=lambda p: int(p.name.split("-", 1)[0]))
        runs.append(SliceRun(number, job_id, hosts, pdd, artifacts, Path(output.name).read_text(), rc,
                             [json.loads(path.read_text()) for path in event_files]))
    return runs


def _snapshot(simulator) -> dict[str, dict[str, Any]]:
    """Every array's request counters and sessions right after a job: the next job adds to the counters."""
    return {array: {"counters": simulator.counters(array), "sessions": simulator.sessions(array)} for array in simulator.info["arrays"]}


@pytest.fixture(scope="module")
def failover(simulator, awx_dir):
    runs = _run_slices(simulator, awx_dir, "failover", "rec_failover.yml", sorted(BY_HOME), FAILOVER_JOB,
                       {"rec_failover_report_dir": str(awx_dir / "reports")})
    return {"runs": runs, "after": _snapshot(simulator)}


@pytest.fixture(scope="module")
def failback(simulator, awx_dir, failover):
    runs = _run_slices(simulator, awx_dir, "failback", "rec_failback.yml", FAILBACK_DRS, FAILBACK_JOB,
                       {"rec_failover_report_dir": str(awx_dir / "reports"), "rec_failback_report_dir": str(awx_dir / "reports"),
                        "rec_failback_copy_poll_seconds": 1})
    return {"runs": runs, "after": _snapshot(simulator)}


def _stats(run: SliceRun) -> list[dict[str, Any]]:
    return [event["event_data"] for event in run.events if event["event"] == "playbook_on_stats"]


def _assert_slices_succeeded(runs: list[SliceRun], all_hosts: list[str]) -> None:
    for run in runs:
        assert run.rc == 0, "slice %d:\n%s" % (run.number, run.output[-4000:])
        assert (run.artifacts / "status").read_text() == "successful", run.number
        command = json.loads((run.artifacts / "command").read_text())["command"]
        assert command[command.index("--forks") + 1] == str(FORKS)
        kinds = {event["event"] for event in run.events}
        assert not kinds & {"runner_on_failed", "runner_on_unreachable"}, run.number
    placed = [host for run in runs for host in run.hosts]
    assert sorted(placed) == sorted(all_hosts) and len(set(placed)) == len(all_hosts)
    assert [len(run.hosts) for run in runs] == [len(all_hosts) // SLICES] * SLICES


def _requests(after: dict[str, Any], before: dict[str, Any] | None = None) -> dict[str, int]:
    """The requests an array received (since before)."""
    counts = dict(after["counters"]["requests"])
    for key, number in (before["counters"]["requests"] if before else {}).items():
        counts[key] = counts.get(key, 0) - number
    return {key: number for key, number in counts.items() if number}


def _state_changing(requests: dict[str, int]) -> dict[str, int]:
    return {key: number for key, number in requests.items() if not key.startswith("GET ") and key not in LOGIN_REQUESTS}


def _assert_no_password(simulator, runs: list[SliceRun], reports: list[Path]) -> None:
    password = simulator.connection_vars()["eternus_password"]
    for run in runs:
        # ansible-runner records the job's whole environment, the injected credential included, in artifacts/<ident>/command
        # (owner-only; AWX keeps that environment with every *PASSWORD* variable redacted).
        command = run.artifacts / "command"
        assert command.stat().st_mode & 0o077 == 0
        files = [path for path in run.artifacts.rglob("*") if path.is_file() and path != command]
        assert any(path.name == "stdout" for path in files), run.number
        assert [str(path) for path in files if password.encode() in path.read_bytes()] == []
        assert password not in run.output
    assert [str(path) for path in reports if password in path.read_text()] == []


# -- the failover ---------------------------------------------------------------------------------------------------------

def test_the_failover_slices_succeed_and_split_the_inventory_as_awx_does(failover):
    runs = failover["runs"]
    _assert_slices_succeeded(runs, sorted(BY_HOME))
    for run in runs:
        assert run.hosts == sorted(BY_HOME)[run.number - 1::SLICES]
        inventory = yaml.safe_load((run.pdd / "inventory" / "hosts").read_text())
        assert sorted(inventory["all"]["children"]["eternus_primary"]["hosts"]) == sorted(run.hosts)
        stats = _stats(run)
        assert len(stats) == 1 and sorted(stats[0]["ok"]) == sorted(run.hosts), run.number
        assert not stats[0]["failures"] and not stats[0]["dark"]
        assert all(stats[0]["changed"].get(host, 0) > 0 for host in run.hosts), stats[0]["changed"]


def test_every_array_failed_over_once_with_its_peer(failover):
    after = failover["after"]
    for pair in PAIR_LIST:
        home, dr = after[pair.home]["sessions"], after[pair.dr]["sessions"]
        assert {sid: home[sid]["status"] for sid in pair.selected} == dict.fromkeys(pair.selected, "Suspend"), pair.home
        assert {sid: dr[100 + sid]["status"] for sid in pair.selected} == dict.fromkeys(pair.selected, "Suspend"), pair.dr
        assert home[pair.unselected]["status"] == dr[100 + pair.unselected]["status"] == "Active", pair.home
        requests = _requests(after[pair.home])
        assert requests.get(SUSPEND) == 1, (pair.home, requests)
        assert set(_state_changing(requests)) <= {SUSPEND, JOB_DELETE}, (pair.home, requests)
        suspends = [entry["body"] for entry in after[pair.home]["counters"]["log"] if entry["template"] == "/api/v1/copysession/suspend"]
        assert [(body["copysession_id_list"], body.get("force", False)) for body in suspends] == [(pair.selected, False)], pair.home
        assert _state_changing(_requests(after[pair.dr])) == {}, pair.dr


def test_one_report_per_array_names_its_slice_job(failover, awx_dir):
    job_of = {host: run.job_id for run in failover["runs"] for host in run.hosts}
    reports = sorted((awx_dir / "reports").glob("rec_failover-*.json"))
    assert sorted(path.name for path in reports) == sorted("rec_failover-%s.json" % host for host in BY_HOME)
    for path in reports:
        host = path.name[len("rec_failover-"):-len(".json")]
        report = json.loads(path.read_text())
        assert report["result"] == "succeeded" and report["array"]["boxid"] == BY_HOME[host].home_boxid, path.name
        assert report["expected_peer_boxid"] == BY_HOME[host].dr_boxid
        assert report["run_by"]["awx_job_id"] == job_of[host], path.name
        assert sorted(session["copysession_id"] for session in report["sessions"]) == BY_HOME[host].selected


def test_no_api_login_is_left_open_after_the_failover(failover):
    assert {array: state["counters"]["open_sessions"] for array, state in failover["after"].items() if state["counters"]["open_sessions"]} == {}


def test_the_password_is_in_no_failover_output_or_artifact(failover, simulator, awx_dir):
    _assert_no_password(simulator, failover["runs"], sorted((awx_dir / "reports").glob("rec_failover-*.json")))


# -- the failback ---------------------------------------------------------------------------------------------------------

def test_the_failback_slices_hold_no_home_array_and_succeed(failback):
    runs = failback["runs"]
    _assert_slices_succeeded(runs, FAILBACK_DRS)
    for run in runs:
        assert run.hosts == FAILBACK_DRS[run.number - 1::SLICES]
        inventory = yaml.safe_load((run.pdd / "inventory" / "hosts").read_text())
        assert list(inventory["all"]["children"]) == ["eternus_secondary"], run.number
        stats = _stats(run)
        assert len(stats) == 1 and sorted(stats[0]["ok"]) == sorted(run.hosts), run.number
        assert not stats[0]["failures"] and not stats[0]["dark"]


def test_every_array_of_the_failback_failed_back_once_and_the_others_stayed_failed_over(failback, failover):
    before, after = failover["after"], failback["after"]
    for pair in PAIR_LIST[len(FAILBACK_PAIRS):]:
        assert _state_changing(_requests(after[pair.dr], before[pair.dr])) == {}, pair.dr
        assert {sid: after[pair.dr]["sessions"][100 + sid]["status"] for sid in pair.selected} == dict.fromkeys(pair.selected, "Suspend")
    for pair in FAILBACK_PAIRS:
        home, dr = after[pair.home]["sessions"], after[pair.dr]["sessions"]
        for sid in pair.selected:
            assert (dr[100 + sid]["status"], dr[100 + sid]["phase"], dr[100 + sid]["is_local_source_volume"]) == ("Active", "Equivalent", True)
            assert (home[sid]["status"], home[sid]["is_local_source_volume"]) == ("Active", False), (pair.home, sid)
        assert (dr[100 + pair.unselected]["is_local_source_volume"], home[pair.unselected]["status"]) == (False, "Active")
        sent = _state_changing(_requests(after[pair.dr], before[pair.dr]))
        assert {key: sent.get(key) for key in (REVERSE, RESUME)} == {REVERSE: len(pair.selected), RESUME: len(pair.selected)}, pair.dr
        assert set(sent) <= {REVERSE, RESUME, JOB_DELETE}, (pair.dr, sent)
        assert _state_changing(_requests(after[pair.home], before[pair.home])) == {}, pair.home


def test_each_failback_report_used_its_failover_report_and_its_home_array(failback, awx_dir):
    job_of = {host: run.job_id for run in failback["runs"] for host in run.hosts}
    reports = sorted((awx_dir / "reports").glob("rec_failback-failback-*.json"))
    assert sorted(path.name for path in reports) == sorted("rec_failback-failback-%s.json" % host for host in FAILBACK_DRS)
    for path in reports:
        host = path.name[len("rec_failback-failback-"):-len(".json")]
        report = json.loads(path.read_text())
        assert report["result"] == "succeeded" and report["run_by"]["awx_job_id"] == job_of[host], path.name
        assert report["evidence"]["home_read"] is True, path.name
        sessions = report["sessions"]
        assert sorted(session["copysession_id"] for session in sessions) == [100 + sid for sid in BY_DR[host].selected]
        assert {(session["suspended_by_failover"], session["changes_home_from"]) for session in sessions} == {(True, "home array")}, path.name


def test_no_api_login_is_left_open_after_the_failback(failback):
    assert {array: state["counters"]["open_sessions"] for array, state in failback["after"].items() if state["counters"]["open_sessions"]} == {}


def test_the_password_is_in_no_failback_output_or_artifact(failback, simulator, awx_dir):
    _assert_no_password(simulator, failback["runs"], sorted((awx_dir / "reports").glob("*.json")))
