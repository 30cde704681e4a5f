# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fujitsu.eternus.rec_sessions: an Event-Driven Ansible source that watches the REC sessions of one array."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Mapping

DOCUMENTATION = r"""
---
short_description: Watch the REC sessions of one ETERNUS AF/DX array and put an event on the queue for each change
description:
  - An ansible-rulebook event source. It polls the REC (Remote Equivalent Copy) sessions of one array every O(interval)
    seconds through the array's REST API, with the collection's own client (one login kept and renewed when the array
    ends it, paging, retries of reads, TLS verified by default), and puts events on the queue.
  - C(watch_started) - after the first successful poll - the array (URL and Box ID), how many sessions are watched and
    which of them are halted.
  - C(session_changed) - one per session and poll whose status or phase changed since the poll before - the previous
    and new status and phase (the array's own words) and whether the session was and is halted (the copy path lost),
    the session's id here and on the peer, its volumes, the peer's Box ID, the data not yet copied
    (C(uncopied_data_size), in the array's units), and the array's Box ID. A session that appears or goes away has a
    null previous or new status.
  - C(copy_path_lost) and C(copy_path_restored) - at most one per poll - when the set of halted sessions changed - the
    halted sessions now, those halted since the poll before, those no longer halted, grouped by peer, and a message
    such as C(copy path lost on 3 session(s) to peer 00ETERNUS...). C(copy_path_lost) when at least one session went
    halted (a poll may also name restored ones), else C(copy_path_restored). Sessions already halted at the first
    poll give a C(copy_path_lost) event with C(initial=true).
  - C(array_unreachable) (the array cannot be reached - connection refused, timeout, TLS) and C(poll_failed) (the
    array answered with an error - login refused, an answer the collection cannot read - or the poll failed in an
    unexpected way, which C(error_type) names; the source does not end with it) - once at the start of each streak of
    failed polls; polling goes on with a backoff (the interval doubled per failed poll, up to O(max_interval)).
    C(array_reachable) - the first successful poll after such a streak, with how long it lasted. Changes made while
    the array could not be read are reported against the last poll that could.
  - Every event has C(type), C(array) (C(url), C(boxid)), C(observed_at) (UTC, YYYY-MM-DDThh:mm:ssZ) and C(message),
    a sentence for a person. No event and no log line holds the password or a token.
  - The array's Box ID comes from one C(GET /api/v1/storagesystem?fields=boxid) per login; an array that does not
    answer it (older firmware, a role that may not read it) or leaves the Box ID out gives C(boxid=null).
  - Which words the array uses for a halted session (C(Halt), C(Halted), any letter case) is decided by the
    collection's vocabulary, as for the modules.
version_added: 1.2.0
author:
  - fujitsu.eternus contributors
options:
  host:
    description:
      - Host name or IP address of the array's REST API.
      - If not set, the value of the E(ETERNUS_HOST) environment variable is used.
    type: str
    required: true
  port:
    description:
      - Port of the REST API.
      - If not set, the value of the E(ETERNUS_PORT) environment variable is used, else V(5665).
    type: int
    default: 5665
  username:
    description:
      - User name to log in with; reading the sessions is enough (a monitoring account).
      - If not set, the value of the E(ETERNUS_USERNAME) environment variable is used.
    type: str
    required: true
  password:
    description:
      - Password of O(username). Never written to an event or a log.
      - If not set, the value of the E(ETERNUS_PASSWORD) environment variable is used.
    type: str
    required: true
  validate_certs:
    description:
      - Whether to verify the array's TLS certificate. V(false) is meant for lab use only.
      - If not set, the value of the E(ETERNUS_VALIDATE_CERTS) environment variable is used, else V(true).
    type: bool
    default: true
  ca_path:
    description:
      - A CA certificate file (PEM) that signed the array's certificate.
      - If not set, the value of the E(ETERNUS_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each answer of the array.
      - If not set, the value of the E(ETERNUS_TIMEOUT) environment variable is used, else V(30).
    type: float
    default: 30
  interval:
    description:
      - Seconds between two polls (the first poll runs at once).
    type: float
    default: 30
  max_interval:
    description:
      - Longest wait between two polls while the array cannot be read (the backoff's cap).
    type: float
    default: 300
  session_ids:
    description:
      - Watch only these sessions (their ids on this array). Default - every REC session of the array.
    type: list
    elements: int
  remote_boxid:
    description:
      - Watch only the sessions whose peer array has this Box ID (C(remote_boxid) of the session); a list for several
        peers. Combined with O(session_ids), a session must match both.
    type: list
    elements: str
notes:
  - Put the credentials in the environment of ansible-rulebook (E(ETERNUS_USERNAME), E(ETERNUS_PASSWORD)) or in an
    EDA credential, not in the rulebook.
  - The source only reads; it never sends a state-changing request.
seealso:
  - name: Detect and respond
    description: the rulebook C(fujitsu.eternus.rec_copy_path_watch) and how to run it, locally and in EDA controller.
    link: https://github.com/fujitsu-eternus/ansible-collection-eternus/blob/main/docs/docsite/rst/detect_and_respond.rst
"""

