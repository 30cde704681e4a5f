# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the vendor leaves open (eternus-rest-api.md, open points): every plausible answer of an array, in tables."""

from __future__ import annotations

import itertools

import pytest
import requests

from ansible_collections.fujitsu.eternus.plugins.module_utils import _api
from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import EternusClient
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import classify
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import plan as planning
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import progress as tracking
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

from .fakes import FakeHTTP, FakeResponse, login_ok, logout_ok
from .test_rec import rec_session

# --- the array's words -------------------------------------------------------------------------------------------

SPELLINGS = [
    ("Active", "Active"), ("ACTIVE", "Active"), ("active", "Active"),
    ("Suspend", "Suspend"), ("Suspended", "Suspend"), ("suspended", "Suspend"), ("SUSPEND", "Suspend"),
    ("Halt", "Halt"), ("Halted", "Halt"), ("halted", "Halt"),
    ("Reserved", "Reserved"), ("reserved", "Reserved"),
    ("Error", "Error"), ("Error_Suspend", "Error"), ("Error Suspend", "Error"), ("error-suspend", "Error"),
]


@pytest.mark.parametrize("word, meaning", SPELLINGS)
def test_every_plausible_spelling_of_a_status_means_its_state(word, meaning):
    assert vocabulary.canonical("status", word) == meaning


@pytest.mark.parametrize("word, category", [
    ("Suspended", "suspended"), ("suspend", "suspended"), ("Halted", "halted"), ("HALT", "halted"),
    ("Error Suspend", "error"), ("error", "error"), ("reserved", "reserved"), ("active", "equivalent"),
])
def test_the_planner_reads_every_spelling(word, category):
    assert classify.classify_session(rec_session(status=word)) == category


@pytest.mark.parametrize("field, word", [("phase", "equivalent"), ("phase", "EQUIVALENT"), ("transfer_mode", "synchronous"),
                                         ("transfer_mode", "CONSISTENCY")])
def test_phases_and_modes_compare_case_insensitively(field, word):
    assert classify.classify_session(rec_session(**{field: word})) == "equivalent"


@pytest.mark.parametrize("word", ["Suspendiert", "Paused", "Halt-ish", "", "Active Suspend"])
def test_a_word_the_collection_does_not_know_is_never_guessed_and_is_quoted(word):
    session = rec_session(status=word)
    decision = planning.suspend_action(session, True)
    assert decision.category == "unrecognized" and decision.action == "ineligible"
    assert "status %s," % word in decision.reason
    assert planning.resume_action(rec_session(status=word)).action == "ineligible"
    assert vocabulary.unknown_words(session) == {"status": word}
    assert not vocabulary.suspend_complete(session)


def test_a_suspended_session_in_another_spelling_is_complete_and_resumable():
    session = rec_session(status="Suspended", concurrent_suspend_result=None)
    assert vocabulary.suspend_complete(session)
    assert planning.suspend_action(session, False).action == "none"
    assert planning.resume_action(session).action == "resume"
    assert planning.reverse_action(dict(session, is_local_source_volume=True), "remote").action == "reverse"


def test_results_keep_the_arrays_own_word():
    session = rec_session(status="Suspended")
    assert planning.reason_fields(1, session)["status"] == "Suspended"


# --- the end of a suspend: the seed's rule, the hints only time the polls ------------------------------------------

class PollClient:
    """A job and the sessions as the array shows them now (the test changes ``sessions`` between polls)."""

    def __init__(self, job, sessions):
        self.job = job
        self.sessions = sessions
        self.calls = []

    def get(self, path, params=None):
        self.calls.append(path)
        return self.job

    def get_all(self, path, list_key, params=None):
        self.calls.append(path)
        return self.sessions


def suspend_job(listing, status="Success"):
    hrefs = {"progress": ["/api/v1/copysession/1"], "succeeded": ["/api/v1/copysession/1"], "unreadable": ["copysession #1"]}
    key = "succeeded_resource_href_list" if listing == "succeeded" else "progress_href_list"
    return {"job_id": 8192001, "status": status, key: hrefs[listing]}


HINTS = {"word": {"concurrent_suspend_result": "Running"}, "other word": {"concurrent_suspend_result": "Processing"},
         "no word": {"concurrent_suspend_result": None}}
COUNTDOWNS = {"countdown": {"remain_time_to_finish_suspend": 2}, "no countdown": {"remain_time_to_finish_suspend": None}}


