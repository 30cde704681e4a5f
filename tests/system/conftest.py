# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""System tests: the modules run as Ansible runs them, against the ETERNUS simulator, with faults injected.

One simulator per pytest worker (ports: scenario + 400 + 10 * worker index), reset before each test.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import requests
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = REPO_ROOT / "build" / "collections"
DEFAULT_SCENARIO = REPO_ROOT / "tests" / "simulator" / "scenarios" / "default.yml"
SIMULATOR_SCRIPT = REPO_ROOT / "tools" / "simulator.sh"
BASE_PORT_OFFSET = 400
ROOT_USER = ("root", "Eternus-root-1")
TENANT_USER = ("t1user", "Eternus-t1-1")
ARRAYS = ("site-a", "site-b", "site-c", "site-d", "site-e", "site-f")
SUSPEND_TEMPLATES = ("/api/v1/copysession/suspend", "/api/v1/copysession/{copysession_id}/suspend")
# Short job phases keep every wait in this suite to a second or two.
FAST_SETTINGS = {"job_queued_seconds": 0.05, "job_running_seconds": 0.05, "suspend_finish_seconds": 0.4}
# Connection variables of the module's own environment that would change where it connects or what it trusts.
ENVIRONMENT_OVERRIDES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"


def worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


def http_session(verify: str | bool) -> requests.Session:
    http = requests.Session()
    http.verify = verify
    # REQUESTS_CA_BUNDLE in the environment would otherwise override session.verify.
    http.trust_env = False
    return http


