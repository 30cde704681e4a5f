"""Faults that make an answer other than the API documents: an HTML page, a missing field, a field of another type."""

from __future__ import annotations

import pytest

from simulator_control import Simulator

SUSPEND = "/api/v1/copysession/suspend"
ONE = "/api/v1/copysession/{copysession_id}"


def test_html_page_with_status_200_then_recovers(sim: Simulator) -> None:
    client = sim.client()
    sim.add_fault("html", method="GET", path="/api/v1/copysession", count=2)
    for path in ("/api/v1/copysession", "/api/v1/copysession/1"):
        reply = client.get(path)
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
        assert reply.text.startswith("<!DOCTYPE html>")
        with pytest.raises(ValueError):
            reply.json()
    assert client.session(1)["status"] == "Active"
    counters = sim.counters()
    assert counters["requests"]["GET " + ONE] == 2
    assert [e["status"] for e in counters["log"] if e["template"] == ONE] == [200, 200]


def test_html_before_does_nothing_after_applies_the_request(sim: Simulator) -> None:
    client = sim.client()
    sim.add_fault("html", method="POST", path=SUSPEND)
    assert client.post(SUSPEND, json={"copysession_id_list": [5]}).headers["content-type"].startswith("text/html")
    assert client.get("/api/v1/job").json()["total_count"] == 0
    sim.add_fault("html", method="POST", path=SUSPEND, when="after")
    assert client.post(SUSPEND, json={"copysession_id_list": [5]}).headers["content-type"].startswith("text/html")
    assert client.get("/api/v1/job").json()["total_count"] == 1


def test_missing_field_in_one_session_and_in_every_listed_session(sim: Simulator) -> None:
    client = sim.client()
    sim.add_fault("missing_field", method="GET", path=ONE, field="status")
    one = client.get("/api/v1/copysession/1").json()
    assert "status" not in one and one["phase"] == "Equivalent"
    assert client.session(1)["status"] == "Active"
    sim.add_fault("missing_field", method="GET", path="/api/v1/copysession", field="status")
    body = client.get("/api/v1/copysession").json()
    assert body["total_count"] == 14 and all("status" not in s for s in body["copysession_list"])


def test_missing_field_in_a_job(sim: Simulator) -> None:
    client = sim.client()
    job_id = client.submit(SUSPEND, {"copysession_id_list": [5]})
    sim.add_fault("missing_field", method="GET", path="/api/v1/job/{job_id}", field="progress_href_list")
    assert "progress_href_list" not in client.job(job_id)


@pytest.mark.parametrize(("field", "extra", "expected"), [
    ("copysession_id", {}, "1"),
    ("uncopied_data_size", {}, "0"),
    ("status", {}, ["Active"]),
    ("is_local_source_volume", {}, "true"),
    ("uncopied_data_size", {"value": "1 GB"}, "1 GB"),
    ("progress", {"value": None}, None),
])
def test_wrong_type(sim: Simulator, field: str, extra: dict, expected: object) -> None:
    client = sim.client()
    sim.add_fault("wrong_type", method="GET", path=ONE, field=field, **extra)
    assert client.get("/api/v1/copysession/1").json()[field] == expected
    assert client.session(1)[field] != expected


def test_wrong_type_in_a_list_keeps_the_envelope(sim: Simulator) -> None:
    sim.add_fault("wrong_type", method="GET", path="/api/v1/copysession", field="copysession_id")
    body = sim.client().get("/api/v1/copysession", params={"copysession_id": "1,2"}).json()
    assert body["total_count"] == 2 and [s["copysession_id"] for s in body["copysession_list"]] == ["1", "2"]


def test_error_answers_are_not_rewritten(sim: Simulator) -> None:
    sim.add_fault("missing_field", method="GET", path=ONE, field="error_code")
    reply = sim.client().get("/api/v1/copysession/999")
    assert reply.status_code == 404 and reply.json()["error_code"] == "0004"


@pytest.mark.parametrize(("body", "message"), [
    ({"kind": "missing_field"}, "field"),
    ({"kind": "wrong_type", "field": 3}, "field"),
    ({"kind": "busy", "value": 1}, "value"),
    ({"kind": "missing_field", "field": "status", "when": "after"}, "when"),
    ({"kind": "teapot"}, "kind"),
])
def test_bad_fault_bodies_are_400(sim: Simulator, body: dict, message: str) -> None:
    reply = sim.client().http.post(sim.url("site-a") + "/admin/faults", json=body)
    assert reply.status_code == 400 and message in reply.json()["message"]
