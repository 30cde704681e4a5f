from __future__ import annotations

import time

import pytest
import requests

from simulator_control import Simulator

SUSPEND = "/api/v1/copysession/suspend"


def test_busy_fault_answers_503_n_times_then_recovers(sim: Simulator) -> None:
    client = sim.client()
    sim.admin("site-a", "POST", "/faults", {"kind": "busy", "count": 2, "method": "GET", "path": "/api/v1/copysession"})
    assert client.post(SUSPEND, json={"copysession_id_list": [5]}).status_code == 202
    first, second = client.get("/api/v1/copysession"), client.get("/api/v1/copysession/1")
    assert (first.status_code, second.status_code) == (503, 503)
    assert first.json()["error_code"].isdigit()
    assert client.get("/api/v1/copysession").status_code == 200
    assert sim.admin("site-a", "GET", "/faults") == []


def test_drop_before_is_a_connection_error_and_does_nothing(sim: Simulator) -> None:
    client = sim.client()
    sim.admin("site-a", "POST", "/faults", {"kind": "drop", "count": 1, "path": SUSPEND})
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        client.post(SUSPEND, json={"copysession_id_list": [5]})
    assert client.get("/api/v1/job").json()["total_count"] == 0
    assert client.post(SUSPEND, json={"copysession_id_list": [5]}).status_code == 202


def test_drop_after_applies_the_request_first(sim: Simulator) -> None:
    client = sim.client()
    sim.admin("site-a", "POST", "/faults", {"kind": "drop", "count": 1, "path": SUSPEND, "when": "after"})
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        client.post(SUSPEND, json={"copysession_id_list": [5]})
    assert client.get("/api/v1/job").json()["total_count"] == 1


def test_latency_fault_and_latency_setting(sim: Simulator) -> None:
    client = sim.client()
    sim.admin("site-a", "POST", "/faults", {"kind": "latency", "count": 1, "seconds": 0.5})
    started = time.monotonic()
    assert client.get("/api/v1/copysession/1").status_code == 200
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    client.get("/api/v1/copysession/1")
    assert time.monotonic() - started < 0.4
    sim.admin("site-a", "PUT", "/settings", {"latency": 0.3})
    started = time.monotonic()
    client.get("/api/v1/copysession/1")
    assert time.monotonic() - started >= 0.3


def test_expire_tokens(sim: Simulator) -> None:
    client, other_array = sim.client("site-a"), sim.client("site-b")
    assert sim.admin("site-a", "POST", "/expire_tokens") == {"expired": 1}
    assert client.get("/api/v1/copysession").status_code == 401
    assert other_array.get("/api/v1/copysession").status_code == 200


def test_copy_path_loss_halts_active_pairs_on_both_sides(sim: Simulator) -> None:
    halted = sim.admin("site-a", "POST", "/copy_path_loss", {"remote_boxid": sim.info["arrays"]["site-b"]["boxid"]})
    assert halted["halted"] == [1, 2, 3, 4, 5, 6, 7, 11, 13]
    a_side, b_side = sim.client("site-a").session(7), sim.client("site-b").session(107)
    assert a_side["status"] == b_side["status"] == "Halt"
    assert a_side["uncopied_data_size"] == 4096 and a_side["error_ocurrence_time"].endswith("Z")
    assert sim.client("site-a").session(12)["status"] == "Suspend"
    assert sim.client("site-c").session(1)["status"] == "Active"
    other_peer = sim.admin("site-a", "POST", "/copy_path_loss", {"remote_boxid": "X" * 40})
    assert other_peer["halted"] == []


def test_copy_path_restore_makes_the_halted_pairs_to_that_peer_active_again(sim: Simulator) -> None:
    site_b = sim.info["arrays"]["site-b"]["boxid"]
    # The scenario's session 8 is halted from the start.
    assert sim.admin("site-a", "POST", "/copy_path_restore", {"remote_boxid": "X" * 40}) == {"restored": []}
    assert sim.admin("site-a", "POST", "/copy_path_restore", {"remote_boxid": site_b}) == {"restored": [8]}
    halted = sim.admin("site-a", "POST", "/copy_path_loss", {"remote_boxid": site_b})["halted"]
    assert sim.admin("site-a", "POST", "/copy_path_restore", {"remote_boxid": site_b}) == {"restored": halted}
    assert sim.client("site-a").session(7)["status"] == sim.client("site-b").session(107)["status"] == "Active"
    assert sim.client("site-a").session(12)["status"] == "Suspend"


