"""Dialect points 4-7: id-list caps, next_href, the copysession_id filter and how list parameters are read."""

from __future__ import annotations

import pytest

from simulator_control import Simulator

SUSPEND = "/api/v1/copysession/suspend"
LIST = "/api/v1/copysession"


def ids_of(body: dict) -> list[int]:
    return [s["copysession_id"] for s in body["copysession_list"]]


@pytest.mark.parametrize("status", [400, 413])
def test_id_list_cap_refuses_a_longer_suspend_list_and_registers_nothing(sim: Simulator, status: int) -> None:
    sim.set_dialect({"id_list_cap": 2, "id_list_cap_status": status})
    client = sim.client()
    reply = client.post(SUSPEND, json={"copysession_id_list": [1, 2, 3]})
    assert reply.status_code == status
    body = reply.json()
    assert set(body) == {"error_code", "message", "internal_code"} and "at most 2" in body["message"]
    assert client.get("/api/v1/job").json()["total_count"] == 0
    assert client.run(SUSPEND, {"copysession_id_list": [1, 2]})["status"] == "Success"


def test_id_list_cap_on_the_query(sim: Simulator) -> None:
    sim.set_dialect({"id_list_cap": 2, "id_list_cap_status": 413})
    client = sim.client()
    reply = client.get(LIST, params={"copysession_id": "1,2,3"})
    assert reply.status_code == 413 and "copysession_id" in reply.json()["message"]
    assert ids_of(client.get(LIST, params={"copysession_id": "1,2"}).json()) == [1, 2]
    assert client.get(LIST).json()["total_count"] == 14


def test_no_cap_by_default(sim: Simulator) -> None:
    sim.settings(job_queued_seconds=5)
    ids = [*range(1, 14), 20]
    assert sim.client().post(SUSPEND, json={"copysession_id_list": ids}).status_code == 202
    assert sim.client().get(LIST, params={"copysession_id": ",".join(map(str, ids * 50))}).status_code == 200


def test_absolute_next_href(sim: Simulator) -> None:
    sim.settings(page_size=5)
    sim.set_dialect({"next_href": "absolute"})
    client = sim.client()
    first = client.get(LIST, params={"fields": "status"}).json()
    assert first["next_href"] == sim.url("site-a") + "/api/v1/copysession?last_get_id=5&fields=status"
    second = client.http.get(first["next_href"], timeout=10).json()
    assert ids_of(second) == [6, 7, 8, 9, 10]
    client.run(SUSPEND, {"copysession_id_list": [5]})
    client.run(SUSPEND, {"copysession_id_list": [9]})
    sim.settings(page_size=1)
    assert client.get("/api/v1/job").json()["next_href"].startswith(sim.url("site-a") + "/api/v1/job?last_get_id=")


def test_relative_next_href_by_default(sim: Simulator) -> None:
    sim.settings(page_size=5)
    assert sim.client().get(LIST).json()["next_href"] == "/api/v1/copysession?last_get_id=5"


def test_ignored_id_filter_returns_every_visible_session_in_pages(sim: Simulator) -> None:
    sim.set_dialect({"copysession_id_filter": "ignored"})
    sim.settings(page_size=10)
    client = sim.client()
    first = client.get(LIST, params={"copysession_id": "2,3"}).json()
    assert first["total_count"] == 14 and ids_of(first) == list(range(1, 11))
    assert first["next_href"] == "/api/v1/copysession?last_get_id=10&copysession_id=2,3"
    assert ids_of(client.get(first["next_href"]).json()) == [11, 12, 13, 20]
    # Ignored, so not even checked.
    assert client.get(LIST, params={"copysession_id": "x"}).status_code == 200


def test_encoded_comma_is_a_separator_by_default(sim: Simulator) -> None:
    client = sim.client()
    assert ids_of(client.get(LIST + "?copysession_id=1%2C2").json()) == [1, 2]
    assert ids_of(client.get(LIST + "?copysession_id=1,2").json()) == [1, 2]


def test_encoded_comma_refused(sim: Simulator) -> None:
    sim.set_dialect({"encoded_comma": "refused"})
    client = sim.client()
    reply = client.get(LIST + "?copysession_id=1%2C2")
    assert reply.status_code == 400 and "1%2C2" in reply.json()["message"]
    assert client.get(LIST + "?fields=status%2cphase").status_code == 400
    assert ids_of(client.get(LIST + "?copysession_id=1,2").json()) == [1, 2]
    body = client.get(LIST + "?copysession_id=1,2&fields=status,phase").json()
    assert body["copysession_list"][0] == {"copysession_id": 1, "status": "Active", "phase": "Equivalent"}


def test_repeated_parameters_last_wins_by_default(sim: Simulator) -> None:
    assert ids_of(sim.client().get(LIST + "?copysession_id=1&copysession_id=2,3").json()) == [2, 3]


def test_repeated_parameters_merged(sim: Simulator) -> None:
    sim.set_dialect({"repeated_params": "merged"})
    sim.settings(page_size=2)
    client = sim.client()
    first = client.get(LIST + "?copysession_id=1&copysession_id=2,3&fields=status&fields=phase").json()
    assert ids_of(first) == [1, 2] and first["total_count"] == 3
    assert set(first["copysession_list"][0]) == {"copysession_id", "status", "phase"}
    # The link repeats the parameters as they came.
    assert first["next_href"] == ("/api/v1/copysession?last_get_id=2&copysession_id=1&copysession_id=2,3"
                                  "&fields=status&fields=phase")
    assert ids_of(client.get(first["next_href"]).json()) == [3]
