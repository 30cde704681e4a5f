# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for the ETERNUS AF/DX RESTful API. No Ansible imports: usable and testable on its own."""

from __future__ import annotations

import errno
import random
import re
import socket
import time
import traceback
from typing import Any, Callable, Iterator
from urllib.parse import urlencode, urljoin, urlsplit

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors

try:
    import requests
    import urllib3
except ImportError:
    requests = None  # pylint: disable=invalid-name
    urllib3 = None  # pylint: disable=invalid-name
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

API_PREFIX = "/api/v1"
DEFAULT_PORT = 5665

# A retry policy says which transient failures a call may be repeated after.
# "all": 503 and connection errors (only for calls that are safe to repeat, such as GET);
# "busy": only 503, which the array answers before doing anything, so a state-changing
# call can be resent; "none": never.
RETRY_ALL = "all"
RETRY_BUSY = "busy"
RETRY_NONE = "none"
# A logout is repeated after a dropped connection too (a second DELETE of a closed session only gets a 401 or
# 404), but only this often, so that a task that failed because the array went away is not held up much longer.
LOGOUT_RETRIES = 2


class EternusClient:
    """One logged-in REST session to one array; use as a context manager (login on enter, logout on exit)."""

    def __init__(self, host: str, *, username: str, password: str, port: int = DEFAULT_PORT,
                 validate_certs: bool = True, ca_path: str | None = None, timeout: float = 30,
                 retries: int = 5, backoff_base: float = 0.5, backoff_cap: float = 8.0,
                 sleep: Callable[[float], None] = time.sleep, session: Any = None) -> None:
        if requests is None:
            raise RuntimeError("the Python library requests is required")
        self.host = host
        self.port = port
        self.root_url = "https://%s:%d" % (host, port)
        self.base_url = self.root_url + API_PREFIX
        self._username = username
        self._password = password
        self.timeout = timeout
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self._http = session if session is not None else requests.Session()
        # Passed with every request: requests lets REQUESTS_CA_BUNDLE override a Session-level verify.
        self.verify: bool | str = True
        if not validate_certs:
            self.verify = False
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        elif ca_path:
            self.verify = ca_path
        self._token: str | None = None
        self.session_id: int | None = None
        self.login_count = 0
        # Fewer ids than the default per request or query, once this array refused a list as too long (_api).
        self.id_list_limit: int | None = None

    # -- session lifecycle -------------------------------------------------
    def __enter__(self) -> "EternusClient":
        self.login()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.logout()

    def login(self) -> None:
        """POST /session. Retried on 503 only: a dropped login could leave an orphaned session behind."""
        body = {"user_name": self._username, "password": self._password}
        try:
            data = self._send("POST", "/session", json=body, retry=RETRY_BUSY, authenticate=False)
        except errors.AuthError as exc:
            raise errors.AuthError(
                "login to %s as %s was refused (%s): check username and password (ETERNUS_USERNAME, ETERNUS_PASSWORD); "
                "the password may also have expired" % (self.root_url, self._username, exc.message),
                status=exc.status, error_code=exc.error_code, internal_code=exc.internal_code) from None
        self._token = data.get("token") if isinstance(data, dict) else None
        self.session_id = data.get("session_id") if isinstance(data, dict) else None
        if not self._token:
            raise errors.AuthError("login to %s as %s returned no token" % (self.root_url, self._username))
        self.login_count += 1

    def logout(self) -> None:
        """DELETE /session/{id}; arrays cap concurrent sessions, so this runs on every exit path."""
        if self._token is None:
            return
        try:
            if self.session_id is not None:
                self._send("DELETE", "/session/%s" % self.session_id, retry=RETRY_ALL, reauth=False, retries=LOGOUT_RETRIES)
        except errors.EternusError:
            pass  # the token expires by itself; a failed logout must not hide the task's result
        finally:
            self._token = None
            self.session_id = None
            self._http.close()

    # -- requests ----------------------------------------------------------
    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, json: Any = None, *, retry: str = RETRY_BUSY) -> Any:
        return self.request("POST", path, json=json, retry=retry)

    def delete(self, path: str) -> Any:
        return self.request("DELETE", path, retry=RETRY_BUSY)

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                json: Any = None, retry: str | None = None) -> Any:
        """Send one API call (path relative to /api/v1) and return its decoded JSON body (None if empty)."""
        if retry is None:
            retry = RETRY_ALL if method == "GET" else RETRY_NONE
        return self._send(method, path, params=params, json=json, retry=retry)

    def get_all(self, path: str, list_key: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """GET a collection and every page after it (next_href), returning the items of all pages."""
        items: list[dict[str, Any]] = []
        for page in self.follow_pages(path, params=params):
            page_items = page.get(list_key) or []
            if not isinstance(page_items, list) or not all(isinstance(item, dict) for item in page_items):
                raise errors.unexpected_answer(self.host, "GET %s" % path, "%s that is not a list of objects" % list_key, page)
            items.extend(page_items)
        return items

    def follow_pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        page = self._page(self.get(path, params=params), path)
        yield page
        seen = set()
        while page.get("next_href"):
            href = page["next_href"]
            if href in seen:
                raise errors.ServerError("the array returned the paging link %s twice" % href)
            seen.add(href)
            page = self._page(self._send("GET", href, retry=RETRY_ALL, absolute=True), href)
            yield page

    def _page(self, page: Any, path: str) -> dict[str, Any]:
        if page is None:
            return {}
        if not isinstance(page, dict):
            raise errors.unexpected_answer(self.host, "GET %s" % path, "a page that is not a JSON object", page)
        return page

    # -- internals ---------------------------------------------------------
    def _url(self, path: str, absolute: bool) -> str:
        if not absolute:
            return self.base_url + path
        # next_href carries the /api/v1 prefix, or is a whole URL; either way it must stay on this array,
        # or the token would be sent elsewhere.
        url = urljoin(self.root_url + "/", path)
        if urlsplit(url)[:2] != urlsplit(self.root_url)[:2]:
            raise errors.unexpected_answer(self.host, "a paged GET", "a paging link to another server", path)
        return url

    def _send(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None,
              retry: str, authenticate: bool = True, reauth: bool = True, absolute: bool = False,
              retries: int | None = None) -> Any:
        url = self._url(path, absolute)
        retries = self.retries if retries is None else retries
        shown = urlsplit(url).path
        attempt = 0
        reauthenticated = False
        while True:
            attempt += 1
            headers = {"Accept": "application/json"}
            if authenticate and self._token:
                headers["Authorization"] = "Bearer " + self._token
            try:
                # Lists in the query are comma-separated, the commas literal as in the manual's samples.
                query = urlencode(params, safe=",") if params else None
                response = self._http.request(method, url, params=query, json=json, headers=headers,
                                              timeout=self.timeout, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                error = self._connection_error(exc, method, shown)
                if retry == RETRY_ALL and attempt <= retries and not isinstance(error, errors.TLSVerificationFailed):
                    self._backoff(attempt)
                    continue
                if attempt > 1:
                    error.message += " (gave up after %d attempts)" % attempt
                    error.args = (error.message,)
                raise error from None
            body = _decode(response)
            if 200 <= response.status_code < 300:
                if body is not None and not isinstance(body, (dict, list)):
                    raise errors.unexpected_answer(self.host, "%s %s" % (method, shown), "a body that is not JSON", body)
                return body
            error = errors.error_from_response(response.status_code, body, method=method, url=self.root_url + shown)
            if isinstance(error, errors.AuthError) and authenticate and reauth and not reauthenticated:
                # Tokens expire after their lifetime even while in use; a long wait logs in once more.
                reauthenticated = True
                self._token = None
                self.login()
                continue
            if isinstance(error, errors.Busy) and retry in (RETRY_ALL, RETRY_BUSY) and attempt <= retries:
                self._backoff(attempt)
                continue
            if isinstance(error, errors.Busy) and attempt > 1:
                error.message += " (gave up after %d attempts)" % attempt
                error.args = (error.message,)
            raise error

    def _connection_error(self, exc: Exception, method: str, path: str) -> errors.EternusError:
        where = "%s %s%s" % (method, self.root_url, path)
        if isinstance(exc, requests.exceptions.SSLError):
            return errors.TLSVerificationFailed(
                "TLS verification of %s failed: %s. Give the CA certificate that signed the array's "
                "certificate with ca_path (or ETERNUS_CA_PATH); validate_certs=false turns verification off "
                "and is meant for lab use only." % (self.root_url, _innermost(exc)))
        if isinstance(exc, requests.exceptions.Timeout):
            return errors.RequestTimedOut(
                "%s: no answer from %s within %s seconds (timeout); the array may be overloaded or "
                "unreachable, raise timeout if it is just slow" % (where, self.host, self.timeout))
        return errors.ConnectionFailed("%s: cannot reach %s on port %d: %s" % (where, self.host, self.port, self._why_unreachable(exc)))

    def _why_unreachable(self, exc: Exception) -> str:
        """What happened, in words: urllib3's "Max retries exceeded" wrapper says nothing (its retries are off)."""
        causes = _causes(exc)
        address = "%s:%d" % (self.host, self.port)
        if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
            return ("connection refused by %s: nothing listens on that port, or a firewall rejects the connection; check host "
                    "and port (ETERNUS_HOST, ETERNUS_PORT)" % address)
        if any(isinstance(cause, socket.gaierror) for cause in causes) or any(
                type(cause).__name__ == "NameResolutionError" for cause in causes):
            return "the host name %s does not resolve (DNS); check host (ETERNUS_HOST)" % self.host
        if any(isinstance(cause, ConnectionResetError) for cause in causes):
            return "connection reset by %s" % address
        if any(isinstance(cause, OSError) and cause.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH) for cause in causes):
            return "no route to %s (host or network unreachable)" % self.host
        return _innermost(exc)

    def _backoff(self, attempt: int) -> None:
        delay = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        # Full jitter spreads retries of parallel runs (forks) hitting the same busy array.
        self._sleep(random.uniform(delay / 2, delay))


def _decode(response: Any) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


_CAUSED_BY = re.compile(r"\(Caused by \w+\((.*)\)\)\s*$", re.S)


def _causes(exc: BaseException) -> list[BaseException]:
    """The chain of errors behind a requests error: its first argument, urllib3's reason, __cause__ and __context__."""
    chain: list[BaseException] = []
    pending: list[Any] = [exc]
    while pending:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or any(current is seen for seen in chain) or len(chain) > 20:
            continue
        chain.append(current)
        nested = [arg for arg in current.args if isinstance(arg, BaseException)]
        pending.extend([getattr(current, "reason", None), current.__cause__, current.__context__, *nested])
    return chain


def _innermost(exc: BaseException) -> str:
    """The innermost error's own words, without urllib3's "HTTPSConnectionPool(...): Max retries exceeded ..." wrapper."""
    text = str(_causes(exc)[-1])
    found = _CAUSED_BY.search(text)
    return _short_text(found.group(1) if found else text)


def _short_text(text: str) -> str:
    return text if len(text) <= 300 else text[:300] + "..."
