# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Typed errors of the ETERNUS REST client, built from HTTP answers in one place."""

from __future__ import annotations

from typing import Any


class EternusError(Exception):
    """Base of every error the collection raises; carries what fail_json shows."""

    def __init__(self, message: str, *, status: int | None = None, error_code: str | None = None,
                 internal_code: str | None = None, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.internal_code = internal_code
        self.details = dict(details or {})

    def to_result(self) -> dict[str, Any]:
        """The keys a failed task returns: msg plus whatever the array said."""
        result: dict[str, Any] = dict(self.details)
        result["msg"] = self.message
        if self.status is not None:
            result["status"] = self.status
        if self.error_code is not None:
            result["error_code"] = self.error_code
        if self.internal_code is not None:
            result["internal_code"] = self.internal_code
        return result


class InvalidInput(EternusError):
    """The task's arguments cannot be carried out; raised before any change."""


class ConnectionFailed(EternusError):
    """The array could not be reached (refused, reset, DNS, TLS, timeout)."""


class TLSVerificationFailed(ConnectionFailed):
    """The array's certificate did not verify against the trusted CAs."""


class RequestTimedOut(ConnectionFailed):
    """The array did not answer within the per-request timeout."""


class BadRequest(EternusError):
    """400, 413 or 415: the array rejected the request's form."""


class AuthError(EternusError):
    """401: wrong credentials, expired password or an invalid/expired token."""


class Forbidden(EternusError):
    """403: the user's role or tenant does not allow the operation."""


class NotFound(EternusError):
    """404: the resource does not exist or belongs to another user or tenant."""


class Conflict(EternusError):
    """409: the request conflicts with the resource's current state."""


class Busy(EternusError):
    """503: the array is busy or has 512 jobs registered; retry later."""


class ServerError(EternusError):
    """500 or another unexpected status."""


class OutcomeUnknown(ConnectionFailed):
    """A state-changing request got an answer that names no job: the array may have taken it, so it is never resent."""


class UnexpectedAnswer(EternusError):
    """A 2xx answer that is not what the API documents (an HTML page from a proxy, a record missing a field)."""


def shortened(value: Any, limit: int = 300) -> str:
    """A value as it came back, cut to ``limit`` characters for a message."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def unexpected_answer(host: str, request: str, what: str, answer: Any) -> UnexpectedAnswer:
    return UnexpectedAnswer("the array at %s answered %s with %s, which is not what the ETERNUS REST API documents: %s"
                            % (host, request, what, shortened(answer)))


class JobFailed(EternusError):
    """A job ended Error, Partial_Error or Canceled."""


class WaitTimeout(EternusError):
    """A wait ran out of time; last_state is what was seen last."""

    def __init__(self, message: str, *, last_state: Any = None, details: dict[str, Any] | None = None) -> None:
        merged = dict(details or {})
        merged.setdefault("last_state", last_state)
        super().__init__(message, details=merged)
        self.last_state = last_state


class Interrupted(BaseException):
    """The module process was asked to stop (SIGTERM, SIGINT).

    A BaseException, like KeyboardInterrupt: code that handles EternusError must not swallow it,
    only the module's run loop turns it into a failure after logging out.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_BY_STATUS: dict[int, type[EternusError]] = {
    400: BadRequest,
    401: AuthError,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: BadRequest,
    415: BadRequest,
    503: Busy,
}


def error_from_response(status: int, body: Any, *, method: str, url: str) -> EternusError:
    """Map a non-2xx answer to its typed error; the message names the call and the array's words."""
    error_code = internal_code = None
    array_message = ""
    if isinstance(body, dict):
        error_code = body.get("error_code")
        internal_code = body.get("internal_code")
        array_message = str(body.get("message") or "")
    elif body:
        array_message = str(body)[:300]
    cls = _BY_STATUS.get(status, ServerError)
    text = "%s %s failed with HTTP %d" % (method, url, status)
    if error_code:
        text += " (error_code %s)" % error_code
    if array_message:
        text += ": %s" % array_message
    return cls(text, status=status, error_code=error_code, internal_code=internal_code)
