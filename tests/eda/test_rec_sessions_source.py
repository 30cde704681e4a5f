# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source fujitsu.eternus.rec_sessions on a fake queue, a fake clock and a fake array.

The plugin is loaded from its file as ansible-rulebook loads it (by path). The poll loop runs until the fake clock's
script of sleeps is used up; the reader's blocking read runs inline instead of in a thread.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import pathlib
import sys

import pytest
import yaml

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "extensions" / "eda" / "plugins" / "event_source" / "rec_sessions.py"
PASSWORD = "S3cret-Passw0rd"
TOKEN = "tok-8f3e2a"
HERE = "00ETERNUSDXM##ET503S20A####SIMB00002####"
PEER_A = "00ETERNUSDXM##ET503S20A####SIMA00001####"
PEER_C = "00ETERNUSDXM##ET503S20A####SIMC00003####"
HALT = vocabulary.STATUS_HALT
ACTIVE = vocabulary.STATUS_ACTIVE
EQUIVALENT = vocabulary.PHASE_EQUIVALENT
COPYING = vocabulary.PHASE_COPYING


def load_plugin():
    spec = importlib.util.spec_from_file_location("rec_sessions_under_test", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


src = load_plugin()


def session(sid, status=ACTIVE, phase=EQUIVALENT, peer=PEER_A, uncopied=0, **extra):
    record = {"copysession_id": sid, "type": vocabulary.SESSION_TYPE_REC, "status": status, "phase": phase,
              "remote_boxid": peer, "remote_copysession_id": sid - 100, "is_local_source_volume": False,
              "transfer_mode": vocabulary.TRANSFER_MODE_SYNCHRONOUS, "source_volume_number": sid, "source_volume_name": "vol%d" % sid,
              "destination_volume_number": sid, "destination_volume_name": "vol%d" % sid, "uncopied_data_size": uncopied,
              "total_data_size": 10240, "error_code": None}
    record.update(extra)
    return record


def sessions(*records):
    return {record["copysession_id"]: record for record in records}


class FakeQueue:
    def __init__(self):
        self.events = []

    async def put(self, event):
        self.events.append(event)

    def types(self):
        return [event["type"] for event in self.events]

    def of_type(self, kind):
        return [event for event in self.events if event["type"] == kind]


class FakeClock:
    """Sleeps advance the monotonic time; after `polls` sleeps the loop is cancelled (as ansible-rulebook stops a source)."""

    def __init__(self, polls):
        self.polls = polls
        self.time = 1000.0
        self.sleeps = []

    def now(self):
        return "2026-12-01T10:%02d:%02dZ" % divmod(int(self.time - 1000) % 3600, 60)

    def monotonic(self):
        return self.time

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.time += seconds
        if len(self.sleeps) >= self.polls:
            raise asyncio.CancelledError()


class ScriptedReader:
    """What each poll reads: a dict of sessions, or an exception to raise."""

    def __init__(self, script, boxid=HERE):
        self.script = list(script)
        self.boxid = boxid
        self.reads = 0
        self.closed = 0

    def read(self):
        step = self.script[min(self.reads, len(self.script) - 1)]
        self.reads += 1
        if isinstance(step, Exception):
            raise step
        return step

    def close(self):
        self.closed += 1


async def inline(function):
    return function()


def settings(**overrides):
    args = {"host": "array.example", "username": "monitor", "password": PASSWORD, "interval": 30, "max_interval": 100}
    args.update(overrides)
    return src.Settings.from_args(args, {})


def watch(script, *, polls=None, boxid=HERE, **overrides):
    """Run the source on the script until its polls are done; the queue, the clock and the reader afterwards."""
    queue, clock = FakeQueue(), FakeClock(polls or len(script))
    reader = ScriptedReader(script, boxid)
    watcher = src.Watcher(settings(**overrides), reader, clock, run_blocking=inline)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(watcher.run(queue))
    return queue, clock, reader


# -- events ---------------------------------------------------------------------------------------------------------
def test_the_first_poll_says_what_is_watched_and_reports_no_session_change():
    queue, clock, reader = watch([sessions(session(101), session(102))])
    assert queue.types() == ["watch_started"]
    started = queue.events[0]
    assert started["sessions"] == 2 and started["session_ids"] == [101, 102] and started["halted_ids"] == []
    assert started["array"] == {"url": "https://array.example:5665", "boxid": HERE}
    assert started["observed_at"] == "2026-12-01T10:00:00Z"
    assert "watching 2 REC session(s) of https://array.example:5665 (Box ID %s) every 30 s; none halted" % HERE == started["message"]
    assert reader.closed == 1, "the source logs out when it is stopped"


def test_sessions_already_halted_at_the_first_poll_give_an_initial_copy_path_lost_event():
    queue, _clock, _reader = watch([sessions(session(101, HALT), session(102))])
    assert queue.types() == ["watch_started", "copy_path_lost"]
    lost = queue.events[1]
    assert lost["initial"] is True and lost["halted_ids"] == [101] and lost["newly_halted_ids"] == [101]


def test_a_status_change_is_one_event_with_previous_and_new_values_volumes_peer_and_uncopied_data():
    queue, _clock, _reader = watch([sessions(session(101), session(102)),
                                   sessions(session(101, HALT, COPYING, uncopied=512), session(102))])
    changed = queue.of_type("session_changed")
    assert len(changed) == 1
    event = changed[0]
    assert event["copysession_id"] == 101 and event["peer_boxid"] == PEER_A
    assert event["status"] == {"previous": ACTIVE, "new": HALT}
    assert event["phase"] == {"previous": EQUIVALENT, "new": COPYING}
    assert event["halted"] == {"previous": False, "new": True}
    assert event["uncopied_data_size"] == 512 and event["array"]["boxid"] == HERE
    assert event["session"]["source_volume_name"] == "vol101" and event["session"]["remote_copysession_id"] == 1
    assert "session 101 (vol101 on %s -> vol101 (here, destination))" % PEER_A in event["message"]
    assert "%s -> %s" % (ACTIVE, HALT) in event["message"]


def test_a_phase_change_alone_is_a_change():
    queue, _clock, _reader = watch([sessions(session(101, phase=COPYING)), sessions(session(101, phase=EQUIVALENT))])
    assert [e["phase"] for e in queue.of_type("session_changed")] == [{"previous": COPYING, "new": EQUIVALENT}]
    assert not queue.of_type("copy_path_lost")


def test_unchanged_polls_put_nothing_on_the_queue():
    same = sessions(session(101), session(102, HALT))
    queue, _clock, _reader = watch([same, same, same])
    assert queue.types() == ["watch_started", "copy_path_lost"]


def test_copy_path_lost_on_three_sessions_to_one_peer_is_one_event_per_poll_and_restored_is_another():
    before = sessions(session(101), session(102), session(103), session(201, peer=PEER_C))
    cut = sessions(session(101, HALT), session(102, HALT), session(103, HALT), session(201, peer=PEER_C))
    queue, _clock, _reader = watch([before, cut, cut, before])
    assert queue.types().count("copy_path_lost") == 1 and queue.types().count("copy_path_restored") == 1
    lost = queue.of_type("copy_path_lost")[0]
    assert lost["initial"] is False
    assert lost["halted_ids"] == lost["newly_halted_ids"] == [101, 102, 103] and lost["no_longer_halted_ids"] == []
    assert lost["halted_count"] == 3 and lost["peer_boxid"] == PEER_A
    assert lost["peers"] == [{"boxid": PEER_A, "halted_ids": [101, 102, 103], "newly_halted_ids": [101, 102, 103], "no_longer_halted_ids": []}]
    assert [s["copysession_id"] for s in lost["sessions"]] == [101, 102, 103]
    assert lost["message"].startswith("copy path lost on 3 session(s) to peer %s (101, 102, 103)" % PEER_A)
    restored = queue.of_type("copy_path_restored")[0]
    assert restored["halted_ids"] == [] and restored["no_longer_halted_ids"] == [101, 102, 103] and restored["peer_boxid"] == PEER_A
    assert restored["message"] == "copy path restored on 3 session(s) to peer %s (101, 102, 103); 0 halted on this array" % PEER_A
    # The halted-set event follows the poll's session events.
    assert queue.types()[1:5] == ["session_changed"] * 3 + ["copy_path_lost"]


def test_sessions_halted_with_two_peers_are_grouped_by_peer_and_name_no_single_peer():
    queue, _clock, _reader = watch([sessions(session(101), session(201, peer=PEER_C)),
                                   sessions(session(101, HALT), session(201, HALT, peer=PEER_C))])
    lost = queue.of_type("copy_path_lost")[0]
    assert lost["peer_boxid"] is None
    assert {p["boxid"]: p["newly_halted_ids"] for p in lost["peers"]} == {PEER_A: [101], PEER_C: [201]}
    assert "to peer %s (101)" % PEER_A in lost["message"] and "to peer %s (201)" % PEER_C in lost["message"]


def test_a_second_halt_while_others_are_halted_names_all_halted_and_the_new_one():
    queue, _clock, _reader = watch([sessions(session(101), session(102)), sessions(session(101, HALT), session(102)),
                                   sessions(session(101, HALT), session(102, HALT))])
    second = queue.of_type("copy_path_lost")[1]
    assert second["halted_ids"] == [101, 102] and second["newly_halted_ids"] == [102]


def test_lost_and_restored_in_one_poll_is_one_copy_path_lost_event_naming_both():
    queue, _clock, _reader = watch([sessions(session(101, HALT), session(102)), sessions(session(101), session(102, HALT))])
    lost = [e for e in queue.events if e["type"] in ("copy_path_lost", "copy_path_restored")]
    assert [e["type"] for e in lost] == ["copy_path_lost", "copy_path_lost"]
    assert lost[1]["newly_halted_ids"] == [102] and lost[1]["no_longer_halted_ids"] == [101]


@pytest.mark.parametrize("word", ["Halted", "halt", "HALTED"])
def test_the_arrays_other_spellings_of_halted_count_as_halted(word):
    queue, _clock, _reader = watch([sessions(session(101)), sessions(session(101, word))])
    assert queue.of_type("copy_path_lost")[0]["halted_ids"] == [101]
    assert queue.of_type("session_changed")[0]["status"]["new"] == word, "events keep the array's own word"


def test_sessions_that_appear_or_go_away_have_a_null_previous_or_new_status():
    queue, _clock, _reader = watch([sessions(session(101)), sessions(session(102, HALT))])
    changed = {e["copysession_id"]: e for e in queue.of_type("session_changed")}
    assert changed[101]["status"] == {"previous": ACTIVE, "new": None} and "is gone" in changed[101]["message"]
    assert changed[102]["status"] == {"previous": None, "new": HALT} and "appeared" in changed[102]["message"]


def test_an_unknown_box_id_is_null_in_every_event():
    queue, _clock, _reader = watch([sessions(session(101)), sessions(session(101, HALT))], boxid=None)
    assert {json.dumps(e["array"]) for e in queue.events} == {json.dumps({"url": "https://array.example:5665", "boxid": None})}
    assert "(Box ID not given)" in queue.events[0]["message"]


# -- an array that cannot be read -----------------------------------------------------------------------------------
def unreachable():
    return errors.ConnectionFailed("GET https://array.example:5665/api/v1/copysession: cannot reach array.example on port 5665: "
                                   "connection refused")


def test_an_unreachable_array_gives_one_event_polling_goes_on_with_backoff_and_then_reachable_again():
    script = [sessions(session(101)), unreachable(), unreachable(), unreachable(), unreachable(),
              sessions(session(101, HALT)), sessions(session(101, HALT))]
    queue, clock, reader = watch(script)
    assert queue.types() == ["watch_started", "array_unreachable", "array_reachable", "session_changed", "copy_path_lost"]
    # 30 s between polls; after failed polls 60, 100 (the cap: max_interval), 100, 100; then 30 again.
    assert clock.sleeps == [30, 60, 100, 100, 100, 30, 30]
    down = queue.of_type("array_unreachable")[0]
    assert down["error_type"] == "ConnectionFailed" and "connection refused" in down["error"] and down["retry_in"] == 60
    assert "cannot be reached" in down["message"] and "polling goes on" in down["message"]
    back = queue.of_type("array_reachable")[0]
    assert back["failed_polls"] == 4 and back["down_for"] == 360
    # What changed while the array could not be read is reported against the last poll that could read it.
    assert queue.of_type("session_changed")[0]["status"] == {"previous": ACTIVE, "new": HALT}
    assert reader.reads == 7


def test_an_array_unreachable_from_the_start_is_reported_and_watched_once_it_answers():
    queue, clock, _reader = watch([unreachable(), sessions(session(101))])
    assert queue.types() == ["array_unreachable", "array_reachable", "watch_started"]
    assert clock.sleeps == [60, 30]


def test_an_answer_the_array_refuses_is_a_poll_failed_event():
    refused = errors.AuthError("login to https://array.example:5665 as monitor was refused (bad credentials)", status=401,
                               error_code="0002")
    queue, _clock, _reader = watch([refused, refused, sessions(session(101))])
    assert queue.types() == ["poll_failed", "array_reachable", "watch_started"]
    failed = queue.events[0]
    assert failed["status"] == 401 and failed["error_code"] == "0002" and "could not be read" in failed["message"]


class SecretReader(ScriptedReader):
    """A reader logged in with TOKEN, whose read fails in a way the client does not know."""

    def secret_values(self):
        return (TOKEN,)


def test_an_unexpected_error_is_a_poll_failed_event_without_secrets_and_polling_goes_on_with_backoff(caplog):
    caplog.set_level(logging.DEBUG)
    boom = KeyError("answer for %s with Authorization: Bearer %s and password %s" % ("monitor", TOKEN, PASSWORD))
    script = [sessions(session(101)), boom, TypeError("'NoneType' object is not subscriptable"), sessions(session(101, HALT))]
    queue, clock = FakeQueue(), FakeClock(len(script))
    reader = SecretReader(script)
    watcher = src.Watcher(settings(), reader, clock, run_blocking=inline)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(watcher.run(queue))
    # One event for the streak (two failed polls), the backoff, then the array is read again and the change reported.
    assert queue.types() == ["watch_started", "poll_failed", "array_reachable", "session_changed", "copy_path_lost"]
    assert clock.sleeps == [30, 60, 100, 30] and reader.reads == 4
    failed = queue.of_type("poll_failed")[0]
    assert failed["error_type"] == "KeyError" and failed["status"] is None and failed["error_code"] is None
    assert failed["error"].startswith("unexpected KeyError: ") and " at test_rec_sessions_source.py:" in failed["error"]
    assert "in read" in failed["error"] and "could not be read" in failed["message"] and "polling goes on" in failed["message"]
    assert queue.of_type("array_reachable")[0]["failed_polls"] == 2
    text = json.dumps(queue.events) + caplog.text
    assert PASSWORD not in text and TOKEN not in text and "Traceback" not in text
    assert "Bearer ********" in failed["error"] and "unexpected TypeError" in caplog.text


def test_an_unexpected_error_at_the_first_poll_does_not_end_the_source():
    queue, clock, _reader = watch([ValueError("no"), sessions(session(101))])
    assert queue.types() == ["poll_failed", "array_reachable", "watch_started"]
    assert queue.events[0]["error_type"] == "ValueError" and clock.sleeps == [60, 30]


def test_no_event_and_no_log_line_holds_the_password(caplog):
    caplog.set_level(logging.DEBUG)
    queue, _clock, _reader = watch([sessions(session(101)), unreachable(), sessions(session(101, HALT))])
    text = json.dumps(queue.events) + caplog.text
    assert PASSWORD not in text and "monitor" in caplog.text
    assert PASSWORD not in repr(settings())


# -- arguments ------------------------------------------------------------------------------------------------------
ENV = {"ETERNUS_HOST": "env-host", "ETERNUS_PORT": "15666", "ETERNUS_USERNAME": "env-user", "ETERNUS_PASSWORD": PASSWORD,
       "ETERNUS_CA_PATH": "/ca.pem", "ETERNUS_VALIDATE_CERTS": "false", "ETERNUS_TIMEOUT": "12"}


def test_arguments_fall_back_to_the_eternus_environment_variables():
    s = src.Settings.from_args({}, ENV)
    assert (s.host, s.port, s.username, s.password, s.ca_path, s.validate_certs) == ("env-host", 15666, "env-user", PASSWORD, "/ca.pem", False)
    assert (s.timeout, s.interval, s.max_interval, s.session_ids, s.remote_boxids) == (12.0, 30.0, 300.0, None, None)
    # Arguments win; empty ones (a rulebook's "{{ x | default('') }}") fall back.
    s = src.Settings.from_args({"host": "arg-host", "port": "", "remote_boxid": "", "validate_certs": True}, ENV)
    assert (s.host, s.port, s.remote_boxids, s.validate_certs) == ("arg-host", 15666, None, True)


def test_defaults_without_environment():
    s = src.Settings.from_args({"host": "h", "username": "u", "password": "p"}, {})
    assert (s.port, s.validate_certs, s.ca_path, s.timeout, s.url) == (5665, True, None, 30.0, "https://h:5665")


def test_missing_login_names_the_arguments_and_the_variables():
    with pytest.raises(ValueError, match="username and password are required .as argument or ETERNUS_USERNAME / ETERNUS_PASSWORD"):
        src.Settings.from_args({"host": "h"}, {})


@pytest.mark.parametrize("args, message", [
    ({"interval": "soon"}, "interval must be a number, got 'soon'"),
    ({"interval": 0}, "interval must be a positive number, got 0"),
    ({"port": "https"}, "port must be an integer number, got 'https'"),
    ({"validate_certs": "maybe"}, "validate_certs must be a boolean, got 'maybe'"),
    ({"session_ids": [1, "x"]}, "session_ids must be session ids .integers from 0., got 'x'"),
    ({"sessions": [1]}, "unknown argument.s. sessions"),
])
def test_bad_arguments_are_refused_naming_the_value(args, message):
    with pytest.raises(ValueError, match=message):
        src.Settings.from_args(dict({"host": "h", "username": "u", "password": PASSWORD}, **args), {})


def test_session_ids_and_peer_filters_take_lists_or_comma_separated_text_and_rulebook_keys_are_ignored():
    s = src.Settings.from_args({"host": "h", "username": "u", "password": "p", "session_ids": "103, 101,0",
                                "remote_boxid": [PEER_A, PEER_C], "eda_feedback_queue": object()}, {})
    assert s.session_ids == (0, 101, 103) and s.remote_boxids == (PEER_A, PEER_C)
    assert src.Settings.from_args({"host": "h", "username": "u", "password": "p", "remote_boxid": PEER_A}, {}).remote_boxids == (PEER_A,)


def test_max_interval_is_never_shorter_than_the_interval():
    assert settings(interval=600, max_interval=100).max_interval == 600


# -- the reader on a fake client ------------------------------------------------------------------------------------
class FakeClient:
    """The collection's client as the reader uses it: login, get (Box ID), get_all (sessions), logout."""

    made = []

    def __init__(self, host, *, username, password, port, validate_certs, ca_path, timeout, retries):
        self.kwargs = dict(host=host, username=username, port=port, validate_certs=validate_certs, ca_path=ca_path,
                           timeout=timeout, retries=retries)
        self.host = host
        self.id_list_limit = None
        self.logins = self.logouts = 0
        self.queries = []
        self.storagesystem = {"boxid": HERE}
        self.sessions = [session(101), session(102, HALT), session(201, peer=PEER_C),
                         {"copysession_id": 20, "type": "QuickOPC", "status": ACTIVE, "phase": "Tracking"}]
        self.fail_reads = []
        FakeClient.made.append(self)

    def login(self):
        self.logins += 1

    def logout(self):
        self.logouts += 1

    def get(self, path, params=None):
        assert path == "/storagesystem" and params == {"fields": "boxid"}
        if isinstance(self.storagesystem, Exception):
            raise self.storagesystem
        return self.storagesystem

    def get_all(self, path, list_key, params=None):
        self.queries.append(params)
        if self.fail_reads:
            raise self.fail_reads.pop(0)
        wanted = None if not params else {int(i) for i in params["copysession_id"].split(",")}
        return [s for s in self.sessions if wanted is None or s["copysession_id"] in wanted]


@pytest.fixture
def fake_clients():
    FakeClient.made = []
    return FakeClient.made


def test_the_reader_logs_in_once_reads_the_box_id_once_and_keeps_only_rec_sessions(fake_clients):
    reader = src.ArrayReader(settings(ca_path="/ca.pem"), FakeClient)
    assert sorted(reader.read()) == [101, 102, 201]
    assert sorted(reader.read()) == [101, 102, 201]
    (client,) = fake_clients
    assert client.logins == 1 and reader.boxid == HERE
    assert client.kwargs == dict(host="array.example", username="monitor", port=5665, validate_certs=True, ca_path="/ca.pem",
                                 timeout=30.0, retries=src.CLIENT_RETRIES)
    reader.close()
    assert client.logouts == 1


def test_the_reader_filters_by_session_ids_in_the_query_and_by_peer(fake_clients):
    reader = src.ArrayReader(settings(session_ids=[101, 201, 999], remote_boxid=PEER_C), FakeClient)
    assert sorted(reader.read()) == [201]
    assert fake_clients[0].queries == [{"copysession_id": "101,201,999"}]


def test_a_lost_connection_logs_in_again_at_the_next_poll(fake_clients):
    reader = src.ArrayReader(settings(), FakeClient)
    reader.read()
    fake_clients[0].fail_reads = [unreachable()]
    with pytest.raises(errors.ConnectionFailed):
        reader.read()
    assert fake_clients[0].logouts == 1
    assert sorted(reader.read()) == [101, 102, 201]
    assert len(fake_clients) == 2 and fake_clients[1].logins == 1


@pytest.mark.parametrize("answer", [
    errors.NotFound("no route", status=404), errors.Forbidden("role", status=403), errors.BadRequest("unknown field boxid", status=400),
    {"storage_system_name": "x"}, {"boxid": ""}, {"boxid": None}, [{"boxid": HERE}], "text",
])
def test_an_array_that_does_not_give_its_box_id_gives_null_or_the_id(answer):
    client = FakeClient("h", username="u", password="p", port=1, validate_certs=True, ca_path=None, timeout=1, retries=0)
    client.storagesystem = answer
    assert src.read_boxid(client) == (HERE if answer == [{"boxid": HERE}] else None)


@pytest.mark.parametrize("error", [errors.AuthError("expired", status=401), unreachable()])
def test_a_refused_login_or_a_lost_connection_while_reading_the_box_id_fails_the_poll(error):
    client = FakeClient("h", username="u", password="p", port=1, validate_certs=True, ca_path=None, timeout=1, retries=0)
    client.storagesystem = error
    with pytest.raises(type(error)):
        src.read_boxid(client)


class FakeResponse:
    def __init__(self, status, body=None):
        self.status_code = status
        self.content = b"" if body is None else json.dumps(body).encode()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.content)