EXAMPLES = r"""
- name: Watch the REC sessions of the disaster-recovery array
  hosts: all
  sources:
    - fujitsu.eternus.rec_sessions:
        host: dr-array.example.com
        ca_path: /etc/pki/eternus-ca.pem
        interval: 30
        # only the pairs with the primary array
        remote_boxid: 00ETERNUSDXM##ET503S20A####PRIMARY1####
  rules:
    - name: Copy path lost
      condition: event.type == "copy_path_lost"
      action:
        debug:
          msg: "{{ event.message }}"

- name: Watch three sessions, polled every 10 seconds; the login from ETERNUS_USERNAME / ETERNUS_PASSWORD
  hosts: all
  sources:
    - fujitsu.eternus.rec_sessions:
        host: 192.0.2.10
        session_ids: [101, 102, 103]
        interval: 10
  rules:
    - name: A session changed
      condition: event.type == "session_changed"
      action:
        print_event:
"""


def _collection_importable() -> None:
    """ansible-rulebook loads this file by path (runpy), without the collections path on sys.path: put the folder
    that holds ansible_collections/fujitsu/eternus (where this file is installed) there, so the collection's own client
    and vocabulary can be imported."""
    try:
        import ansible_collections.fujitsu.eternus.plugins.module_utils  # noqa: F401 pylint: disable=unused-import
        return
    except ImportError:
        pass
    # Not resolved: the collection may be a symbolic link into ansible_collections/fujitsu/eternus.
    parents = os.path.abspath(__file__).split(os.sep)
    # .../ansible_collections/fujitsu/eternus/extensions/eda/plugins/event_source/rec_sessions.py
    if len(parents) > 8 and parents[-8] == "ansible_collections":
        sys.path.insert(0, os.sep.join(parents[:-8]) or os.sep)


_collection_importable()

# pylint: disable=wrong-import-position
try:
    from ansible_collections.fujitsu.eternus.plugins.module_utils import _api, _errors as errors  # noqa: E402
    from ansible_collections.fujitsu.eternus.plugins.module_utils._client import DEFAULT_PORT, EternusClient  # noqa: E402
    from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary  # noqa: E402
except ImportError as exc:
    raise ImportError("fujitsu.eternus.rec_sessions needs the collection fujitsu.eternus installed where ansible-rulebook runs "
                      "(ansible-galaxy collection install fujitsu.eternus; use the source by its name, not with -S), and the "
                      "Python library requests: %s" % exc) from exc

SOURCE = "fujitsu.eternus.rec_sessions"
# By its name: ansible-rulebook runs this file as "<run_path>".
logger = logging.getLogger(SOURCE)

# What a session_changed event and the halted-set events show of a session: the fields a person needs to act.
SESSION_FIELDS = ("copysession_id", "remote_copysession_id", "remote_boxid", "is_local_source_volume", "transfer_mode",
                  "source_volume_number", "source_volume_name", "destination_volume_number", "destination_volume_name",
                  "uncopied_data_size", "total_data_size", "error_code")
# Client retries within one poll: a poll that cannot reach the array ends soon and the source's own backoff takes over.
CLIENT_RETRIES = 2
TRUE_WORDS = ("1", "true", "yes", "on", "y", "t")
FALSE_WORDS = ("0", "false", "no", "off", "n", "f")
# An Authorization header's value in the text of an unexpected error is replaced before the text is shown.
BEARER = re.compile(r"Bearer\s+\S+", re.I)


