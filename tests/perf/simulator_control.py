# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Start the ETERNUS simulator with a scenario at a port offset, call its admin API and run modules against it."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BULK_SCENARIO = ROOT / "tests" / "simulator" / "scenarios" / "bulk.yml"
LOGIN = {"username": "root", "password": "Eternus-root-1"}


class Simulator:
    def __init__(self, state: Path, port_offset: int, scenario: Path = BULK_SCENARIO) -> None:
        self.state = state
        env = dict(os.environ, SIM_PORT_OFFSET=str(port_offset))
        subprocess.run([str(ROOT / "tools" / "simulator.sh"), "start", str(state), str(scenario)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        info = json.loads((state / "simulator.json").read_text())
        self.array = info["arrays"]["site-a"]
        self.ca_path = info["ca_path"]
        self.tls = ssl.create_default_context(cafile=self.ca_path)

    def admin(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.array["url"] + "/admin/" + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, context=self.tls, timeout=60) as answer:
            return json.loads(answer.read() or b"null")

    def connection(self) -> dict[str, Any]:
        return dict(LOGIN, host=self.array["host"], port=self.array["port"], ca_path=self.ca_path)

    def run_module(self, module: str, **args: Any) -> dict[str, Any]:
        """Run a module of the collection directly (as Ansible would on the controller) and return its result."""
        args.update(self.connection())
        env = dict(os.environ, PYTHONPATH=str(ROOT / "build" / "collections"))
        completed = subprocess.run(
            [sys.executable, "-m", "ansible_collections.fujitsu.eternus.plugins.modules.%s" % module],
            input=json.dumps({"ANSIBLE_MODULE_ARGS": args}), capture_output=True, text=True, env=env, check=False)
        return json.loads(completed.stdout)

    def run_playbook(self, playbook: Path, ids: list[int], workdir: Path) -> subprocess.CompletedProcess:
        """Run one of tests/perf/playbooks on localhost against this array for the sessions ``ids``."""
        extra = {"eternus_host": self.array["host"], "eternus_port": self.array["port"], "eternus_username": LOGIN["username"],
                 "eternus_password": LOGIN["password"], "eternus_ca_path": self.ca_path, "bench_ids": ids,
                 "ansible_python_interpreter": sys.executable}
        extra_file = workdir / "vars.json"
        extra_file.write_text(json.dumps(extra))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(ROOT / "build" / "collections"), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_DISPLAY_OK_HOSTS="false", ANSIBLE_DISPLAY_SKIPPED_HOSTS="false")
        command = [str(ROOT / ".venv" / "bin" / "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "@%s" % extra_file,
                   str(playbook)]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    def stop(self) -> None:
        subprocess.run([str(ROOT / "tools" / "simulator.sh"), "stop", str(self.state)], check=False)
