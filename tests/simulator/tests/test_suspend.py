from __future__ import annotations

import pytest

from simulator_control import TENANT_USER, Simulator, wait_for

SUSPEND = "/api/v1/copysession/suspend"


def test_seed_request_example_is_accepted(sim: Simulator) -> None:
    client = sim.client()
    reply = client.post(
        SUSPEND,
        data='{ "copysession_id_list": [ 1, 2, 3 ] }',
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 202
    assert reply.json() == {"job_id": 8192001, "job_href": "/api/v1/job/8192001"}
    assert client.submit(SUSPEND, {"copysession_id_list": [4]}) == 8192002


def test_job_goes_queued_running_success(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"job_queued_seconds": 0.3, "job_running_seconds": 0.3})
    client = sim.client()
    job_id = client.submit(SUSPEND, {"copysession_id_list": [5], "force": False})
    first = client.job(job_id)
    assert first["status"] == "Queued" and first["succeeded_resource_href_list"] == []
    assert first["resource_href_list"] == ["/api/v1/copysession/5"]
    wait_for(lambda: client.job(job_id)["status"], lambda s: s == "Running")
    assert client.session(5)["status"] == "Active"
    done = client.finished_job(job_id)
    assert done["status"] == "Success"
    assert done["succeeded_resource_href_list"] == ["/api/v1/copysession/5"]
    assert done["operation_list"][0]["result"] == "Succeeded"
    assert done["created_time"].endswith("Z") and len(done["created_time"]) == 20
    # Stack mode completes with the job: no asynchronous tail.
    assert done["progress_href_list"] == []
    assert client.session(5)["status"] == "Suspend"


def test_synchronous_suspend_completes_after_the_job(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"suspend_finish_seconds": 1.5})
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [1, 2, 3, 4]})
    assert job["status"] == "Success"
    assert job["progress_href_list"] == [f"/api/v1/copysession/{i}" for i in (1, 2, 3, 4)]
    running = client.session(1)
    assert running["status"] == "Active" and running["phase"] == "Equivalent"
    assert running["concurrent_suspend_result"] == "Running"
    assert 1 <= running["remain_time_to_finish_suspend"] <= 2
    assert sim.client("site-b").session(101)["concurrent_suspend_result"] == "Running"
    done = wait_for(lambda: client.session(1), lambda s: s["status"] == "Suspend", timeout=4)
    assert done["concurrent_suspend_result"] == "Succeeded" and done["remain_time_to_finish_suspend"] == 0
    assert done["phase"] == "Equivalent"
    assert sim.client("site-b").session(101)["status"] == "Suspend"


REFUSED = [
    (20, "0101"),  # not REC
    (9, "0102"),  # status Error
    (11, "0103"),  # Through mode
    (6, "0104"),  # Stack, not Equivalent
    (7, "0105"),  # Active Copying without force
    (8, "0106"),  # Halt without force
    (10, "0107"),  # Reserved
    (12, "0033"),  # already suspended
]


@pytest.mark.parametrize(("session_id", "error_code"), REFUSED)
def test_refusal_rules(sim: Simulator, session_id: int, error_code: str) -> None:
    client = sim.client()
    before = client.session(session_id)
    job = client.run(SUSPEND, {"copysession_id_list": [session_id]})
    assert job["status"] == "Error"
    assert job["succeeded_resource_href_list"] == []
    [item] = job["failed_resource_info_list"]
    assert item["resource_href"] == f"/api/v1/copysession/{session_id}"
    assert item["error_code"] == error_code and item["message"] and item["internal_code"]
    after = client.session(session_id)
    assert (after["status"], after["phase"]) == (before["status"], before["phase"])


def test_tenant_cannot_suspend_outside_its_tenant(sim: Simulator) -> None:
    tenant = sim.client(user=TENANT_USER)
    job = tenant.run(SUSPEND, {"copysession_id_list": [1, 13]})
    assert job["status"] == "Partial_Error"
    assert job["succeeded_resource_href_list"] == ["/api/v1/copysession/13"]
    assert [(i["resource_href"], i["error_code"]) for i in job["failed_resource_info_list"]] == [
        ("/api/v1/copysession/1", "0109")
    ]
    assert sim.client().session(1)["status"] == "Active"