def test_fail_in_job_fails_the_next_job_once(sim: Simulator) -> None:
    client = sim.client()
    sim.admin("site-a", "POST", "/copysession/2/fail_in_job", {"error_code": "0199", "message": "injected"})
    job = client.run(SUSPEND, {"copysession_id_list": [1, 2]})
    assert job["status"] == "Partial_Error"
    assert job["failed_resource_info_list"] == [
        {"resource_href": "/api/v1/copysession/2", "error_code": "0199", "message": "injected",
         "internal_code": job["failed_resource_info_list"][0]["internal_code"]}
    ]
    assert client.run(SUSPEND, {"copysession_id_list": [2]})["status"] == "Success"


def test_cancel_and_purge(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"job_queued_seconds": 0.3})
    client = sim.client()
    job_id = client.submit(SUSPEND, {"copysession_id_list": [5]})
    assert sim.admin("site-a", "POST", f"/jobs/{job_id}/cancel")["status"] == "Canceled"
    time.sleep(0.5)
    assert client.job(job_id)["status"] == "Canceled"
    assert client.session(5)["status"] == "Active"
    sim.admin("site-a", "POST", f"/jobs/{job_id}/purge")
    assert client.get(f"/api/v1/job/{job_id}").status_code == 404


def test_state_patch_applies_to_both_sides(sim: Simulator) -> None:
    patched = sim.admin("site-b", "POST", "/copysession/101/state", {"status": "Error", "error_code": "0040"})
    assert patched["status"] == "Error"
    assert sim.client("site-a").session(1)["status"] == "Error"
    bad = sim.client().http.post(sim.url("site-a") + "/admin/copysession/1/state", json={"copysession_id": 5})
    assert bad.status_code == 400


def test_counters_use_route_templates_and_reset(sim: Simulator) -> None:
    client = sim.client()
    client.get("/api/v1/copysession")
    client.get("/api/v1/copysession/1")
    client.get("/api/v1/copysession/2")
    job_id = client.submit(SUSPEND, {"copysession_id_list": [5]})
    client.job(job_id)
    sim.admin("site-a", "GET", "/sessions")
    counters = sim.admin("site-a", "GET", "/counters")
    assert counters["requests"] == {
        "POST /api/v1/session": 1,
        "GET /api/v1/copysession": 1,
        "GET /api/v1/copysession/{copysession_id}": 2,
        "POST /api/v1/copysession/suspend": 1,
        "GET /api/v1/job/{job_id}": 1,
    }
    login = counters["log"][0]
    assert login["template"] == "/api/v1/session" and login["status"] == 200
    assert login["body"] == {"user_name": "root", "password": "********"}
    assert counters["log"][4]["body"] == {"copysession_id_list": [5]}
    assert sim.admin("site-b", "GET", "/counters")["requests"] == {}
    sim.admin("site-a", "DELETE", "/counters")
    assert sim.admin("site-a", "GET", "/counters")["requests"] == {}


def test_reset_restores_the_scenario(sim: Simulator) -> None:
    client = sim.client()
    client.run(SUSPEND, {"copysession_id_list": [5]})
    sim.admin("site-a", "POST", "/faults", {"kind": "busy", "count": 5})
    sim.admin("site-b", "POST", "/reset")
    assert sim.admin("site-a", "GET", "/faults") == []
    assert sim.admin("site-a", "GET", "/settings")["job_queued_seconds"] == 0.2
    assert client.get("/api/v1/copysession/5").status_code == 401
    fresh = sim.client()
    assert fresh.session(5)["status"] == "Active"
    assert fresh.get("/api/v1/job").json()["total_count"] == 0
    assert len(sim.admin("site-a", "GET", "/sessions")) == 14
