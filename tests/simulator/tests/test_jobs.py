from __future__ import annotations

import time

from simulator_control import TENANT_USER, Simulator

SUSPEND = "/api/v1/copysession/suspend"


def test_job_list_envelope_and_ownership(sim: Simulator) -> None:
    root, tenant = sim.client(), sim.client(user=TENANT_USER)
    first = root.submit(SUSPEND, {"copysession_id_list": [5]})
    second = root.submit(SUSPEND, {"copysession_id_list": [4]})
    body = root.get("/api/v1/job").json()
    assert body["total_count"] == body["list_count"] == 2
    assert [j["job_id"] for j in body["job_list"]] == [first, second]
    assert tenant.get(f"/api/v1/job/{first}").status_code == 404
    assert tenant.get("/api/v1/job").json()["total_count"] == 0
    assert tenant.call("DELETE", f"/api/v1/job/{first}").status_code == 404


def test_delete_job(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"job_queued_seconds": 5})
    client = sim.client()
    waiting = client.submit(SUSPEND, {"copysession_id_list": [5]})
    assert client.call("DELETE", f"/api/v1/job/{waiting}").status_code == 409
    sim.admin("site-a", "POST", f"/jobs/{waiting}/cancel")
    assert client.job(waiting)["status"] == "Canceled"
    assert client.call("DELETE", f"/api/v1/job/{waiting}").status_code == 200
    assert client.get(f"/api/v1/job/{waiting}").status_code == 404
    assert client.call("DELETE", "/api/v1/job/1").status_code == 404


def test_finished_jobs_are_purged_after_retention(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"job_retention_seconds": 0.3})
    client = sim.client()
    job_id = client.submit(SUSPEND, {"copysession_id_list": [5]})
    assert client.finished_job(job_id)["status"] == "Success"
    time.sleep(0.4)
    assert client.get(f"/api/v1/job/{job_id}").status_code == 404


def test_512_jobs_then_503_until_one_is_deleted(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"job_queued_seconds": 0, "job_running_seconds": 0})
    client = sim.client()
    ids = [client.submit(SUSPEND, {"copysession_id_list": [9]}) for _job in range(512)]
    full = client.post(SUSPEND, json={"copysession_id_list": [9]})
    assert full.status_code == 503 and full.json()["error_code"].isdigit()
    assert client.get("/api/v1/job").json()["total_count"] == 512
    assert client.call("DELETE", f"/api/v1/job/{ids[0]}").status_code == 200
    assert client.submit(SUSPEND, {"copysession_id_list": [9]}) == ids[-1] + 1
    assert client.post(SUSPEND, json={"copysession_id_list": [9]}).status_code == 503