# -- arguments ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """The source's arguments, with the ETERNUS_* environment variables where an argument is not given."""

    host: str
    username: str
    password: str = field(repr=False)
    port: int = DEFAULT_PORT
    validate_certs: bool = True
    ca_path: str | None = None
    timeout: float = 30.0
    interval: float = 30.0
    max_interval: float = 300.0
    session_ids: tuple[int, ...] | None = None
    remote_boxids: tuple[str, ...] | None = None

    @property
    def url(self) -> str:
        return "https://%s:%d" % (self.host, self.port)

    @classmethod
    def from_args(cls, args: Mapping[str, Any], environ: Mapping[str, str]) -> "Settings":
        known = {"host", "port", "username", "password", "validate_certs", "ca_path", "timeout", "interval", "max_interval",
                 "session_ids", "remote_boxid"}
        # ansible-rulebook adds keys of its own to the arguments (eda_feedback_queue, ...).
        unknown = sorted(k for k in args if k not in known and not str(k).startswith(("_", "eda_")))
        if unknown:
            raise ValueError("%s: unknown argument(s) %s; known: %s" % (SOURCE, ", ".join(unknown), ", ".join(sorted(known))))

        def given(name: str, env: str | None = None) -> Any:
            value = args.get(name)
            if _unset(value) and env:
                value = environ.get(env)
            return None if _unset(value) else value

        missing = [name for name, env in (("host", "ETERNUS_HOST"), ("username", "ETERNUS_USERNAME"), ("password", "ETERNUS_PASSWORD"))
                   if given(name, env) is None]
        if missing:
            raise ValueError("%s: %s required (as argument or %s)" % (
                SOURCE, " and ".join(missing) + (" is" if len(missing) == 1 else " are"),
                " / ".join("ETERNUS_" + name.upper() for name in missing)))
        interval = _number("interval", given("interval"), 30.0)
        return cls(
            host=str(given("host", "ETERNUS_HOST")).strip(),
            username=str(given("username", "ETERNUS_USERNAME")),
            password=str(given("password", "ETERNUS_PASSWORD")),
            port=int(_number("port", given("port", "ETERNUS_PORT"), DEFAULT_PORT, integer=True)),
            validate_certs=_boolean("validate_certs", given("validate_certs", "ETERNUS_VALIDATE_CERTS"), True),
            ca_path=given("ca_path", "ETERNUS_CA_PATH"),
            timeout=_number("timeout", given("timeout", "ETERNUS_TIMEOUT"), 30.0),
            interval=interval,
            max_interval=max(interval, _number("max_interval", given("max_interval"), 300.0)),
            session_ids=_session_ids(given("session_ids")),
            remote_boxids=_boxids(given("remote_boxid")),
        )


def _unset(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, (list, tuple)) and not value)


def _number(name: str, value: Any, default: float, integer: bool = False) -> float:
    if value is None:
        return default
    try:
        number = int(str(value).strip()) if integer else float(value)
    except (TypeError, ValueError):
        raise ValueError("%s: %s must be a%s number, got %r" % (SOURCE, name, "n integer" if integer else "", value)) from None
    if isinstance(value, bool) or number <= 0:
        raise ValueError("%s: %s must be a positive number, got %r" % (SOURCE, name, value))
    return number


