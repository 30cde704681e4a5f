# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._client import LOGOUT_RETRIES, RETRY_BUSY, EternusClient

from .fakes import FakeHTTP, FakeResponse, login_ok, logout_ok

SECRET = "pw-SECRET-marker"


def make_client_only(http, **kwargs):
    return make_client(http, **kwargs)[0]


def make_client(http, **kwargs):
    sleeps = []
    client = EternusClient("array-a.example", username="root", password=SECRET, session=http,
                           sleep=sleeps.append, **kwargs)
    return client, sleeps


def test_login_sends_credentials_and_logout_deletes_the_session():
    http = FakeHTTP(login_ok(), FakeResponse(200, {"job_id": 1}), logout_ok())
    client = make_client_only(http)
    with client:
        assert client.get("/job/1") == {"job_id": 1}
    login, get, logout = http.calls
    assert login["method"] == "POST" and login["url"] == "https://array-a.example:5665/api/v1/session"
    assert login["json"] == {"user_name": "root", "password": SECRET}
    assert "Authorization" not in login["headers"]
    assert get["headers"]["Authorization"] == "Bearer tok-1"
    assert logout["method"] == "DELETE" and logout["url"].endswith("/api/v1/session/100001")
    assert http.closed


def test_logout_runs_when_the_body_raises():
    http = FakeHTTP(login_ok(), FakeResponse(404, {"error_code": "0100", "message": "no such job"}), logout_ok())
    client = make_client_only(http)
    with pytest.raises(errors.NotFound) as caught:
        with client:
            client.get("/job/9")
    assert http.calls[-1]["method"] == "DELETE"
    assert "HTTP 404" in caught.value.message and "0100" in caught.value.message
    assert caught.value.error_code == "0100"


def test_wrong_password_is_an_auth_error_without_the_password():
    http = FakeHTTP(FakeResponse(401, {"error_code": "0010", "message": "Authentication failed"}))
    client = make_client_only(http)
    with pytest.raises(errors.AuthError) as caught:
        client.login()
    assert SECRET not in str(caught.value.to_result())
    assert len(http.calls) == 1


@pytest.mark.parametrize("status, cls", [(400, errors.BadRequest), (403, errors.Forbidden), (409, errors.Conflict),
                                         (415, errors.BadRequest), (500, errors.ServerError)])
def test_status_codes_map_to_typed_errors(status, cls):
    http = FakeHTTP(login_ok(), FakeResponse(status, {"error_code": "0001", "message": "m", "internal_code": "x1"}))
    client = make_client_only(http)
    client.login()
    with pytest.raises(cls) as caught:
        client.post("/copysession/suspend", {"copysession_id_list": [1]}, retry="none")
    assert caught.value.status == status and caught.value.internal_code == "x1"


def test_get_is_retried_on_busy_with_backoff_then_succeeds():
    busy = FakeResponse(503, {"error_code": "0999", "message": "busy"})
    http = FakeHTTP(login_ok(), busy, busy, FakeResponse(200, {"ok": 1}))
    client, sleeps = make_client(http)
    client.login()
    assert client.get("/copysession") == {"ok": 1}
    assert len(sleeps) == 2 and sleeps[1] >= sleeps[0] / 2


def test_persistent_busy_gives_up_after_the_bounded_retries():
    busy = FakeResponse(503, {"error_code": "0999", "message": "busy"})
    http = FakeHTTP(login_ok(), *([busy] * 4))
    client, sleeps = make_client(http, retries=3)
    client.login()
    with pytest.raises(errors.Busy) as caught:
        client.get("/copysession")
    assert len(http.calls) == 1 + 4 and len(sleeps) == 3
    assert "gave up after 4 attempts" in caught.value.message


def test_backoff_grows_and_stays_under_the_cap():
    busy = FakeResponse(503, {})
    http = FakeHTTP(login_ok(), *([busy] * 7))
    client, sleeps = make_client(http, retries=6, backoff_base=1, backoff_cap=4)
    client.login()
    with pytest.raises(errors.Busy):
        client.get("/copysession")
    assert all(0 < s <= 4 for s in sleeps)
    assert sleeps[-1] >= 2  # the cap (4) halved by jitter at worst


def test_connection_error_is_retried_for_get_but_not_for_post():
    http = FakeHTTP(login_ok(), requests.exceptions.ConnectionError("reset"), FakeResponse(200, {"a": 1}),
                    requests.exceptions.ConnectionError("reset"))
    client = make_client_only(http)
    client.login()
    assert client.get("/copysession") == {"a": 1}
    with pytest.raises(errors.ConnectionFailed) as caught:
        client.post("/copysession/suspend", {"copysession_id_list": [1]})
    assert "array-a.example" in caught.value.message
    assert [c["method"] for c in http.calls] == ["POST", "GET", "GET", "POST"]


