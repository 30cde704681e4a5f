# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Issue 15 in the module_utils: the array's identity, the messages that name it, the suspend's truthful accounting and
the deletion of its jobs, and the messages of point 5 (connection refused, missing credentials)."""

from __future__ import annotations

import socket
import ssl
from types import SimpleNamespace

import pytest
import requests
import urllib3

from ansible_collections.fujitsu.eternus.plugins.module_utils import _api, _errors as errors, _module, _wait
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import EternusClient
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import describe, operations, runner, suspend_jobs

from .fakes import BOXID_A, FakeHTTP, FakeResponse, login_ok
from .test_jobs import FakeClock
from .test_rec import rec_session

URL = "https://array-a.example:5665"


def logged_in(*answers):
    http = FakeHTTP(login_ok(), *answers)
    client = EternusClient("array-a.example", username="root", password="pw", session=http, sleep=lambda _s: None)
    client.login()
    return client, http


# -- the array's identity ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, boxid, name", [
    (FakeResponse(200, {"boxid": BOXID_A, "storage_system_name": "DX-HOME"}), BOXID_A, "DX-HOME"),
    (FakeResponse(200, {"storagesystem_list": [{"boxid": BOXID_A, "storage_system_name": "DX-HOME"}]}), BOXID_A, "DX-HOME"),
    (FakeResponse(200, {"storage_system_name": "DX-HOME"}), None, "DX-HOME"),
    (FakeResponse(200, {"boxid": "", "storage_system_name": ""}), None, None),
    (FakeResponse(200, {"boxid": None}), None, None),
    (FakeResponse(200, ["not", "an", "object"]), None, None),
    (FakeResponse(404, {"error_code": "0100", "message": "not found"}), None, None),
    (FakeResponse(403, {"error_code": "0003", "message": "not allowed"}), None, None),
    (FakeResponse(400, {"error_code": "0001", "message": "unknown field boxid"}), None, None),
    (FakeResponse(500, {"error_code": "0999", "message": "internal"}), None, None),
], ids=["full", "wrapped", "no-boxid", "empty", "null", "list", "404", "403", "400", "500"])
def test_the_identity_is_read_once_and_what_the_array_does_not_say_is_null(answer, boxid, name):
    client, http = logged_in(answer)

    assert _api.read_array_identity(client) == {"url": URL, "boxid": boxid, "name": name}
    assert [call["url"] for call in http.calls[1:]] == [URL + "/api/v1/storagesystem"]
    assert http.calls[1]["params"] == "fields=boxid,storage_system_name"


def test_a_401_on_the_identity_is_still_an_authentication_error():
    refused = FakeResponse(401, {"error_code": "0010", "message": "token expired"})
    client, _http = logged_in(refused, FakeResponse(401, {"error_code": "0010", "message": "Authentication failed"}))
    with pytest.raises(errors.AuthError):
        _api.read_array_identity(client)


@pytest.mark.parametrize("array, label", [
    ({"url": URL, "boxid": BOXID_A, "name": "x"}, BOXID_A), ({"url": URL, "boxid": None, "name": None}, URL), (None, "(unknown)")])
def test_messages_name_the_array_by_box_id_else_url(array, label):
    assert describe.array_label(array) == label


def test_sessions_are_described_with_volumes_direction_and_peer():
    here = rec_session(1, source_volume_name="db_data01", destination_volume_name="db_data01", remote_boxid="PEER-B")
    there = dict(here, copysession_id=101, is_local_source_volume=False)
    assert describe.describe_session(1, here) == "session 1 db_data01 -> db_data01 (here -> peer PEER-B)"
    assert describe.describe_session(101, there) == "session 101 db_data01 -> db_data01 (peer PEER-B -> here)"
    assert describe.describe_session(7, None) == "session 7"
    assert describe.grouped_ids([1, 101, 2], {1: here, 101: there, 2: dict(here, copysession_id=2)}) == (
        "1, 2 (here -> peer PEER-B), 101 (peer PEER-B -> here)")
    unknown = dict(here, is_local_source_volume=None, remote_boxid=None)
    assert describe.direction(unknown) == "peer (Box ID not reported), direction not reported"


# -- point 5: the connection's messages ---------------------------------------------------------------------------

def refused_error():
    cause = ConnectionRefusedError(111, "Connection refused")
    new_connection = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    new_connection.__cause__ = cause
    retries = urllib3.exceptions.MaxRetryError(None, "/api/v1/session", reason=new_connection)
    return requests.exceptions.ConnectionError(retries)


def test_a_refused_connection_says_so_without_the_librarys_retry_wrapper():
    http = FakeHTTP(refused_error())
    client = EternusClient("array-a.example", username="root", password="pw", session=http, sleep=lambda _s: None)
    with pytest.raises(errors.ConnectionFailed) as caught:
        client.login()
    assert "cannot reach array-a.example on port 5665: connection refused by array-a.example:5665" in caught.value.message
    assert "Max retries exceeded" not in caught.value.message and "gave up" not in caught.value.message
    assert len(http.calls) == 1


def test_a_refused_read_that_was_retried_says_how_often():
    client, _http = logged_in(refused_error(), refused_error(), refused_error())
    client.retries = 2
    with pytest.raises(errors.ConnectionFailed) as caught:
        client.get("/copysession")
    assert caught.value.message.endswith("(gave up after 3 attempts)")
    assert "connection refused by array-a.example:5665" in caught.value.message


def test_a_host_name_that_does_not_resolve_is_named():
    failure = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason=socket.gaierror(-2, "Name unknown")))
    client = EternusClient("eternus.invalid", username="root", password="pw", session=FakeHTTP(failure), sleep=lambda _s: None)
    with pytest.raises(errors.ConnectionFailed, match="the host name eternus.invalid does not resolve"):
        client.login()


def test_missing_credentials_name_the_options_environment_variables_and_role_variables():
    msg = _module.explain_missing("missing required arguments: password, username")
    assert msg.startswith("missing required arguments: password, username. Give password, username as module options")
    for text in ("ETERNUS_PASSWORD, ETERNUS_USERNAME", "ETERNUS_HOST", "ETERNUS_CA_PATH", "ETERNUS_VALIDATE_CERTS",
                 "rec_failover_<option>", "rec_failback_<option>", "rec_failover_password"):
        assert text in msg, text
    # other missing arguments are left as Ansible says them
    assert _module.explain_missing("missing required arguments: job_id") == "missing required arguments: job_id"
    assert _module.CONNECTION_ENV["host"] == "ETERNUS_HOST"


# -- points 3 and 4: the suspend's jobs and the truth about what it did ------------------------------------------

class SuspendArray:
    """Answers a suspend run: the sessions as given, the run's job as given, the job list, and job deletes."""

    def __init__(self, sessions, own_job, other_jobs=()):
        self.sessions = {s["copysession_id"]: s for s in sessions}
        self.own_job = own_job
        self.other_jobs = list(other_jobs)
        self.deleted = []
        self.job_lists = 0
        self.root_url = URL

    def post(self, path, json=None, *, retry=None):
        return {"job_id": self.own_job["job_id"], "job_href": "/api/v1/job/%d" % self.own_job["job_id"]}

    def get(self, path, params=None):
        return dict(self.own_job)

    def get_all(self, path, list_key, params=None):
        if path == "/job":
            self.job_lists += 1
            return [dict(self.own_job)] + [dict(job) for job in self.other_jobs]
        return [dict(s) for s in self.sessions.values()]

    def delete(self, path):
        self.deleted.append(int(path.rsplit("/", 1)[1]))


