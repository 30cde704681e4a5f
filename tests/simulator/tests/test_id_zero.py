"""Dialect point 8: copysession_id 0 (the vendor's samples use it) on every route, with a simulator of its own."""

from __future__ import annotations

from typing import Iterator

import pytest

from simulator_control import SIMULATOR_ROOT, Simulator, load_scenario, running_simulator, wait_for, write_scenario

SUSPEND = "/api/v1/copysession/suspend"


@pytest.fixture(scope="module")
def zero(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    data = load_scenario(SIMULATOR_ROOT / "scenarios" / "id_zero.yml")
    for array in data["arrays"]:
        array["port"] = 0
    scenario = write_scenario(data, tmp_path_factory.mktemp("zero") / "scenario.yml")
    with running_simulator(tmp_path_factory.mktemp("zero-state"), scenario) as sim:
        yield sim


@pytest.fixture
def sim0(zero: Simulator) -> Simulator:
    zero.reset(job_queued_seconds=0.05, job_running_seconds=0.05, suspend_finish_seconds=0.3, resume_copy_seconds=0.3)
    return zero


def test_lists_filters_and_pages_start_at_zero(sim0: Simulator) -> None:
    client = sim0.client()
    body = client.get("/api/v1/copysession").json()
    assert [s["copysession_id"] for s in body["copysession_list"]] == [0, 1, 2]
    assert client.get("/api/v1/copysession", params={"copysession_id": "0"}).json()["list_count"] == 1
    sim0.settings(page_size=1)
    first = client.get("/api/v1/copysession").json()
    assert first["next_href"] == "/api/v1/copysession?last_get_id=0"
    assert [s["copysession_id"] for s in client.get(first["next_href"]).json()["copysession_list"]] == [1]


def test_one_session_and_its_peer(sim0: Simulator) -> None:
    a_side, b_side = sim0.client("site-a").session(0), sim0.client("site-b").session(0)
    assert (a_side["copysession_id"], a_side["remote_copysession_id"], a_side["copysession_href"]) == (
        0, 0, "/api/v1/copysession/0")
    assert a_side["source_volume_number"] == 0 and b_side["is_local_source_volume"] is False


def test_suspend_resume_reverse_of_session_zero(sim0: Simulator) -> None:
    client = sim0.client()
    job = client.run(SUSPEND, {"copysession_id_list": [0, 2]})
    assert job["status"] == "Success" and job["progress_href_list"][0] == "/api/v1/copysession/0"
    wait_for(lambda: client.session(0), lambda s: s["status"] == "Suspend", timeout=3)
    assert client.run("/api/v1/copysession/0/reverse")["status"] == "Success"
    assert client.session(0)["is_local_source_volume"] is False
    assert client.run("/api/v1/copysession/0/resume")["succeeded_resource_href_list"] == ["/api/v1/copysession/0"]
    assert client.run("/api/v1/copysession/0/suspend", {"force": True})["status"] == "Success"


def test_failed_items_and_admin_routes_for_session_zero(sim0: Simulator) -> None:
    client = sim0.client()
    sim0.admin("site-a", "POST", "/copysession/0/fail_in_job", {"error_code": "0199", "message": "injected"})
    sim0.set_dialect({"failed_item_shape": "id"})
    job = client.run(SUSPEND, {"copysession_id_list": [0]})
    assert job["failed_resource_info_list"][0]["copysession_id"] == 0
    assert sim0.admin("site-b", "POST", "/copysession/0/state", {"status": "Halt"})["status"] == "Halt"
    assert sim0.statuses([0]) == {0: "Halt"}