class Simulator:
    """A running simulator: admin calls, counters, session states, and module runs against it."""

    def __init__(self, state_dir: Path, scenario: Path, marker_user: tuple[str, str]) -> None:
        self.state_dir = state_dir
        self.scenario = scenario
        self.marker_user = marker_user
        self.info: dict[str, Any] = json.loads((state_dir / "simulator.json").read_text())
        self.ca_path = str(self.info["ca_path"])
        self.log_path = state_dir / "simulator.log"
        self._http = http_session(self.ca_path)

    # -- the simulator's admin API -------------------------------------------
    def url(self, array: str) -> str:
        return str(self.info["arrays"][array]["url"])

    def port(self, array: str) -> int:
        return int(self.info["arrays"][array]["port"])

    def admin(self, method: str, path: str, body: Any = None, *, array: str = "site-a") -> Any:
        reply = self._http.request(method, self.url(array) + "/admin" + path, json=body, timeout=10)
        assert reply.status_code == 200, "%s /admin%s: %s %s" % (method, path, reply.status_code, reply.text)
        return reply.json()

    def reset(self) -> None:
        self.admin("POST", "/reset")
        self.admin("PUT", "/settings", FAST_SETTINGS)

    def settings(self, **values: Any) -> None:
        self.admin("PUT", "/settings", values)

    def add_fault(self, kind: str, *, method: str, path: str, count: int = 1, array: str = "site-a", **extra: Any) -> None:
        self.admin("POST", "/faults", dict(kind=kind, method=method, path=path, count=count, **extra), array=array)

    def counters(self, array: str = "site-a") -> dict[str, Any]:
        return self.admin("GET", "/counters", array=array)

    def requests_to(self, template: str, array: str = "site-a", method: str | None = None) -> int:
        counts = self.counters(array)["requests"]
        if method is not None:
            return int(counts.get("%s %s" % (method, template), 0))
        return sum(int(n) for key, n in counts.items() if key.split(" ", 1)[1] == template)

    def state_changing_requests(self, array: str = "site-a") -> list[str]:
        """Every request other than a read, a login or a logout: what must never happen on bad input."""
        return [key for key in self.counters(array)["requests"]
                if not key.startswith("GET ") and key not in ("POST /api/v1/session", "DELETE /api/v1/session/{session_id}")]

    def suspend_posts(self, array: str = "site-a") -> list[dict[str, Any]]:
        """Suspend requests as the array logged them: path, status, dropped, body."""
        return [entry for entry in self.counters(array)["log"]
                if entry["method"] == "POST" and entry["template"] in SUSPEND_TEMPLATES]

    def sessions(self, array: str = "site-a") -> dict[int, dict[str, Any]]:
        return {s["copysession_id"]: s for s in self.admin("GET", "/sessions", array=array)}

    def statuses(self, ids: list[int], array: str = "site-a") -> dict[int, str]:
        current = self.sessions(array)
        return {i: current[i]["status"] for i in ids}

    def open_sessions(self, array: str = "site-a") -> int:
        return int(self.counters(array)["open_sessions"])

    def wait_until(self, condition: Callable[[], Any], what: str, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("timed out after %s s waiting until %s" % (timeout, what))
            time.sleep(0.02)

    # -- running modules ---------------------------------------------------------
    def connection(self, array: str = "site-a", user: tuple[str, str] = ROOT_USER) -> dict[str, Any]:
        return {"host": "127.0.0.1", "port": self.port(array), "username": user[0], "password": user[1], "ca_path": self.ca_path}

    def module_command(self, module: str, args: dict[str, Any], tmp_dir: Path, *, array: str = "site-a",
                       check_mode: bool = False, connection: bool = True) -> list[str]:
        full = dict(self.connection(array)) if connection else {}
        full.update(args)
        if check_mode:
            full["_ansible_check_mode"] = True
        args_path = tmp_dir / ("%s-%s.json" % (module, secrets.token_hex(4)))
        args_path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": full}))
        return [sys.executable, "-m", "ansible_collections.fujitsu.eternus.plugins.modules." + module, str(args_path)]

    @staticmethod
    def module_env(env: dict[str, str] | None = None) -> dict[str, str]:
        full = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_OVERRIDES and not k.startswith("ETERNUS_")}
        full["PYTHONPATH"] = str(COLLECTIONS)
        full.update(env or {})
        return full

    def start_module(self, module: str, args: dict[str, Any], tmp_dir: Path, *, env: dict[str, str] | None = None,
                     **options: Any) -> subprocess.Popen[str]:
        return subprocess.Popen(self.module_command(module, args, tmp_dir, **options), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.module_env(env))

    def run_module(self, module: str, args: dict[str, Any], tmp_dir: Path, *, env: dict[str, str] | None = None,
                   timeout: float = 90, **options: Any) -> dict[str, Any]:
        done = subprocess.run(self.module_command(module, args, tmp_dir, **options), capture_output=True, text=True,
                              env=self.module_env(env), timeout=timeout, check=False)
        return parse_module_output(done.stdout, done.stderr)

    def run_playbook(self, playbook: Path, tmp_dir: Path, *, env: dict[str, str] | None = None,
                     options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        """ansible-playbook on localhost with the collection under test, in tmp_dir (the module environment, as Ansible sets it up)."""
        full = self.module_env({"ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS), "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": str(tmp_dir / "tmp"),
                                **(env or {})})
        full.pop("PYTHONPATH")
        command = [str(ANSIBLE_PLAYBOOK), "-i", "localhost,", *options, "-e", "ansible_python_interpreter=" + sys.executable, str(playbook)]
        return subprocess.run(command, capture_output=True, text=True, env=full, cwd=tmp_dir, timeout=120, check=False)


def parse_module_output(stdout: str, stderr: str) -> dict[str, Any]:
    try:
        result = json.loads(stdout)
    except ValueError:
        raise AssertionError("the module printed no JSON result:\nstdout: %s\nstderr: %s" % (stdout, stderr)) from None
    result["_stderr"] = stderr
    return result


def system_scenario(target: Path, marker_user: tuple[str, str]) -> Path:
    """The default scenario plus one user whose password is a marker unique to this run."""
    data = yaml.safe_load(DEFAULT_SCENARIO.read_text())
    data["users"].append({"name": marker_user[0], "password": marker_user[1], "roles": ["Admin"]})
    target.write_text(yaml.safe_dump(data, sort_keys=False))
    return target


@pytest.fixture(scope="session")
def simulator() -> Iterator[Simulator]:
    index = worker_index()
    state_dir = REPO_ROOT / (".sim-system" if index == 0 else ".sim-system-gw%d" % index)
    state_dir.mkdir(parents=True, exist_ok=True)
    marker_user = ("marker-operator", "Pw-marker-%s" % secrets.token_hex(8))
    scenario = system_scenario(state_dir / "scenario.yml", marker_user)
    env = dict(os.environ, SIM_PORT_OFFSET=str(BASE_PORT_OFFSET + 10 * index))
    subprocess.run([str(SIMULATOR_SCRIPT), "start", str(state_dir), str(scenario)], check=True, env=env,
                   stdout=subprocess.DEVNULL, timeout=60)
    try:
        yield Simulator(state_dir, scenario, marker_user)
    finally:
        subprocess.run([str(SIMULATOR_SCRIPT), "stop", str(state_dir)], check=False, timeout=30)


@pytest.fixture
def sim(simulator: Simulator) -> Iterator[Simulator]:
    """The worker's simulator, freshly reset; after the test no array may hold a login session."""
    simulator.reset()
    yield simulator
    left_open = {array: simulator.open_sessions(array) for array in ARRAYS}
    assert not any(left_open.values()), "login sessions left open: %s" % left_open
