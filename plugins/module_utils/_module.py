# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Ansible-facing layer: shared connection options and the one place errors become fail_json."""

from __future__ import annotations

import os
import signal
from typing import Any, Callable

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import read_array_identity
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import REQUESTS_IMPORT_ERROR, EternusClient
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import COMPACT_SESSION_FIELDS
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.selection import (
    MATCH_OPTIONS, ON_INELIGIBLE_CHOICES, validate_match, validate_session_ids)
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

# The environment variable each connection option falls back to, and the roles' variables that set them.
CONNECTION_ENV: dict[str, str] = {name: spec["fallback"][1][0] for name, spec in CONNECTION_ARGSPEC.items()}
ROLE_VARIABLES = "rec_failover_<option> (role fujitsu.eternus.rec_failover) or rec_failback_<option> (role fujitsu.eternus.rec_failback)"
MISSING_REQUIRED = "missing required arguments: "


def explain_missing(msg: str) -> str:
    """Ansible's "missing required arguments: password, username", with where a connection option can come from."""
    if not msg.startswith(MISSING_REQUIRED):
        return msg
    missing = [name.strip() for name in msg[len(MISSING_REQUIRED):].split(",")]
    connection = [name for name in missing if name in CONNECTION_ENV]
    if not connection:
        return msg
    return ("%s. Give %s as module option%s or set the environment variable%s %s (every connection option has one: %s); "
            "the roles take them as the variables %s, for example rec_failover_%s"
            % (msg.rstrip("."), ", ".join(connection), "s" if len(connection) > 1 else "", "s" if len(connection) > 1 else "",
               ", ".join(CONNECTION_ENV[name] for name in connection), ", ".join(CONNECTION_ENV.values()), ROLE_VARIABLES, connection[0]))


class _AnsibleModule(AnsibleModule):
    """AnsibleModule whose argument check says where the connection options come from when one is missing."""

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        super().fail_json(msg=explain_missing(msg), **kwargs)


def _empty(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


# Signals that stop a run (an operator's Ctrl-C, a job template cancelled in AWX): the run is unwound so
# that the client logs out; arrays cap concurrent API sessions and an abandoned one lives until its token expires.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

# The two words session_fields knows besides field names.
SESSION_FIELDS_COMPACT = "compact"
SESSION_FIELDS_ALL = "all"

WAIT_ARGSPEC: dict[str, dict[str, Any]] = {
    "wait_timeout": {"type": "int", "default": 600},
    "poll_interval": {"type": "float", "default": 0.4},
}

# Each block below is documented by the doc fragment of the same name (a unit test compares them).
MATCH_ARGSPEC: dict[str, dict[str, Any]] = {"match": {"type": "dict", "options": MATCH_OPTIONS}}

SELECTION_ARGSPEC: dict[str, dict[str, Any]] = {
    "session_ids": {"type": "list", "elements": "int"},
}

SESSION_FIELDS_ARGSPEC: dict[str, dict[str, Any]] = {
    "session_fields": {"type": "list", "elements": "str", "default": [SESSION_FIELDS_COMPACT]},
}

# The options every module that changes REC sessions has; each documents them itself, in the words of its operation.
OPERATION_ARGSPEC: dict[str, dict[str, Any]] = {
    **SELECTION_ARGSPEC,
    **SESSION_FIELDS_ARGSPEC,
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
        self.ansible = _AnsibleModule(argument_spec=spec, **kwargs)
        if REQUESTS_IMPORT_ERROR is not None:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        # This array as it names itself (read once per run, after login); until then only its URL is known.
        self.array: dict[str, Any] | None = None
        self._check_connection_params()

    def _check_connection_params(self) -> None:
        """Connection options the array would only refuse (or a library would report obscurely), refused before any request."""
        for name, what in (("host", "the array's host name or IP address"), ("username", "the user to log in as"),
                           ("password", "the password of the user")):
            if _empty(self.params[name]):
                self.fail("%s is empty (the %s option or the environment variable %s): give %s; nothing was sent to the array"
                          % (name, name, CONNECTION_ENV[name], what))
        port = self.params["port"]
        if not 1 <= port <= 65535:
            self.fail("port must be between 1 and 65535, got %s" % port)
        if self.params["timeout"] <= 0:
            self.fail("timeout must be a positive number of seconds, got %s" % self.params["timeout"])
        ca_path = self.params["ca_path"]
        if ca_path and self.params["validate_certs"]:
            if not os.path.isfile(ca_path):
                self.fail("ca_path %s (the ca_path option or the environment variable %s) %s: give the PEM file with the CA "
                          "certificate(s) that signed the array's certificate; nothing was sent to the array"
                          % (ca_path, CONNECTION_ENV["ca_path"], "is a directory, not a file" if os.path.isdir(ca_path) else "does not exist"))
            if not os.access(ca_path, os.R_OK):
                self.fail("ca_path %s (the ca_path option or the environment variable %s) cannot be read by this user; "
                          "nothing was sent to the array" % (ca_path, CONNECTION_ENV["ca_path"]))
        if not self.params["validate_certs"]:
            self.ansible.warn("validate_certs is false: the TLS certificate of %s is not verified, so anyone between this host "
                              "and the array could read the password and the answers. Meant for a lab only; give the CA "
                              "certificate with ca_path (or %s) instead" % (self.params["host"], CONNECTION_ENV["ca_path"]))

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
            client = self.client()
            self.array = {"url": client.root_url, "boxid": None, "name": None}
            with client:
                self.array = read_array_identity(client)
                result = action(self, client)
        except errors.EternusError as exc:
            self.ansible.fail_json(**only_session_fields(self._with_array(exc.to_result()), fields))
        except errors.Interrupted as exc:
            self.ansible.fail_json(**self._with_array({"msg": exc.message}))
        self.ansible.exit_json(**only_session_fields(self._with_array(result), fields))

    def _with_array(self, result: dict[str, Any]) -> dict[str, Any]:
        return dict(result, array=self.array) if self.array is not None else result


def session_field_names(fields: list[str] | None) -> tuple[str, ...] | None:
    """The fields session_fields asks for: ``compact`` stands for the compact set, ``all`` for every field the array
    returns (None); other names are taken as they are, with copysession_id always first."""
    fields = list(fields or [SESSION_FIELDS_COMPACT])
    if SESSION_FIELDS_ALL in fields:
        return None
    names: dict[str, None] = {"copysession_id": None}
    for name in fields:
        names.update(dict.fromkeys(COMPACT_SESSION_FIELDS if name == SESSION_FIELDS_COMPACT else (name,)))
    return tuple(names)


def only_session_fields(result: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """The result with its sessions cut down to the asked fields (session_fields); all of them for ``all``."""
    keep = session_field_names(fields)
    if keep is None or not isinstance(result.get("sessions"), list):
        return result
    return dict(result, sessions=[{key: session[key] for key in keep if key in session} for session in result["sessions"]])


def raise_interrupted(signum: int, _frame: Any) -> None:
    """Signal handler: unwind the run once; a second signal must not cut the logout short."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    raise errors.Interrupted(
        "interrupted by %s before the task finished; the module logged out of the array. Requests already sent keep "
        "running on the array: run the task again, it reads the current state first and does only what is left"
        % signal.Signals(signum).name)