def suspend_module(**params):
    clock = FakeClock()
    warnings = []
    module = SimpleNamespace(params=dict({"session_ids": [1, 2], "match": None, "on_ineligible": "fail", "wait": True,
                                          "force": False, "force_scope": "any"}, **params),
                             check_mode=False, warnings=warnings, ansible=SimpleNamespace(warn=warnings.append),
                             array={"url": URL, "boxid": BOXID_A, "name": "a"})
    module.waiter = lambda: _wait.Waiter(timeout=60, poll_interval=0.5, clock=clock)
    return module


def suspended(i):
    return rec_session(i, status="Suspend", concurrent_suspend_result="Succeeded")


def href(i):
    return "/api/v1/copysession/%d" % i


REFUSED = [{"resource_href": href(1), "error_code": "0108", "message": "A suspend of the REC session is still running."},
           {"resource_href": href(2), "error_code": "0108", "message": "A suspend of the REC session is still running."}]


def test_sessions_another_job_suspended_are_not_this_runs_change_and_a_warning_names_that_job():
    array = SuspendArray([rec_session(1), rec_session(2)], {"job_id": 8192002, "status": "Error", "failed_resource_info_list": REFUSED},
                         [{"job_id": 8192001, "status": "Success", "progress_href_list": [href(1), href(2)],
                           "succeeded_resource_href_list": [href(1), href(2)]}])
    module = suspend_module()
    # the sessions show the other job's suspend when this run reads them after its request
    array.sessions = {1: suspended(1), 2: suspended(2)}
    array_before = {1: rec_session(1), 2: rec_session(2)}

    plan = operations.planning.plan_suspend(array_before, force=False, on_ineligible="fail")
    acted = suspend_jobs.act_suspend(module, array, plan)

    assert acted.changed is False and acted.done_ids == [1, 2] and acted.failed == []
    assert [(e["copysession_id"], e["job_id"], e["refused_job_id"], e["error_code"]) for e in acted.extra["suspended_by_other_jobs"]] == [
        (1, 8192001, 8192002, "0108"), (2, 8192001, 8192002, "0108")]
    assert len(module.warnings) == 1
    assert module.warnings[0].startswith("session(s) 1, 2: the array refused this run's suspend (job 8192002: error_code 0108, "
                                         "A suspend of the REC session is still running.) because job 8192001 was already suspending them")
    # this run's job ended, so it was deleted like the resume's and the reverse's
    assert array.deleted == [8192002] and acted.jobs[0]["deleted"] is True and acted.jobs[0]["status"] == "Error"


