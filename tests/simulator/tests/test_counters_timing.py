"""When each request's answer was sent (benchmarks time a client from the array's last answer to its exit), and
queries of many ids: up to 1 MiB of request line and headers is read, so a 10,000-id query reaches the array's rules."""

from __future__ import annotations

import time

from simulator_control import Simulator


def test_each_request_logs_when_its_answer_was_sent(sim: Simulator) -> None:
    sim.admin("site-a", "DELETE", "/counters")
    assert sim.counters()["last_request_at"] is None
    before = time.monotonic()
    client = sim.client()
    client.get("/api/v1/copysession/1")
    client.post("/api/v1/copysession/suspend", json={"copysession_id_list": [1]})
    counters = sim.counters()
    # the answer is logged right after its last byte went out: a moment after the client may have read it
    after = time.monotonic()
    log = counters["log"]
    assert [entry["method"] for entry in log] == ["POST", "GET", "POST"]
    # one clock for the simulator, its log and the tests on this machine (CLOCK_MONOTONIC is system-wide)
    assert all(before <= entry["received"] <= entry["completed"] <= after for entry in log)
    assert [entry["completed"] for entry in log] == sorted(entry["completed"] for entry in log)
    assert counters["last_request_at"] == log[-1]["completed"]


def test_the_latency_setting_is_inside_the_request_time(sim: Simulator) -> None:
    client = sim.client()
    sim.settings(latency=0.2)
    client.get("/api/v1/copysession/1")
    entry = sim.counters()["log"][-1]
    assert entry["completed"] - entry["received"] >= 0.2


def test_admin_calls_leave_the_last_request_time_alone(sim: Simulator) -> None:
    sim.client().get("/api/v1/copysession/1")
    last = sim.counters()["last_request_at"]
    sim.sessions()
    sim.admin("site-a", "GET", "/settings")
    assert sim.counters()["last_request_at"] == last
    sim.admin("site-a", "DELETE", "/counters")
    assert sim.counters()["last_request_at"] is None


def test_a_query_of_10000_ids_is_answered(sim: Simulator) -> None:
    ids = ",".join(str(i) for i in range(1, 10001))
    reply = sim.client().get("/api/v1/copysession?copysession_id=" + ids)
    assert reply.status_code == 200, reply.text[:300]
    assert [item["copysession_id"] for item in reply.json()["copysession_list"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20]