class PagingArray:
    """The HTTP side of the collection's own client: an array that lists its copy sessions in pages of two."""

    def __init__(self, records, page_size=2):
        self.records, self.page_size = records, page_size
        self.calls = []

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=True):  # pylint: disable=redefined-outer-name
        path, _sep, query = url.partition("?")
        query = query or params or ""
        self.calls.append((method, path.split("/api/v1", 1)[1], query, (headers or {}).get("Authorization")))
        if method == "POST" and path.endswith("/session"):
            return FakeResponse(200, {"token": TOKEN, "session_id": 7})
        if method == "DELETE":
            return FakeResponse(200, {})
        if path.endswith("/storagesystem"):
            return FakeResponse(200, {"boxid": HERE})
        assert path.endswith("/copysession"), url
        after = int(query.split("last_get_id=")[1].split("&")[0]) if "last_get_id=" in query else -1
        rest = [r for r in self.records if r["copysession_id"] > after]
        page = {"total_count": len(self.records), "copysession_list": rest[:self.page_size]}
        if len(rest) > self.page_size:
            page["next_href"] = "/api/v1/copysession?last_get_id=%d" % rest[self.page_size - 1]["copysession_id"]
        page["list_count"] = len(page["copysession_list"])
        return FakeResponse(200, page)

    def close(self):
        pass