@pytest.mark.parametrize("hint, countdown, listing", itertools.product(HINTS, COUNTDOWNS, ["progress", "succeeded", "unreadable"]))
def test_a_session_the_job_took_is_pending_until_it_reads_suspended_whatever_the_hints(hint, countdown, listing):
    finishing = dict({"copysession_id": 1, "type": "REC", "status": "Active", "phase": "Equivalent"},
                     **HINTS[hint], **COUNTDOWNS[countdown])
    done = {"copysession_id": 1, "type": "REC", "status": "Suspended", "phase": "Equivalent", "concurrent_suspend_result": None}
    client = PollClient(suspend_job(listing), [finishing])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1]}], confirm_ids=[1])
    fetch = tracking.progress_fetcher(client, progress)
    fetch()
    assert not progress.done(), "the job's Success is not the end of the suspend"
    fetch()
    assert not progress.done()
    client.sessions = [done]
    fetch()
    assert progress.done() and progress.unsettled_ids() == []


@pytest.mark.parametrize("status", ["Halt", "halted", "Error", "Error Suspend"])
def test_halt_or_error_ends_the_wait_for_a_session_the_job_took(status):
    client = PollClient(suspend_job("progress"), [{"copysession_id": 1, "type": "REC", "status": status}])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1]}], confirm_ids=[1])
    tracking.progress_fetcher(client, progress)()
    tracking.progress_fetcher(client, progress)()
    assert progress.done()


def test_a_session_the_job_did_not_take_is_settled_once_the_job_ended():
    job = {"job_id": 8192001, "status": "Error", "failed_resource_info_list": [
        {"resource_href": "/api/v1/copysession/1", "error_code": "0033", "message": "not possible"}]}
    client = PollClient(job, [{"copysession_id": 1, "type": "REC", "status": "Active"}])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192001, "job": None, "copysession_ids": [1]}], confirm_ids=[1])
    tracking.progress_fetcher(client, progress)()
    assert progress.done()


@pytest.mark.parametrize("hint", HINTS)
def test_job_info_waits_for_the_progress_sessions_whatever_the_hint(hint):
    finishing = dict({"copysession_id": 1, "type": "REC", "status": "Active"}, **HINTS[hint])
    job = tracking.JobProgress(job_id=7, job=suspend_job("progress"), sessions={1: finishing})
    assert job.pending_ids() == [1] and not job.done()
    job.sessions = {1: dict(finishing, status="Suspended", concurrent_suspend_result=None)}
    assert job.done()


def test_job_info_reads_every_session_the_job_took_when_a_progress_href_is_unreadable():
    job = dict(suspend_job("unreadable"), succeeded_resource_href_list=["/api/v1/copysession/1", "/api/v1/copysession/2"])
    assert tracking.JobProgress(job_id=7, job=job).progress_ids == [1, 2]


# --- failed items in any shape ----------------------------------------------------------------------------------

@pytest.mark.parametrize("item, session_id, code, message", [
    ({"resource_href": "/api/v1/copysession/4", "error_code": "0033", "message": "m"}, 4, "0033", "m"),
    ({"copysession_id": 4, "error_code": "0033", "message": "m"}, 4, "0033", "m"),
    ({"resource": {"href": "/api/v1/copysession/4"}, "error": {"code": "0033", "message": "m"}}, 4, "0033", "m"),
    ({"copysession_id": 0, "code": "0033", "detail": "m"}, 0, "0033", "m"),
    ({"error_code": "0033", "message": "m"}, None, "0033", "m"),
])
def test_the_arrays_code_and_message_reach_the_user_whatever_the_items_shape(item, session_id, code, message):
    entry = _api.failed_entry(item)
    assert (entry["copysession_id"], entry["error_code"], entry["message"]) == (session_id, code, message)
    if session_id is None:
        assert entry["item"] == item


def test_a_failed_item_without_a_message_keeps_what_the_array_said():
    entry = _api.failed_entry({"status": "NG", "reason_code": 17})
    assert "reason_code" in entry["message"] and entry["item"] == {"status": "NG", "reason_code": 17}


def test_an_unmatched_failure_of_a_one_session_job_is_that_sessions():
    from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import suspend_jobs

    job = {"job_id": 8, "status": "Error", "failed_resource_info_list": [{"error_code": "0108", "message": "busy"}]}
    assert suspend_jobs.job_failures([{"job_id": 8, "job": job, "copysession_ids": [3]}])[3]["message"] == "busy"
    many = suspend_jobs.job_failures([{"job_id": 8, "job": job, "copysession_ids": [3, 4]}])
    assert many[3]["message"] == many[4]["message"] == "job 8 reported failures it tied to no session: busy (error_code 0108)"


# --- reads: the id cap, a filter the array ignores, records that are not what the API documents -----------------------

