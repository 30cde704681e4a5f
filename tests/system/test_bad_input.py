# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input: every case fails with a message that names the offending value, and changes nothing on the array."""

from __future__ import annotations

import socket
from typing import Any, NamedTuple

import pytest
import trustme

from simulator_control import TENANT_USER


class Case(NamedTuple):
    name: str
    module: str
    args: dict[str, Any]
    expected: tuple[str, ...]
    # Whether the module gets as far as logging in (arguments it can only judge from the array's answer).
    logs_in: bool = False


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SUSPEND = "rec_session_suspend"
CASES = [
    Case("empty session_ids", SUSPEND, {"session_ids": []}, ("session_ids is empty",)),
    Case("duplicate ids", SUSPEND, {"session_ids": [1, 2, 1]}, ("session_ids contains duplicates: 1",)),
    Case("negative id", SUSPEND, {"session_ids": [-1]}, ("out of range", ": -1")),
    Case("negative id", SUSPEND, {"session_ids": [1, -3]}, ("out of range", "-3")),
    Case("huge id", SUSPEND, {"session_ids": [2 ** 40]}, ("out of range", str(2 ** 40))),
    Case("largest id, unknown", SUSPEND, {"session_ids": [4294967295]},
         ("unknown copy session id(s) 4294967295: not found on the array", "whatever on_ineligible says"), logs_in=True),
    Case("string id", SUSPEND, {"session_ids": ["db_data01"]}, ("session_ids", "'db_data01'", "cannot be converted to an int")),
    Case("unknown option", SUSPEND, {"session_ids": [1], "sessions": [2]}, ("Unsupported parameters", "sessions")),
    Case("force without force_reason", SUSPEND, {"session_ids": [8], "force": True}, ("force: true requires a force_reason",)),
    Case("invalid force_reason", SUSPEND, {"session_ids": [8], "force": True, "force_reason": "it_is_late"},
         ("force_reason", "it_is_late", "copy_path_recovery")),
    Case("force_scope halted without force", SUSPEND, {"session_ids": [8], "force_scope": "halted"},
         ("force_scope 'halted' is given but force is false",)),
    Case("wait_timeout 0", SUSPEND, {"session_ids": [1], "wait_timeout": 0}, ("wait_timeout must be a positive number", "got 0")),
    Case("negative wait_timeout", SUSPEND, {"session_ids": [1], "wait_timeout": -5}, ("wait_timeout must be a positive number", "got -5")),
    Case("session_ids and match", SUSPEND, {"session_ids": [1], "match": {"source_volume_name": "db_*"}},
         ("mutually exclusive", "session_ids|match")),
    Case("match with an unknown key", SUSPEND, {"match": {"volume_colour": "red"}}, ("Unsupported parameters", "match.volume_colour")),
    Case("match selecting nothing", SUSPEND, {"match": {"source_volume_name": "nomatch_*"}}, ("nomatch_*", "selects no REC session"),
         logs_in=True),
    Case("unreachable host", SUSPEND, {"session_ids": [1], "host": "eternus.invalid"}, ("cannot reach eternus.invalid",)),
    Case("job_info job_id 0", "job_info", {"job_id": 0}, ("job_id must be a positive integer, got 0",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_before_any_change(sim, tmp_path, case):
    result = sim.run_module(case.module, case.args, tmp_path)

    assert result["failed"], result
    assert not result.get("changed")
    for text in case.expected:
        assert text in result["msg"], "%r not in %r" % (text, result["msg"])
    assert sim.state_changing_requests() == []
    assert sim.counters()["logins"] == (1 if case.logs_in else 0)
    assert sim.statuses([1, 2, 8]) == {1: "Active", 2: "Active", 8: "Halt"}


def test_wrong_port_names_host_and_port(sim, tmp_path):
    port = closed_port()

    result = sim.run_module(SUSPEND, {"session_ids": [1], "port": port}, tmp_path)

    assert result["failed"]
    assert "cannot reach 127.0.0.1 on port %d" % port in result["msg"]
    assert sim.counters()["requests"] == {}


def test_certificate_that_does_not_verify_says_how_to_pass_ca_path(sim, tmp_path):
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))

    result = sim.run_module(SUSPEND, {"session_ids": [1], "ca_path": str(other_ca)}, tmp_path)

    assert result["failed"]
    assert "TLS verification of https://127.0.0.1:%d failed" % sim.port("site-a") in result["msg"]
    assert "ca_path" in result["msg"] and "ETERNUS_CA_PATH" in result["msg"]
    # The handshake failed, so the array never saw a request.
    assert sim.counters()["requests"] == {}


def test_wrong_password_names_user_and_array_but_not_the_password(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"session_ids": [1], "password": "Not-the-root-password-42"}, tmp_path)

    assert result["failed"]
    assert "login to https://127.0.0.1:%d as root was refused" % sim.port("site-a") in result["msg"]
    assert "HTTP 401" in result["msg"]
    assert "Not-the-root-password-42" not in result["msg"]
    assert sim.counters()["requests"] == {"POST /api/v1/session": 1}
    assert sim.statuses([1]) == {1: "Active"}


def test_tenant_user_naming_a_session_outside_its_tenant(sim, tmp_path):
    connection = sim.connection("site-a", TENANT_USER)

    result = sim.run_module(SUSPEND, dict(connection, session_ids=[13, 1]), tmp_path)

    assert result["failed"]
    assert "unknown copy session id(s) 1: not found on the array (or not visible to this user)" in result["msg"]
    assert "13" not in result["msg"].replace(result["array"]["boxid"] or "", "")
    assert result["unknown_session_ids"] == [1]
    assert sim.state_changing_requests() == []
    assert sim.statuses([1, 13]) == {1: "Active", 13: "Active"}