def test_the_source_reads_every_page_of_the_sessions_with_the_collections_client():
    # Three pages (2 + 2 + 1) through the real client: the sessions of the later pages are watched and their changes
    # reported, on one login whose token goes with every page.
    records = [session(101), session(102), session(103), session(201, peer=PEER_C), session(202, peer=PEER_C)]
    array = PagingArray(records)

    def client(host, **kwargs):
        return src.EternusClient(host, session=array, sleep=lambda seconds: None, **kwargs)

    reader = src.ArrayReader(settings(), client)
    assert sorted(reader.read()) == [101, 102, 103, 201, 202]
    pages = [call for call in array.calls if call[1] == "/copysession"]
    assert [call[2] for call in pages] == ["", "last_get_id=102", "last_get_id=201"]
    assert {call[3] for call in pages} == {"Bearer " + TOKEN}
    assert [call[0] for call in array.calls].count("POST") == 1
    array.records = [session(101), session(102), session(103), session(201, HALT, peer=PEER_C), session(202, HALT, peer=PEER_C)]
    queue, clock = FakeQueue(), FakeClock(1)
    watcher = src.Watcher(settings(), reader, clock, run_blocking=inline)
    watcher.tracker.update(dict(zip([101, 102, 103, 201, 202], records)), {"url": "u", "boxid": HERE}, "t", 30)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(watcher.run(queue))
    assert queue.types() == ["session_changed", "session_changed", "copy_path_lost"]
    lost = queue.of_type("copy_path_lost")[0]
    assert lost["halted_ids"] == [201, 202] and lost["peer_boxid"] == PEER_C
    assert array.calls[-1][0] == "DELETE" and array.calls[-1][1] == "/session/7", "stopped: logged out"


