# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Ansible-facing layer: shared connection options and the one place errors become fail_json."""

from __future__ import annotations

import signal
from typing import Any, Callable

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import REQUESTS_IMPORT_ERROR, EternusClient
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import ON_INELIGIBLE_CHOICES
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.selection import MATCH_OPTIONS, validate_match, validate_session_ids
from ansible_collections.fujitsu.eternus.plugins.module_utils._wait import NoopWaiter, Waiter

# Kept equal to plugins/doc_fragments/connection.py (a unit test compares them).
CONNECTION_ARGSPEC: dict[str, dict[str, Any]] = {
    "host": {"type": "str", "required": True, "fallback": (env_fallback, ["ETERNUS_HOST"])},
    "port": {"type": "int", "default": 5665, "fallback": (env_fallback, ["ETERNUS_PORT"])},
    "username": {"type": "str", "required": True, "aliases": ["user"], "fallback": (env_fallback, ["ETERNUS_USERNAME"])},
    "password": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["ETERNUS_PASSWORD"])},
    "validate_certs": {"type": "bool", "default": True, "fallback": (env_fallback, ["ETERNUS_VALIDATE_CERTS"])},
    "ca_path": {"type": "path", "fallback": (env_fallback, ["ETERNUS_CA_PATH"])},
    "timeout": {"type": "int", "default": 30, "fallback": (env_fallback, ["ETERNUS_TIMEOUT"])},
}

# Signals that stop a run (an operator's Ctrl-C, a job template cancelled in AWX): the run is unwound so
# that the client logs out; arrays cap concurrent API sessions and an abandoned one lives until its token expires.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

WAIT_ARGSPEC: dict[str, dict[str, Any]] = {
    "wait_timeout": {"type": "int", "default": 600},
    "poll_interval": {"type": "float", "default": 0.4},
}

# Each block below is documented by the doc fragment of the same name (a unit test compares them).
MATCH_ARGSPEC: dict[str, dict[str, Any]] = {"match": {"type": "dict", "options": MATCH_OPTIONS}}

SELECTION_ARGSPEC: dict[str, dict[str, Any]] = {
    "session_ids": {"type": "list", "elements": "int"},
    "session_fields": {"type": "list", "elements": "str"},
}

# The options every module that changes REC sessions has; each documents them itself, in the words of its operation.
OPERATION_ARGSPEC: dict[str, dict[str, Any]] = {
    **SELECTION_ARGSPEC,
    **MATCH_ARGSPEC,
    "on_ineligible": {"type": "str", "choices": list(ON_INELIGIBLE_CHOICES), "default": "fail"},
    "wait": {"type": "bool", "default": True},
    **WAIT_ARGSPEC,
}


class EternusModule:
    """AnsibleModule plus the array client; run() turns every collection error into fail_json."""

    def __init__(self, argument_spec: dict[str, Any], **kwargs: Any) -> None:
        spec = dict(CONNECTION_ARGSPEC)
        spec.update(argument_spec)
        self.ansible = AnsibleModule(argument_spec=spec, **kwargs)
        if REQUESTS_IMPORT_ERROR is not None:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        self._check_connection_params()

    def _check_connection_params(self) -> None:
        port = self.params["port"]
        if not 1 <= port <= 65535:
            self.fail("port must be between 1 and 65535, got %s" % port)
        if self.params["timeout"] <= 0:
            self.fail("timeout must be a positive number of seconds, got %s" % self.params["timeout"])

    @classmethod
    def for_selection(cls, argument_spec: dict[str, Any],
                      check: Callable[[dict[str, Any]], None] | None = None) -> "EternusModule":
        """A module acting on selected REC sessions (argument_spec includes OPERATION_ARGSPEC).

        Its input is checked before the first request, login included.

        check(params) may raise ValueError for checks of its own (the suspend module's force guard).
        """
        module = cls(argument_spec, supports_check_mode=True, mutually_exclusive=[("session_ids", "match")],
                     required_one_of=[("session_ids", "match")])
        module.check_wait_params()
        try:
            if check is not None:
                check(module.params)
            if module.params["session_ids"] is not None:
                validate_session_ids(module.params["session_ids"])
            else:
                validate_match(module.params["match"])
        except ValueError as exc:
            module.fail(str(exc), changed=False)
        return module

    def fail(self, msg: str, **result: Any) -> None:
        self.ansible.fail_json(msg=msg, **result)

    def client(self) -> EternusClient:
        p = self.params
        return EternusClient(p["host"], port=p["port"], username=p["username"], password=p["password"],
                             validate_certs=p["validate_certs"], ca_path=p["ca_path"], timeout=p["timeout"])

    def waiter(self, *, timeout: int | None = None) -> Waiter | NoopWaiter:
        """The wait for this run: a real one, or a no-op in check mode (nothing was sent to wait for)."""
        if self.check_mode:
            return NoopWaiter()
        wait_timeout = self.params["wait_timeout"] if timeout is None else timeout
        return Waiter(timeout=wait_timeout, poll_interval=self.params["poll_interval"])

    def check_wait_params(self) -> None:
        if self.params.get("wait_timeout") is not None and self.params["wait_timeout"] <= 0:
            self.fail("wait_timeout must be a positive number of seconds, got %s" % self.params["wait_timeout"])
        if self.params.get("poll_interval") is not None and self.params["poll_interval"] <= 0:
            self.fail("poll_interval must be a positive number of seconds, got %s" % self.params["poll_interval"])

    def run(self, action: Callable[["EternusModule", EternusClient], dict[str, Any]]) -> None:
        """Log in, run action(module, client), log out (also on failure or SIGTERM/SIGINT), then exit or fail."""
        for stop_signal in STOP_SIGNALS:
            signal.signal(stop_signal, raise_interrupted)
        fields = self.params.get("session_fields")
        try:
            with self.client() as client:
                result = action(self, client)
        except errors.EternusError as exc:
            self.ansible.fail_json(**only_session_fields(exc.to_result(), fields))
        except errors.Interrupted as exc:
            self.ansible.fail_json(msg=exc.message)
        self.ansible.exit_json(**only_session_fields(result, fields))


def only_session_fields(result: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """The result with its sessions cut down to the asked fields (session_fields); all of them when none are asked."""
    if not fields or not isinstance(result.get("sessions"), list):
        return result
    keep = ("copysession_id", *fields)
    return dict(result, sessions=[{key: session[key] for key in keep if key in session} for session in result["sessions"]])


def raise_interrupted(signum: int, _frame: Any) -> None:
    """Signal handler: unwind the run once; a second signal must not cut the logout short."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    raise errors.Interrupted(
        "interrupted by %s before the task finished; the module logged out of the array. Requests already sent keep "
        "running on the array: run the task again, it reads the current state first and does only what is left"
        % signal.Signals(signum).name)