def test_without_a_listed_other_job_the_warning_says_so_and_the_run_does_not_fail():
    array = SuspendArray([suspended(1), suspended(2)], {"job_id": 8192002, "status": "Error", "failed_resource_info_list": REFUSED})
    module = suspend_module()
    plan = operations.planning.plan_suspend({1: rec_session(1), 2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(module, array, plan)

    assert not acted.failed and not acted.changed
    assert [e["job_id"] for e in acted.extra["suspended_by_other_jobs"]] == [None, None]
    assert "another request had already suspended them or was suspending them (the array's refusal says so" in module.warnings[0]
    assert array.job_lists == 1


def test_a_refused_suspend_whose_sessions_do_not_end_suspended_fails():
    array = SuspendArray([rec_session(1), suspended(2)], {"job_id": 8192002, "status": "Error", "failed_resource_info_list": REFUSED})
    module = suspend_module(wait_timeout=5)
    module.waiter = lambda: _wait.Waiter(timeout=5, poll_interval=0.5, clock=FakeClock())
    plan = operations.planning.plan_suspend({1: rec_session(1), 2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(module, array, plan)

    assert [f["copysession_id"] for f in acted.failed] == [1]
    assert acted.failed[0]["error_code"] == "0108" and acted.failed[0]["job_id"] == 8192002
    assert [e["copysession_id"] for e in acted.extra["suspended_by_other_jobs"]] == [2]


def test_a_failure_item_that_names_no_session_fails_the_session_the_job_did_not_take():
    # Gap 6 of the issue 15 audit: the session reads suspended, but the array said nothing of a suspend still running
    # and no other job is listed, so the run cannot claim another request did it.
    anonymous = [{"error_code": "0199", "message": "something"}]
    own_job = {"job_id": 8192002, "status": "Partial_Error", "failed_resource_info_list": anonymous,
               "succeeded_resource_href_list": [href(1)]}
    array = SuspendArray([suspended(1), suspended(2)], own_job)
    module = suspend_module()
    plan = operations.planning.plan_suspend({1: rec_session(1), 2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(module, array, plan)

    assert acted.done_ids == [1] and acted.changed
    assert acted.extra["suspended_by_other_jobs"] == []
    assert [(f["copysession_id"], f["job_id"], f["error_code"]) for f in acted.failed] == [(2, 8192002, "0199")]
    assert "job 8192002 reported failures it tied to no session: something" in acted.failed[0]["message"]
    assert not module.warnings


OWN_FAILURE = [{"resource_href": href(2), "error_code": "0199", "message": "volume busy"}]


def test_any_other_failure_of_the_runs_own_job_fails_even_if_the_session_ends_suspended():
    own_job = {"job_id": 8192002, "status": "Partial_Error", "failed_resource_info_list": OWN_FAILURE,
               "succeeded_resource_href_list": [href(1)]}
    array = SuspendArray([suspended(1), suspended(2)], own_job)
    module = suspend_module()
    plan = operations.planning.plan_suspend({1: rec_session(1), 2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(module, array, plan)

    assert acted.done_ids == [1] and acted.changed and acted.extra["suspended_by_other_jobs"] == []
    assert [(f["copysession_id"], f["job_id"], f["error_code"]) for f in acted.failed] == [(2, 8192002, "0199")]
    assert acted.failed[0]["message"].startswith("this run's suspend job 8192002 failed it: volume busy. The session reads Suspend now")
    assert "no other job suspending it is listed" in acted.failed[0]["message"]
    assert array.job_lists == 1 and not module.warnings
    # The task's message names the session, the job and the array's error.
    message = runner.failure_message(operations.SUSPEND, acted.failed, acted.done_ids, BOXID_A)
    assert message.startswith("suspend failed on array %s for session(s) 2: session 2: this run's suspend job 8192002 failed it: "
                              "volume busy." % BOXID_A)
    assert "(error_code 0199); suspended: 1" in message


def test_a_run_whose_only_session_its_job_failed_changed_nothing():
    array = SuspendArray([suspended(2)], {"job_id": 8192002, "status": "Error", "failed_resource_info_list": OWN_FAILURE})
    plan = operations.planning.plan_suspend({2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(suspend_module(session_ids=[2]), array, plan)

    assert not acted.changed and acted.done_ids == [] and [f["copysession_id"] for f in acted.failed] == [2]


def test_another_failure_is_forgiven_when_another_job_suspending_the_session_is_found():
    own_job = {"job_id": 8192002, "status": "Error", "failed_resource_info_list": OWN_FAILURE}
    other = {"job_id": 8192001, "status": "Success", "progress_href_list": [href(2)], "succeeded_resource_href_list": [href(2)]}
    array = SuspendArray([suspended(2)], own_job, [other])
    module = suspend_module(session_ids=[2])
    plan = operations.planning.plan_suspend({2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(module, array, plan)

    assert not acted.failed and not acted.changed and acted.done_ids == [2]
    assert [(e["job_id"], e["refused_job_id"], e["error_code"]) for e in acted.extra["suspended_by_other_jobs"]] == [(8192001, 8192002, "0199")]
    assert "because job 8192001 was already suspending them" in module.warnings[0]


# 0108: a suspend of the session was still running; 0033: its state allowed none (two runs started together, the
# other one's suspend finished first).
@pytest.mark.parametrize("code", ["0108", 108, " 0108 ", "0033", 33])
def test_the_suspended_by_another_request_refusals_count_however_the_array_spells_their_number(code):
    refused = [{"resource_href": href(2), "error_code": code, "message": "refused"}]
    array = SuspendArray([suspended(2)], {"job_id": 8192002, "status": "Error", "failed_resource_info_list": refused})
    plan = operations.planning.plan_suspend({2: rec_session(2)}, force=False, on_ineligible="fail")

    acted = suspend_jobs.act_suspend(suspend_module(session_ids=[2]), array, plan)

    assert not acted.failed and [e["job_id"] for e in acted.extra["suspended_by_other_jobs"]] == [None]


def test_a_job_that_failed_to_delete_is_reported_not_fatal():
    array = SuspendArray([suspended(1)], {"job_id": 8192003, "status": "Success", "succeeded_resource_href_list": [href(1)]})

    def refuse(path):
        raise errors.Conflict("DELETE %s failed with HTTP 409" % path, status=409)

    array.delete = refuse
    plan = operations.planning.plan_suspend({1: rec_session(1)}, force=False, on_ineligible="fail")
    acted = suspend_jobs.act_suspend(suspend_module(session_ids=[1]), array, plan)
    assert acted.done_ids == [1] and acted.jobs[0]["deleted"] is False and "HTTP 409" in acted.jobs[0]["delete_error"]


@pytest.mark.parametrize("uncopied, warned", [(0, False), (1024, True), (None, True)])
def test_a_forced_suspend_warns_of_loss_only_where_data_is_left_behind(uncopied, warned):
    halted = rec_session(8, status="Halt", phase="Copying", uncopied_data_size=uncopied, source_volume_name="app_halt01",
                         destination_volume_name="app_halt01", remote_boxid="PEER-B")
    plan = operations.planning.plan_suspend({8: halted}, force=True, on_ineligible="fail", force_scope="halted")
    module = suspend_module()
    suspend_jobs.warn_data_loss(module, plan)
    assert bool(module.warnings) is warned
    reason = plan.decisions[0].reason
    if uncopied == 0:
        assert "no data is left behind (uncopied_data_size 0)" in reason and "unusable" not in reason
    else:
        assert "becomes unusable" in reason and "session 8 app_halt01 -> app_halt01 (here -> peer PEER-B)" in module.warnings[0]


def test_the_message_names_apart_what_another_job_did_and_what_was_already_finishing():
    result = {"suspended": [1, 2, 3], "already_suspended": [12], "skipped_sessions": [], "forced": [],
              "actions": [{"copysession_id": 1, "action": "suspend"}, {"copysession_id": 2, "action": "suspend"},
                          {"copysession_id": 3, "action": "wait"}, {"copysession_id": 12, "action": "none"}],
              "suspended_by_other_jobs": [{"copysession_id": 2, "job_id": 8192001}]}
    sessions = {i: rec_session(i, remote_boxid="PEER-B") for i in (1, 2, 3)}
    msg = runner.summary_message(operations.SUSPEND, result, False, {"wait": True}, array=BOXID_A, sessions=sessions)
    assert msg == ("suspended 1 session(s) on array %s: 1 (here -> peer PEER-B); a suspend already finishing, waited for: 3; "
                   "suspended by job 8192001, not by this run: 2; already suspended: 12" % BOXID_A)


def test_a_certificate_that_does_not_verify_is_said_in_the_tls_librarys_words_only():
    inner = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate")
    failure = requests.exceptions.SSLError(urllib3.exceptions.MaxRetryError(None, "/api/v1/session", reason=urllib3.exceptions.SSLError(inner)))
    client = EternusClient("array-a.example", username="root", password="pw", session=FakeHTTP(failure), sleep=lambda _s: None)
    with pytest.raises(errors.TLSVerificationFailed) as caught:
        client.login()
    assert "failed: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate" in caught.value.message
    assert "Max retries exceeded" not in caught.value.message and "ca_path" in caught.value.message


def test_a_copy_within_this_array_is_named_without_a_peer():
    local_copy = rec_session(20, type="QuickOPC", source_volume_name="app_src01", destination_volume_name="app_snap01")
    assert describe.describe_session(20, local_copy) == "session 20 app_src01 -> app_snap01"
