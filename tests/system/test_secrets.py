# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No secret is ever printed; TLS is verified unless turned off."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

import pytest
import trustme

from simulator_control import REPO_ROOT, http_session, run_playbook

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import EternusClient
from ansible_collections.fujitsu.eternus.plugins.module_utils._module import CONNECTION_ARGSPEC

MODULE_NAMES = sorted(p.stem for p in (REPO_ROOT / "plugins" / "modules").glob("*.py") if not p.stem.startswith("_"))
ROLE_TASKS = REPO_ROOT / "roles" / "rec_failover" / "tasks" / "main.yml"
# The simulator's tokens and refresh tokens: secrets.token_urlsafe(32), 43 URL-safe characters.
TOKEN_FORM = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")

PLAYBOOK = """
- name: Every module, at -vvvv, with the marker password
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    marker_password: "{{ lookup('ansible.builtin.env', 'MARKER_PASSWORD') }}"
  module_defaults:
    group/fujitsu.eternus.eternus:
      host: 127.0.0.1
      port: %(port)d
      username: %(username)s
      password: "{{ marker_password }}"
      ca_path: %(ca_path)s
  tasks:
    - name: Read sessions
      fujitsu.eternus.rec_session_info:
        session_ids: [1, 2]
      register: info
    - name: Rehearse the suspend
      fujitsu.eternus.rec_session_suspend:
        session_ids: [1, 2]
      check_mode: true
      diff: true
      register: rehearsal
    - name: Suspend
      fujitsu.eternus.rec_session_suspend:
        session_ids: [1, 2]
        # job_info waits for the job below: a suspend that waits deletes its finished jobs.
        wait: false
      diff: true
      register: suspended
    - name: Read the suspend's job
      fujitsu.eternus.job_info:
        job_id: "{{ suspended.jobs[0].job_id }}"
        wait: true
      register: job
    - name: Check what the API answers
      fujitsu.eternus.api_info:
      register: api
    - name: Reverse a suspended session
      fujitsu.eternus.rec_session_reverse:
        session_ids: [2]
        copy_source: remote
      register: reversed
    - name: Resume a suspended session
      fujitsu.eternus.rec_session_resume:
        session_ids: [1]
      register: resumed
    - name: A refused suspend (session in Error)
      fujitsu.eternus.rec_session_suspend:
        session_ids: [9]
      register: refused
      ignore_errors: true
    - name: A login refused, with a password that contains the marker
      fujitsu.eternus.rec_session_info:
        password: "{{ marker_password }}-wrong"
      register: login_refused
      ignore_errors: true
    # AWX credentials inject ETERNUS_PASSWORD into ansible-playbook's environment, which the module inherits.
    # (Not the task keyword environment: Ansible itself shows that at -vvvv.)
    - name: The password from the environment, as AWX credentials pass it
      fujitsu.eternus.rec_session_info:
        password: "{{ omit }}"
        session_ids: [1]
      register: from_env
    - name: Keep every result
      ansible.builtin.copy:
        content: "{{ {'info': info, 'rehearsal': rehearsal, 'suspended': suspended, 'job': job, 'reversed': reversed, 'resumed': resumed, 'refused': refused,
                      'login_refused': login_refused, 'from_env': from_env} | to_nice_json }}"
        dest: %(results)s
        mode: "0600"
"""

ROLE_PLAY = """
- name: The failover role, at -vvvv, with the marker password
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Fail over session 3
      ansible.builtin.include_role:
        name: fujitsu.eternus.rec_failover
      vars:
        rec_failover_mode: planned
        rec_failover_session_ids: [3]
        rec_failover_host: 127.0.0.1
        rec_failover_port: %(port)d
        rec_failover_username: %(username)s
        rec_failover_password: "{{ lookup('ansible.builtin.env', 'MARKER_PASSWORD') }}"
        rec_failover_ca_path: %(ca_path)s
        rec_failover_report_path: %(report)s
"""


def a_token_of_the_simulator(sim, marker_user: tuple[str, str]) -> dict[str, str]:
    """Log in once as the marker user to learn what the array's tokens look like; log out again."""
    http = http_session(sim.ca_path)
    base = sim.url("site-a") + "/api/v1"
    login = http.post(base + "/session", json={"user_name": marker_user[0], "password": marker_user[1],
                                               "is_refresh_token_required": True}, timeout=10).json()
    http.delete(base + "/session/%s" % login["session_id"], headers={"Authorization": "Bearer " + login["token"]}, timeout=10)
    return {"token": login["token"], "refresh_token": login["refresh_token"]}