def test_main_reads_the_environment_and_runs_until_cancelled(monkeypatch, fake_clients):
    reader_class = src.ArrayReader
    monkeypatch.setattr(src, "ArrayReader", lambda s: reader_class(s, FakeClient))
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    queue = FakeQueue()

    async def run_briefly():
        task = asyncio.create_task(src.main(queue, {"interval": 0.05}))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run_briefly())
    assert queue.types() == ["watch_started", "copy_path_lost"]
    assert queue.events[0]["array"]["url"] == "https://env-host:15666"
    assert fake_clients[0].logins == 1 and fake_clients[0].logouts == 1, "stopped: logged out"


# -- documentation --------------------------------------------------------------------------------------------------
def test_the_documentation_is_yaml_and_documents_exactly_the_arguments():
    doc = yaml.safe_load(src.DOCUMENTATION)
    assert set(doc["options"]) == {"host", "port", "username", "password", "validate_certs", "ca_path", "timeout", "interval",
                                   "max_interval", "session_ids", "remote_boxid"}
    for name in ("host", "port", "username", "password", "validate_certs", "ca_path", "timeout"):
        assert "ETERNUS_%s" % name.upper() in " ".join(doc["options"][name]["description"]), name
    examples = yaml.safe_load(src.EXAMPLES)
    assert all("fujitsu.eternus.rec_sessions" in rulebook["sources"][0] for rulebook in examples)


def test_the_plugin_spells_none_of_the_arrays_words():
    spec = importlib.util.spec_from_file_location(
        "vocabulary_check", ROOT / "tests" / "unit" / "plugins" / "module_utils" / "test_vocabulary_spelled_once.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert check.spelled_words_in_python(PLUGIN.read_text()) == []
