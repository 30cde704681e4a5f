"""Dialect point 3: the shape of failed_resource_info_list items."""

from __future__ import annotations

import pytest

from simulator_control import Simulator

SUSPEND = "/api/v1/copysession/suspend"
MESSAGE = "The REC session is in Error status."


def failed_items(sim: Simulator, shape: str | None) -> list[dict]:
    if shape is not None:
        sim.set_dialect({"failed_item_shape": shape})
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [1, 9]})
    assert job["status"] == "Partial_Error"
    assert job["succeeded_resource_href_list"] == ["/api/v1/copysession/1"]
    [listed] = client.get("/api/v1/job").json()["job_list"]
    assert listed["failed_resource_info_list"] == job["failed_resource_info_list"]
    return job["failed_resource_info_list"]


@pytest.mark.parametrize("shape", [None, "href"])
def test_default_shape_names_the_href(sim: Simulator, shape: str | None) -> None:
    assert failed_items(sim, shape) == [
        {"resource_href": "/api/v1/copysession/9", "error_code": "0102", "message": MESSAGE, "internal_code": "SIM-REC-0102"}]


def test_id_shape_names_the_session_id(sim: Simulator) -> None:
    assert failed_items(sim, "id") == [
        {"copysession_id": 9, "error_code": "0102", "message": MESSAGE, "internal_code": "SIM-REC-0102"}]


def test_nested_shape(sim: Simulator) -> None:
    assert failed_items(sim, "nested") == [
        {"resource": {"href": "/api/v1/copysession/9"},
         "error": {"code": "0102", "message": MESSAGE, "internal_code": "SIM-REC-0102"}}]


def test_anonymous_shape_cannot_be_tied_to_a_session(sim: Simulator) -> None:
    assert failed_items(sim, "anonymous") == [{"error_code": "0102", "message": MESSAGE, "internal_code": "SIM-REC-0102"}]


def test_shape_is_per_array(sim: Simulator) -> None:
    sim.set_dialect({"arrays": {"site-b": {"failed_item_shape": "id"}}})
    assert "resource_href" in sim.client("site-a").run(SUSPEND, {"copysession_id_list": [9]})["failed_resource_info_list"][0]
    assert sim.client("site-b").run(SUSPEND, {"copysession_id_list": [109]})["failed_resource_info_list"][0][
        "copysession_id"] == 109