class ReadClient:
    """GET /copysession answered from ``sessions``; lists longer than ``cap`` are refused with ``status``."""

    host = "eternus-a.example.com"

    def __init__(self, sessions, cap=None, status=413, honours_filter=True):
        self.sessions, self.cap, self.status, self.honours_filter = sessions, cap, status, honours_filter
        self.queries = []

    def get_all(self, path, list_key, params=None):
        ids = [int(i) for i in params["copysession_id"].split(",")] if params else None
        self.queries.append(ids)
        if ids is not None and self.cap is not None and len(ids) > self.cap:
            raise errors.BadRequest("too many", status=self.status)
        if ids is None or not self.honours_filter:
            return list(self.sessions.values())
        return [self.sessions[i] for i in ids if i in self.sessions]


def sessions_by_id(ids):
    return {i: rec_session(i) for i in ids}


@pytest.mark.parametrize("status", [400, 413])
def test_a_list_refused_as_too_long_is_split_and_the_shorter_size_kept(status):
    client = ReadClient(sessions_by_id(range(0, 1000)), cap=200, status=status)
    found = _api.read_sessions(client, range(0, 1000))
    assert sorted(found) == list(range(0, 1000))
    assert all(len(query) <= 512 for query in client.queries)
    assert client.id_list_limit <= 200
    before = len(client.queries)
    _api.read_sessions(client, range(0, 1000))
    assert all(len(query) <= 200 for query in client.queries[before:]), "the learned size is kept for the run"


def test_at_most_512_ids_go_in_one_query():
    client = ReadClient(sessions_by_id(range(1, 1201)))
    _api.read_sessions(client, range(1, 1201))
    assert [len(query) for query in client.queries] == [512, 512, 176]


def test_another_bad_request_is_not_split():
    client = ReadClient(sessions_by_id([1, 2]), cap=0, status=415)
    with pytest.raises(errors.BadRequest):
        _api.read_sessions(client, [1, 2])
    assert len(client.queries) == 1


def test_an_array_that_ignores_the_id_filter_yields_only_the_asked_sessions():
    client = ReadClient(sessions_by_id(range(1, 11)), honours_filter=False)
    assert sorted(_api.read_sessions(client, [2, 5])) == [2, 5]


@pytest.mark.parametrize("record, named", [
    ("<html>busy</html>", "not an object"),
    ({"copysession_id": "7", "type": "REC", "status": "Active"}, "copysession_id is '7'"),
    ({"copysession_id": 7, "type": "REC"}, "REC session 7 without a status"),
    ({"copysession_id": 7, "type": "REC", "status": 3}, "status 3"),
    ({"copysession_id": 7, "type": "REC", "status": "Active", "uncopied_data_size": "1 GB"}, "uncopied_data_size '1 GB'"),
    ({"copysession_id": 7, "type": "REC", "status": "Active", "is_local_source_volume": "yes"}, "is_local_source_volume 'yes'"),
])
def test_a_record_that_is_not_what_the_api_documents_fails_naming_host_request_and_answer(record, named):
    client = ReadClient({7: record})
    with pytest.raises(errors.UnexpectedAnswer) as error:
        _api.read_sessions(client, [7])
    assert "eternus-a.example.com" in error.value.message and "GET /copysession?copysession_id=7" in error.value.message
    assert named in error.value.message


# --- the client: HTML from a proxy, paging links, literal commas -----------------------------------------------------

class HTMLResponse(FakeResponse):
    def __init__(self, status, text):
        super().__init__(status)
        self.content = text.encode()
        self.text = text

    def json(self):
        raise ValueError("not JSON")


def client_with(*answers):
    return EternusClient("eternus-a.example.com", username="u", password="p", retries=0, sleep=lambda s: None,
                         session=FakeHTTP(login_ok(), *answers, logout_ok()))


def test_an_html_page_with_status_200_is_a_clear_error_not_a_python_one():
    with pytest.raises(errors.UnexpectedAnswer) as error:
        with client_with(HTMLResponse(200, "<html><body>Service temporarily unavailable</body></html>")) as client:
            _api.read_sessions(client, [1])
    message = error.value.message
    assert "eternus-a.example.com" in message and "GET /api/v1/copysession" in message and "Service temporarily" in message


@pytest.mark.parametrize("next_href", ["/api/v1/copysession?copysession_id=1,2&last_get_id=1",
                                       "https://eternus-a.example.com:5665/api/v1/copysession?copysession_id=1,2&last_get_id=1"])
def test_relative_and_absolute_paging_links_are_followed(next_href):
    first = FakeResponse(200, {"copysession_list": [rec_session(1)], "next_href": next_href})
    second = FakeResponse(200, {"copysession_list": [rec_session(2)]})
    with client_with(first, second) as client:
        assert sorted(_api.read_sessions(client, [1, 2])) == [1, 2]
        calls = client._http.calls  # pylint: disable=protected-access
    assert calls[2]["url"] == "https://eternus-a.example.com:5665/api/v1/copysession?copysession_id=1,2&last_get_id=1"


