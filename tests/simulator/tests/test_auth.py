from __future__ import annotations

import time

from simulator_control import ROOT_USER, TENANT_USER, Simulator, http_session


def test_login_session_info_and_logout(sim: Simulator) -> None:
    client = sim.client()
    login = client.login
    assert set(login) == {"session_id", "token", "lifetime"}
    assert login["lifetime"] == 1800
    info = client.get(f"/api/v1/session/{login['session_id']}").json()
    assert info["user_name"] == "root" and info["session_id"] == login["session_id"]
    assert 0 < info["lifetime"] <= 1800 and info["auth_list"] == ["Admin"]
    assert sim.admin("site-a", "GET", "/counters")["open_sessions"] == 1
    assert client.call("DELETE", f"/api/v1/session/{login['session_id']}").status_code == 200
    assert client.get("/api/v1/copysession").status_code == 401
    counters = sim.admin("site-a", "GET", "/counters")
    assert (counters["logins"], counters["logouts"], counters["open_sessions"]) == (1, 1, 0)


def test_other_session_is_not_found(sim: Simulator) -> None:
    mine, other = sim.client(), sim.client()
    reply = mine.get(f"/api/v1/session/{other.login['session_id']}")
    assert reply.status_code == 404
    assert mine.call("DELETE", f"/api/v1/session/{other.login['session_id']}").status_code == 404


def test_bad_password_is_401_with_error_body(sim: Simulator) -> None:
    reply = http_session(sim.ca_path).post(
        sim.url("site-a") + "/api/v1/session", json={"user_name": "root", "password": "wrong"}
    )
    assert reply.status_code == 401
    body = reply.json()
    assert set(body) == {"error_code", "message", "internal_code"}
    assert len(body["error_code"]) == 4 and body["error_code"].isdigit()


def test_missing_or_unknown_bearer_is_401(sim: Simulator) -> None:
    http = http_session(sim.ca_path)
    assert http.get(sim.url("site-a") + "/api/v1/copysession").status_code == 401
    reply = http.get(sim.url("site-a") + "/api/v1/job", headers={"Authorization": "Bearer nope"})
    assert reply.status_code == 401 and "error_code" in reply.json()


def test_token_expires_and_use_does_not_extend_it(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"token_lifetime": 0.6})
    client = sim.client()
    assert client.login["lifetime"] == 0
    for _attempt in range(4):
        assert client.get("/api/v1/copysession").status_code == 200
        time.sleep(0.1)
    time.sleep(0.35)
    assert client.get("/api/v1/copysession").status_code == 401


def test_token_is_per_array(sim: Simulator) -> None:
    client = sim.client("site-a")
    reply = http_session(sim.ca_path).get(
        sim.url("site-b") + "/api/v1/copysession", headers={"Authorization": f"Bearer {client.login['token']}"}
    )
    assert reply.status_code == 401


def test_refresh_token_renews_login(sim: Simulator) -> None:
    http = http_session(sim.ca_path)
    url = sim.url("site-a") + "/api/v1/session"
    first = http.post(url, json={"user_name": ROOT_USER[0], "password": ROOT_USER[1], "is_refresh_token_required": True}).json()
    assert first["refresh_token"]
    renewed = http.post(
        url, json={"user_name": ROOT_USER[0], "grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert renewed.status_code == 200 and renewed.json()["token"] != first["token"]
    bad = http.post(url, json={"user_name": ROOT_USER[0], "grant_type": "refresh_token", "refresh_token": "x"})
    assert bad.status_code == 401


def test_tenant_user_logs_in(sim: Simulator) -> None:
    client = sim.client(user=TENANT_USER)
    info = client.get(f"/api/v1/session/{client.login['session_id']}").json()
    assert info["user_name"] == "t1user"