def _boolean(name: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("%s: %s must be a boolean, got %r" % (SOURCE, name, value))


def _as_items(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _session_ids(value: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    ids = []
    for item in _as_items(value):
        if isinstance(item, bool) or not str(item).strip().isdigit():
            raise ValueError("%s: session_ids must be session ids (integers from 0), got %r in %r" % (SOURCE, item, value))
        ids.append(int(str(item).strip()))
    return tuple(sorted(set(ids)))


def _boxids(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    boxids = [str(item).strip() for item in _as_items(value) if str(item).strip()]
    return tuple(boxids) or None


# -- reading the array ----------------------------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_boxid(client: Any) -> str | None:
    """This array's Box ID from GET /storagesystem?fields=boxid; None when the array does not say.

    [choice] The Box ID only labels events: 404 (older firmware without the route), 403 (the user's role), 400 (a firmware
    that does not know the field) or any other answer without it give None. A 401 after the client's new login and a
    connection that fails are the poll's failure.
    """
    try:
        answer = client.get("/storagesystem", params={"fields": "boxid"})
    except (errors.AuthError, errors.ConnectionFailed):
        raise
    except errors.EternusError:
        return None
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    return _text(answer.get("boxid")) if isinstance(answer, Mapping) else None


class ArrayReader:
    """One array's REC sessions, read on one login that is kept between polls (and renewed when the array ends it)."""

    def __init__(self, settings: Settings, client_factory: Callable[..., Any] = EternusClient) -> None:
        self.settings = settings
        self._client_factory = client_factory
        self._client: Any = None
        self.boxid: str | None = None

    def _connected(self) -> Any:
        if self._client is None:
            s = self.settings
            client = self._client_factory(s.host, username=s.username, password=s.password, port=s.port,
                                          validate_certs=s.validate_certs, ca_path=s.ca_path, timeout=s.timeout,
                                          retries=CLIENT_RETRIES)
            client.login()
            self._client = client
            self.boxid = read_boxid(client)
        return self._client

    def read(self) -> dict[int, dict[str, Any]]:
        """The watched REC sessions by id (blocking: the source runs it in a thread)."""
        try:
            client = self._connected()
            sessions = _api.read_sessions(client, self.settings.session_ids)
        except errors.ConnectionFailed:
            # The next poll logs in again: the array may have been restarted, and its login sessions with it.
            self.close()
            raise
        wanted = self.settings.remote_boxids
        return {sid: s for sid, s in sessions.items()
                if vocabulary.is_rec(s) and (wanted is None or _text(s.get("remote_boxid")) in wanted)}

    def secret_values(self) -> tuple[str, ...]:
        """The login's token while logged in: never shown (an unexpected error's text is cleaned of it)."""
        token = getattr(self._client, "_token", None)
        return (token,) if isinstance(token, str) and token else ()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.logout()


# -- changes --------------------------------------------------------------------------------------------------------
def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _session_view(session: Mapping[str, Any] | None) -> dict[str, Any]:
    session = session or {}
    return {key: session.get(key) for key in SESSION_FIELDS}


def _volumes(session: Mapping[str, Any]) -> str:
    """db_data01 on PEER -> db_data01 (here, destination): which volume is on which array."""
    source, destination = session.get("source_volume_name"), session.get("destination_volume_name")
    peer = session.get("remote_boxid") or "the peer"
    if session.get("is_local_source_volume") is False:
        return "%s on %s -> %s (here, destination)" % (source, peer, destination)
    if session.get("is_local_source_volume") is True:
        return "%s (here, source) -> %s on %s" % (source, destination, peer)
    return "%s -> %s (peer %s)" % (source, destination, peer)


def _ids(ids: Any) -> str:
    return ", ".join(str(i) for i in ids)


class ChangeTracker:
    """What changed between two polls of one array: pure, the clock and the array come from outside."""

    def __init__(self) -> None:
        self.sessions: dict[int, dict[str, Any]] | None = None
        self.halted: set[int] = set()

    def update(self, sessions: dict[int, dict[str, Any]], array: dict[str, Any], observed_at: str,
               interval: float) -> list[dict[str, Any]]:
        base = {"array": dict(array), "observed_at": observed_at}
        halted = {sid for sid, s in sessions.items() if vocabulary.is_halted(s)}
        events: list[dict[str, Any]] = []
        first = self.sessions is None
        if first:
            events.append(dict(base, type="watch_started", sessions=len(sessions), session_ids=sorted(sessions),
                               halted_ids=sorted(halted), interval=interval,
                               message="watching %d REC session(s) of %s (Box ID %s) every %g s; %s" % (
                                   len(sessions), array["url"], array["boxid"] or "not given", interval,
                                   "%d halted: %s" % (len(halted), _ids(sorted(halted))) if halted else "none halted")))
        else:
            previous = self.sessions or {}
            for sid in sorted(set(previous) | set(sessions)):
                event = self._session_event(sid, previous.get(sid), sessions.get(sid), base)
                if event:
                    events.append(event)
        if halted != self.halted:
            events.append(self._halted_event(halted, sessions, base, first))
        self.sessions = {sid: dict(s) for sid, s in sessions.items()}
        self.halted = halted
        return events

    @staticmethod
    def _session_event(sid: int, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
                       base: dict[str, Any]) -> dict[str, Any] | None:
        old_status, new_status = (before or {}).get("status"), (after or {}).get("status")
        old_phase, new_phase = (before or {}).get("phase"), (after or {}).get("phase")
        if before is not None and after is not None and old_status == new_status and old_phase == new_phase:
            return None
        current = after if after is not None else before
        if before is None:
            what = "appeared: status %s, phase %s" % (new_status, new_phase)
        elif after is None:
            what = "is gone (was status %s, phase %s)" % (old_status, old_phase)
        else:
            what = "status %s -> %s, phase %s -> %s" % (old_status, new_status, old_phase, new_phase)
        return dict(base, type="session_changed", copysession_id=sid, peer_boxid=current.get("remote_boxid"),
                    status={"previous": old_status, "new": new_status}, phase={"previous": old_phase, "new": new_phase},
                    halted={"previous": vocabulary.is_halted(before), "new": vocabulary.is_halted(after)},
                    uncopied_data_size=current.get("uncopied_data_size"), session=_session_view(current),
                    message="session %d (%s) %s; uncopied_data_size %s" % (sid, _volumes(current), what, current.get("uncopied_data_size")))

    def _halted_event(self, halted: set[int], sessions: dict[int, dict[str, Any]], base: dict[str, Any],
                      initial: bool) -> dict[str, Any]:
        # A session no longer listed is described as it was last seen.
        known = dict(self.sessions or {})
        known.update(sessions)
        newly, restored = sorted(halted - self.halted), sorted(self.halted - halted)
        lost = bool(newly)

        def peer_of(sid: int) -> str | None:
            return _text(known.get(sid, {}).get("remote_boxid"))

        peers: dict[str | None, dict[str, list[int]]] = {}
        for key, ids in (("halted_ids", sorted(halted)), ("newly_halted_ids", newly), ("no_longer_halted_ids", restored)):
            for sid in ids:
                peers.setdefault(peer_of(sid), {"halted_ids": [], "newly_halted_ids": [], "no_longer_halted_ids": []})[key].append(sid)
        # The peer the rulebook passes to the rehearsal: the one peer of every halted session (lost), of the restored ones.
        concerned = {peer_of(sid) for sid in (halted if lost else restored)}
        peer_boxid = next(iter(concerned)) if len(concerned) == 1 else None
        parts = []
        for peer, groups in sorted(peers.items(), key=lambda item: item[0] or ""):
            if groups["newly_halted_ids"]:
                parts.append("copy path lost on %d session(s) to peer %s (%s)" % (
                    len(groups["newly_halted_ids"]), peer or "not given", _ids(groups["newly_halted_ids"])))
            if groups["no_longer_halted_ids"]:
                parts.append("copy path restored on %d session(s) to peer %s (%s)" % (
                    len(groups["no_longer_halted_ids"]), peer or "not given", _ids(groups["no_longer_halted_ids"])))
        parts.append("%d halted on this array%s" % (len(halted), ": " + _ids(sorted(halted)) if halted else ""))
        return dict(base, type="copy_path_lost" if lost else "copy_path_restored", initial=initial,
                    halted_ids=sorted(halted), halted_count=len(halted), newly_halted_ids=newly, no_longer_halted_ids=restored,
                    peer_boxid=peer_boxid,
                    peers=[dict(boxid=peer, **groups) for peer, groups in sorted(peers.items(), key=lambda item: item[0] or "")],
                    sessions=[_session_view(known.get(sid)) for sid in sorted(set(newly) | set(restored) | halted)],
                    message="; ".join(parts))


# -- the source -----------------------------------------------------------------------------------------------------
class Clock:
    """Time for the source: wall time for the events, monotonic time for outages, and the wait between polls."""

    def now(self) -> str:
        return utc_now()

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Watcher:
    """The poll loop: read, compare, put events on the queue, wait; back off while the array cannot be read."""

    def __init__(self, settings: Settings, reader: Any, clock: Any = None,
                 run_blocking: Callable[[Callable[[], Any]], Awaitable[Any]] | None = None) -> None:
        self.settings = settings
        self.reader = reader
        self.clock = clock or Clock()
        self._run_blocking = run_blocking or asyncio.to_thread
        self.tracker = ChangeTracker()
        self.failed_polls = 0
        self._failing_since: float | None = None

    def _array(self) -> dict[str, Any]:
        return {"url": self.settings.url, "boxid": getattr(self.reader, "boxid", None)}

    async def run(self, queue: Any) -> None:
        logger.info("%s: watching the REC sessions of %s as %s every %g s", SOURCE, self.settings.url, self.settings.username,
                    self.settings.interval)
        try:
            while True:
                await self.poll(queue)
                await self.clock.sleep(self.next_wait())
        finally:
            # Log out (arrays cap concurrent logins); a failed logout must not hide why the source stopped.
            try:
                self.reader.close()
            except Exception:  # pylint: disable=broad-except
                logger.warning("%s: the logout from %s failed", SOURCE, self.settings.url)

    def next_wait(self) -> float:
        if not self.failed_polls:
            return self.settings.interval
        return min(self.settings.max_interval, self.settings.interval * 2 ** self.failed_polls)

    async def poll(self, queue: Any) -> None:
        try:
            sessions = await self._run_blocking(self.reader.read)
        except errors.EternusError as exc:
            await self._failed(queue, exc)
            return
        except Exception as exc:  # pylint: disable=broad-except
            # Not an error the client knows (a fault in reading an answer, a library's own error): the source must not
            # end with it, and the rulebook with the source. A poll_failed event, the backoff, and the next poll.
            await self._failed(queue, errors.EternusError(self._unexpected(exc)), error_type=type(exc).__name__)
            return
        observed_at = self.clock.now()
        if self.failed_polls:
            down_for = self.clock.monotonic() - (self._failing_since or self.clock.monotonic())
            await queue.put(dict(type="array_reachable", array=self._array(), observed_at=observed_at, failed_polls=self.failed_polls,
                                 down_for=round(down_for, 1),
                                 message="%s can be read again after %d failed poll(s) over %.0f s" % (
                                     self.settings.url, self.failed_polls, down_for)))
            logger.info("%s: %s can be read again", SOURCE, self.settings.url)
            self.failed_polls = 0
            self._failing_since = None
        for event in self.tracker.update(sessions, self._array(), observed_at, self.settings.interval):
            await queue.put(event)

    def _unexpected(self, exc: Exception) -> str:
        """What an unexpected error says, for an event and the log: its type, its text without the password or a token
        (shortened), and where it was raised (file, line, function: no traceback, no values)."""
        text = str(exc)
        for secret in [self.settings.password] + list(getattr(self.reader, "secret_values", tuple)()):
            if secret:
                text = text.replace(secret, "********")
        text = errors.shortened(BEARER.sub("Bearer ********", text), 300)
        frames = traceback.extract_tb(exc.__traceback__)
        where = " at %s:%s in %s" % (os.path.basename(frames[-1].filename), frames[-1].lineno, frames[-1].name) if frames else ""
        return "unexpected %s%s%s" % (type(exc).__name__, ": " + text if text else "", where)

    async def _failed(self, queue: Any, exc: errors.EternusError, error_type: str | None = None) -> None:
        self.failed_polls += 1
        retry_in = self.next_wait()
        unreachable = isinstance(exc, errors.ConnectionFailed)
        logger.warning("%s: poll %d of %s failed (%s); next poll in %g s", SOURCE, self.failed_polls, self.settings.url,
                       exc.message, retry_in)
        if self.failed_polls > 1:
            return
        self._failing_since = self.clock.monotonic()
        await queue.put(dict(type="array_unreachable" if unreachable else "poll_failed", array=self._array(),
                             observed_at=self.clock.now(), error=exc.message, error_type=error_type or type(exc).__name__,
                             status=exc.status, error_code=exc.error_code, retry_in=retry_in,
                             message="%s %s: %s; polling goes on (next in %g s, backing off up to %g s)" % (
                                 self.settings.url, "cannot be reached" if unreachable else "could not be read",
                                 exc.message, retry_in, self.settings.max_interval)))


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:  # type: ignore[type-arg]
    """The entry point ansible-rulebook calls."""
    settings = Settings.from_args(args, os.environ)
    await Watcher(settings, ArrayReader(settings)).run(queue)


if __name__ == "__main__":
    # python rec_sessions.py: print the events of the array in ETERNUS_* until Ctrl-C.

    class PrintQueue:
        """Prints each event instead of queueing it."""

        async def put(self, event: dict[str, Any]) -> None:
            print(event)  # noqa: T201

    logging.basicConfig(level=logging.INFO)
    try:
        asyncio.run(main(PrintQueue(), {}))  # type: ignore[arg-type]
    except KeyboardInterrupt:
        pass