def test_post_is_resent_after_busy_when_the_caller_opts_in():
    http = FakeHTTP(login_ok(), FakeResponse(503, {}), FakeResponse(202, {"job_id": 5, "job_href": "/api/v1/job/5"}))
    client = make_client_only(http)
    client.login()
    assert client.post("/copysession/suspend", {"copysession_id_list": [1]}, retry=RETRY_BUSY)["job_id"] == 5


def test_expired_token_logs_in_once_more_and_repeats_the_call():
    expired = FakeResponse(401, {"error_code": "0011", "message": "token expired"})
    http = FakeHTTP(login_ok("tok-1"), expired, login_ok("tok-2", 100002), FakeResponse(200, {"status": "Running"}))
    client = make_client_only(http)
    client.login()
    assert client.get("/job/1") == {"status": "Running"}
    assert http.calls[-1]["headers"]["Authorization"] == "Bearer tok-2"
    assert client.login_count == 2


def test_a_second_401_right_after_relogin_is_final():
    expired = FakeResponse(401, {"error_code": "0011", "message": "token expired"})
    http = FakeHTTP(login_ok(), expired, login_ok("tok-2"), expired)
    client = make_client_only(http)
    client.login()
    with pytest.raises(errors.AuthError):
        client.get("/job/1")


def test_tls_failure_explains_ca_path_and_is_not_retried():
    http = FakeHTTP(requests.exceptions.SSLError("certificate verify failed"))
    client = make_client_only(http)
    with pytest.raises(errors.TLSVerificationFailed) as caught:
        client.login()
    assert "ca_path" in caught.value.message and len(http.calls) == 1


def test_timeout_names_the_host():
    http = FakeHTTP(login_ok(), *([requests.exceptions.ReadTimeout("read timed out")] * 2))
    client = make_client_only(http, retries=1, timeout=7)
    client.login()
    with pytest.raises(errors.RequestTimedOut) as caught:
        client.get("/copysession")
    assert "array-a.example" in caught.value.message and "7 seconds" in caught.value.message


def test_paging_follows_next_href_until_absent():
    page1 = {"total_count": 3, "list_count": 2, "copysession_list": [{"copysession_id": 1}, {"copysession_id": 2}],
             "next_href": "/api/v1/copysession?last_get_id=2&copysession_id=1,2,3"}
    page2 = {"total_count": 3, "list_count": 1, "copysession_list": [{"copysession_id": 3}]}
    http = FakeHTTP(login_ok(), FakeResponse(200, page1), FakeResponse(200, page2))
    client = make_client_only(http)
    client.login()
    items = client.get_all("/copysession", "copysession_list", params={"copysession_id": "1,2,3"})
    assert [i["copysession_id"] for i in items] == [1, 2, 3]
    assert http.calls[2]["url"] == "https://array-a.example:5665/api/v1/copysession?last_get_id=2&copysession_id=1,2,3"
    assert http.calls[2]["params"] is None


def test_a_paging_loop_is_detected():
    page = {"copysession_list": [], "next_href": "/api/v1/copysession?last_get_id=2"}
    http = FakeHTTP(login_ok(), FakeResponse(200, page), FakeResponse(200, page), FakeResponse(200, page))
    client = make_client_only(http)
    client.login()
    with pytest.raises(errors.ServerError):
        client.get_all("/copysession", "copysession_list")


@pytest.mark.parametrize("kwargs, expected", [({"ca_path": "/tmp/ca.pem"}, "/tmp/ca.pem"),
                                              ({"validate_certs": False, "ca_path": "/tmp/ca.pem"}, False),
                                              ({}, True)])
def test_every_request_carries_the_verification_setting(kwargs, expected):
    http = FakeHTTP(login_ok(), FakeResponse(200, {}))
    client = make_client_only(http, **kwargs)
    client.login()
    client.get("/copysession")
    assert [c["verify"] for c in http.calls] == [expected, expected]


def test_refused_login_names_user_and_array_and_keeps_the_arrays_code():
    http = FakeHTTP(FakeResponse(401, {"error_code": "0002", "message": "Authentication failed."}))
    client = make_client_only(http)
    with pytest.raises(errors.AuthError) as caught:
        client.login()
    assert "login to https://array-a.example:5665 as root was refused" in caught.value.message
    assert "ETERNUS_PASSWORD" in caught.value.message and caught.value.error_code == "0002"
    assert SECRET not in caught.value.message


def test_logout_is_repeated_after_a_dropped_connection():
    http = FakeHTTP(login_ok(), requests.exceptions.ConnectionError("reset"), logout_ok())
    client, sleeps = make_client(http)
    with client:
        pass
    assert [c["method"] for c in http.calls] == ["POST", "DELETE", "DELETE"]
    assert len(sleeps) == 1 and client.session_id is None and http.closed


def test_logout_gives_up_quietly_after_its_few_retries():
    reset = requests.exceptions.ConnectionError("reset")
    http = FakeHTTP(login_ok(), *[reset] * (LOGOUT_RETRIES + 1))
    client = make_client_only(http)
    with client:
        pass
    assert [c["method"] for c in http.calls] == ["POST"] + ["DELETE"] * (LOGOUT_RETRIES + 1)
    assert http.closed