def test_the_playbook_runs_every_module():
    missing = [name for name in MODULE_NAMES if "fujitsu.eternus.%s:" % name not in PLAYBOOK]
    assert not missing, "modules the -vvvv playbook does not run: %s" % missing


def test_no_password_or_token_appears_anywhere_at_vvvv(sim, marker_user, tmp_path):
    issued = a_token_of_the_simulator(sim, marker_user)
    assert all(TOKEN_FORM.fullmatch(value) for value in issued.values()), "the token form changed: %s" % issued
    marker = marker_user[1]
    values = {"port": sim.port("site-a"), "username": marker_user[0], "ca_path": json.dumps(sim.ca_path),
              "results": json.dumps(str(tmp_path / "results.json")), "report": json.dumps(str(tmp_path / "report.json"))}
    playbook = tmp_path / "secrets.yml"
    playbook.write_text(PLAYBOOK % values + (ROLE_PLAY % values if ROLE_TASKS.exists() else ""))
    env = {"ANSIBLE_LOG_PATH": str(tmp_path / "ansible.log"), "MARKER_PASSWORD": marker, "ETERNUS_PASSWORD": marker,
           "ANSIBLE_KEEP_REMOTE_FILES": "0"}

    run = run_playbook(playbook, tmp_path, env=env, options=("-vvvv",))

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["suspended"]["suspended"] == [1, 2] and results["job"]["status"] == "Success"
    assert results["reversed"]["changed"] and results["resumed"]["changed"]
    assert results["refused"]["failed"] and "session 9" in results["refused"]["msg"]
    assert results["login_refused"]["failed"] and "was refused" in results["login_refused"]["msg"]
    assert results["from_env"]["count"] == 1
    texts = {"stdout": run.stdout, "stderr": run.stderr, "ansible log": (tmp_path / "ansible.log").read_text(),
             "results": (tmp_path / "results.json").read_text(), "simulator log": sim.log_path.read_text()}
    if ROLE_TASKS.exists():
        texts["role report"] = (tmp_path / "report.json").read_text()
    # The password was really handed to the modules: Ansible masks no_log values in what it shows.
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.stdout
    for where, text in texts.items():
        assert marker not in text, "the password appears in the %s" % where
        assert not TOKEN_FORM.findall(text), "something shaped like a token appears in the %s: %s" % (where, TOKEN_FORM.findall(text))
    assert sim.statuses([1, 2, 3]) == {1: "Active", 2: "Suspend", 3: "Suspend" if ROLE_TASKS.exists() else "Active"}
    assert sim.sessions()[2]["is_local_source_volume"] is False
    assert sim.counters()["logins"] == sim.counters()["logouts"]


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_validate_certs_defaults_to_true(module_name):
    module = importlib.import_module("ansible_collections.fujitsu.eternus.plugins.modules." + module_name)
    spec = dict(CONNECTION_ARGSPEC, **module.ARGUMENT_SPEC)
    assert spec["validate_certs"]["default"] is True
    assert spec["validate_certs"].get("fallback", (None, []))[1] == ["ETERNUS_VALIDATE_CERTS"]
    assert spec["password"]["no_log"] is True


def minimal_args(module_name: str) -> dict[str, Any]:
    """Arguments a module accepts: session 1, plus a value for every required option of its own."""
    spec = importlib.import_module("ansible_collections.fujitsu.eternus.plugins.modules." + module_name).ARGUMENT_SPEC
    args: dict[str, Any] = {"session_ids": [1]} if "session_ids" in spec else {}
    for name, option in spec.items():
        if option.get("required"):
            args[name] = option["choices"][0] if option.get("choices") else (8192001 if option.get("type") == "int" else "x")
    return args


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_every_module_refuses_a_certificate_it_cannot_verify(sim, tmp_path, module_name):
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    args = minimal_args(module_name)

    result = sim.run_module(module_name, dict(args, ca_path=str(other_ca)), tmp_path)

    assert result["failed"] and "TLS verification of" in result["msg"] and "ca_path" in result["msg"]
    assert sim.counters()["requests"] == {}


def test_a_client_with_the_wrong_ca_is_refused(sim, tmp_path, monkeypatch):
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    # A REQUESTS_CA_BUNDLE that trusts the array must not override the ca_path the client was given.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", sim.ca_path)
    client = EternusClient("127.0.0.1", port=sim.port("site-a"), username="root", password="Eternus-root-1", ca_path=str(other_ca))

    with pytest.raises(errors.TLSVerificationFailed):
        with client:
            pass
    assert sim.counters()["requests"] == {}