def test_forced_suspend_of_copying_and_halt_keeps_uncopied_data(sim: Simulator) -> None:
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [7, 8], "force": True})
    assert job["status"] == "Success" and job["progress_href_list"] == []
    for session_id, uncopied in ((7, 4096), (8, 1024)):
        session = client.session(session_id)
        assert session["status"] == "Suspend"
        assert session["phase"] == "Copying"
        assert session["uncopied_data_size"] == uncopied


def test_stack_session_not_equivalent_is_refused_even_forced(sim: Simulator) -> None:
    """The manual: a Stack session that is not Equivalent cannot be specified for a suspend, forced or not."""
    client = sim.client()
    sim.admin("site-a", "POST", "/copysession/5/state", {"status": "Halt", "phase": "Copying"})
    job = client.run(SUSPEND, {"copysession_id_list": [6, 7, 5], "force": True})
    assert job["status"] == "Partial_Error"
    assert job["succeeded_resource_href_list"] == ["/api/v1/copysession/7"]
    assert [(i["resource_href"], i["error_code"]) for i in job["failed_resource_info_list"]] == [
        ("/api/v1/copysession/6", "0104"), ("/api/v1/copysession/5", "0104")]
    assert all(i["message"] for i in job["failed_resource_info_list"])
    assert client.session(6)["status"] == "Active" and client.session(6)["uncopied_data_size"] == 2048
    assert client.run("/api/v1/copysession/6/suspend", {"force": True})["failed_resource_info_list"][0]["error_code"] == "0104"


def test_partial_error_lists_both(sim: Simulator) -> None:
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [1, 9, 5]})
    assert job["status"] == "Partial_Error"
    assert job["succeeded_resource_href_list"] == ["/api/v1/copysession/1", "/api/v1/copysession/5"]
    assert [i["resource_href"] for i in job["failed_resource_info_list"]] == ["/api/v1/copysession/9"]
    assert job["operation_list"][0]["result"] == "Failed"


def test_unknown_id_is_404_and_creates_no_job(sim: Simulator) -> None:
    client = sim.client()
    reply = client.post(SUSPEND, json={"copysession_id_list": [1, 999]})
    assert reply.status_code == 404 and "999" in reply.json()["message"]
    assert client.get("/api/v1/job").json()["total_count"] == 0


@pytest.mark.parametrize(
    "body",
    [{}, {"copysession_id_list": []}, {"copysession_id_list": "1"}, {"copysession_id_list": [1, "2"]},
     {"copysession_id_list": [1], "force": "yes"}, [1, 2]],
)
def test_bad_bodies_are_400(sim: Simulator, body: object) -> None:
    reply = sim.client().post(SUSPEND, json=body)
    assert reply.status_code == 400 and len(reply.json()["error_code"]) == 4


def test_wrong_content_type_is_415(sim: Simulator) -> None:
    client = sim.client()
    reply = client.post(SUSPEND, data='{"copysession_id_list": [1]}', headers={"Content-Type": "text/plain"})
    assert reply.status_code == 415 and reply.json()["error_code"].isdigit()
    assert client.post(SUSPEND, data='{"copysession_id_list": [1]}').status_code == 415


def test_single_session_suspend_route(sim: Simulator) -> None:
    client = sim.client()
    job = client.run("/api/v1/copysession/7/suspend", {"force": True})
    assert job["status"] == "Success" and client.session(7)["status"] == "Suspend"
    assert client.run("/api/v1/copysession/5/suspend")["status"] == "Success"


def test_second_suspend_during_async_tail_is_refused(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"suspend_finish_seconds": 5})
    client = sim.client()
    assert client.run(SUSPEND, {"copysession_id_list": [1]})["status"] == "Success"
    job = client.run(SUSPEND, {"copysession_id_list": [1]})
    assert job["failed_resource_info_list"][0]["error_code"] == "0108"
