# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Canned HTTP answers for the client, in place of a requests.Session."""

from __future__ import annotations

import json as jsonlib
from typing import Any


class FakeResponse:
    def __init__(self, status: int, body: Any = None) -> None:
        self.status_code = status
        self._body = body
        self.content = b"" if body is None else jsonlib.dumps(body).encode()
        self.text = self.content.decode()

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class FakeHTTP:
    """Replays answers in order; each answer is a FakeResponse or an exception to raise."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []
        self.closed = False

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=True):
        self.calls.append({"method": method, "url": url, "params": params, "json": json,
                           "headers": dict(headers or {}), "timeout": timeout, "verify": verify})
        if not self.answers:
            raise AssertionError("unexpected request %s %s" % (method, url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def close(self):
        self.closed = True


def login_ok(token: str = "tok-1", session_id: int = 100001) -> FakeResponse:
    return FakeResponse(200, {"session_id": session_id, "token": token, "lifetime": 1800})


def logout_ok() -> FakeResponse:
    return FakeResponse(200, None)


BOXID_A = "00ETERNUSDXM##ET503S20A####UNITA0001####"


def storagesystem_ok(boxid: str = BOXID_A, name: str = "array-a") -> FakeResponse:
    """The answer to the one GET /storagesystem every module run makes after login."""
    return FakeResponse(200, {"boxid": boxid, "storage_system_name": name})