def test_a_paging_link_to_another_server_is_refused():
    first = FakeResponse(200, {"copysession_list": [rec_session(1)], "next_href": "https://elsewhere.example.com/api/v1/x"})
    with pytest.raises(errors.UnexpectedAnswer, match="another server"):
        with client_with(first) as client:
            _api.read_sessions(client, [1, 2])


def test_id_lists_travel_with_literal_commas():
    with client_with(FakeResponse(200, {"copysession_list": []})) as client:
        _api.read_sessions(client, [3, 1, 2])
        query = client._http.calls[1]["params"]  # pylint: disable=protected-access
    assert query == "copysession_id=1,2,3"
    prepared = requests.Request("GET", "https://a/api/v1/copysession", params=query).prepare()
    assert prepared.url.endswith("?copysession_id=1,2,3")


# --- the job a run deletes ------------------------------------------------------------------------------------------

def test_a_job_already_gone_is_not_reported_as_deleted():
    class GoneClient:
        def delete(self, path):
            raise errors.NotFound("DELETE %s failed with HTTP 404" % path, status=404)

    assert _api.delete_job(GoneClient(), 8192001) is False


# --- a state-changing request answered with something that names no job -------------------------------------------

class PostClient:
    """A POST answered with ``answer``; the user's jobs and the sessions as ``jobs`` and ``sessions``."""

    host = "eternus-a.example.com"

    def __init__(self, answer, jobs=(), sessions=()):
        self.answer, self.jobs, self.sessions = answer, list(jobs), list(sessions)
        self.posts = 0

    def post(self, path, json=None, *, retry=None):
        self.posts += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def get_all(self, path, list_key, params=None):
        return self.jobs if path == "/job" else self.sessions


@pytest.mark.parametrize("answer", [None, {}, {"job_id": "8192001"}, [8192001], errors.UnexpectedAnswer("an HTML page")])
def test_an_answer_that_names_no_job_is_an_unknown_outcome_never_a_python_error(answer):
    with pytest.raises(errors.OutcomeUnknown):
        _api.post_for_job(PostClient(answer), "/copysession/suspend", {"copysession_id_list": [1]}, retry="busy")


def test_a_suspend_answered_without_a_job_adopts_the_arrays_job_and_is_not_resent():
    from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import suspend_jobs

    job = {"job_id": 8192009, "job_href": "/api/v1/job/8192009", "status": "Running",
           "resource_href_list": ["/api/v1/copysession/1", "/api/v1/copysession/2"]}
    client = PostClient("<html>proxy</html>", jobs=[job])
    client.answer = errors.UnexpectedAnswer("the array at eternus-a.example.com answered POST with a body that is not JSON")
    entry = suspend_jobs.post_suspend(client, planning.SuspendRequest((1, 2), False))
    assert client.posts == 1
    assert entry["job_id"] == 8192009 and "not JSON" in entry["recovered_after"]


# --- a suspend another job was already finishing, on an array that shows no sign of it --------------------------------

class JobsClient(PollClient):
    def __init__(self, job, sessions, jobs):
        super().__init__(job, sessions)
        self.jobs = jobs

    def get_all(self, path, list_key, params=None):
        self.calls.append(path)
        return self.jobs if path == "/job" else self.sessions


def test_a_session_refused_because_another_job_took_it_is_waited_for_and_the_job_named():
    own = {"job_id": 8192002, "status": "Error", "failed_resource_info_list": [
        {"resource_href": "/api/v1/copysession/13", "error_code": "0108", "message": "A suspend is still running."}]}
    other = {"job_id": 8192001, "status": "Success", "progress_href_list": ["/api/v1/copysession/13"]}
    finishing = {"copysession_id": 13, "type": "REC", "status": "Active", "phase": "Equivalent"}
    client = JobsClient(own, [finishing], [other, own])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192002, "job": None, "copysession_ids": [13]}], confirm_ids=[13])
    fetch = tracking.progress_fetcher(client, progress)
    fetch()
    assert progress.other_jobs == {13: 8192001} and not progress.done()
    assert client.calls.count("/job") == 1
    fetch()
    assert client.calls.count("/job") == 1, "the user's jobs are read once"
    client.sessions = [dict(finishing, status="Suspend")]
    fetch()
    assert progress.done()


def test_without_another_job_a_refused_session_is_a_failure():
    own = {"job_id": 8192002, "status": "Error", "failed_resource_info_list": [
        {"resource_href": "/api/v1/copysession/13", "error_code": "0033", "message": "Not possible."}]}
    client = JobsClient(own, [{"copysession_id": 13, "type": "REC", "status": "Active"}], [own])
    progress = tracking.SuspendProgress(jobs=[{"job_id": 8192002, "job": None, "copysession_ids": [13]}], confirm_ids=[13])
    tracking.progress_fetcher(client, progress)()
    assert progress.other_jobs == {} and progress.done()
