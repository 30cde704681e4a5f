from __future__ import annotations

from simulator_control import TENANT_USER, Simulator, wait_for


def test_resume_copies_then_reaches_equivalent(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"resume_copy_seconds": 1.0})
    client = sim.client()
    job = client.run("/api/v1/copysession/12/resume")
    assert job["status"] == "Success" and job["succeeded_resource_href_list"] == ["/api/v1/copysession/12"]
    copying = client.session(12)
    assert (copying["status"], copying["phase"]) == ("Active", "Copying")
    assert copying["concurrent_suspend_result"] is None
    # The 128 MB tracked while suspended are what the resume copies.
    assert 0 < copying["uncopied_data_size"] <= 128 and copying["progress"] < 100
    later = wait_for(lambda: client.session(12), lambda s: s["progress"] > copying["progress"], timeout=2)
    assert later["uncopied_data_size"] < copying["uncopied_data_size"]
    done = wait_for(lambda: client.session(12), lambda s: s["phase"] == "Equivalent", timeout=3)
    assert (done["uncopied_data_size"], done["progress"], done["tracking_data_size"]) == (0, 100, 0)
    assert sim.client("site-b").session(112)["phase"] == "Equivalent"


def test_resume_refuses_sessions_that_are_not_suspended(sim: Simulator) -> None:
    client = sim.client()
    for session_id, code in ((1, "0110"), (8, "0106"), (9, "0102"), (10, "0107"), (20, "0101")):
        job = client.run(f"/api/v1/copysession/{session_id}/resume")
        assert job["status"] == "Error"
        assert job["failed_resource_info_list"][0]["error_code"] == code, session_id


def test_resume_after_forced_halt_suspend_recovers(sim: Simulator) -> None:
    client = sim.client()
    client.run("/api/v1/copysession/suspend", {"copysession_id_list": [8], "force": True})
    assert client.run("/api/v1/copysession/8/resume")["status"] == "Success"
    done = wait_for(lambda: client.session(8), lambda s: s["phase"] == "Equivalent")
    assert done["status"] == "Active" and done["uncopied_data_size"] == 0


def test_reverse_swaps_direction_on_both_sides(sim: Simulator) -> None:
    site_a, site_b = sim.client("site-a"), sim.client("site-b")
    assert site_a.run("/api/v1/copysession/12/reverse")["status"] == "Success"
    a_view, b_view = site_a.session(12), site_b.session(112)
    assert a_view["is_local_source_volume"] is False and b_view["is_local_source_volume"] is True
    assert a_view["status"] == "Suspend"
    assert b_view["source_volume_name"] == "db_data03"
    assert site_b.run("/api/v1/copysession/112/reverse")["status"] == "Success"
    assert site_a.session(12)["is_local_source_volume"] is True


def test_reverse_requires_suspend(sim: Simulator) -> None:
    job = sim.client().run("/api/v1/copysession/1/reverse")
    assert job["status"] == "Error" and job["failed_resource_info_list"][0]["error_code"] == "0110"
    assert sim.client().session(1)["is_local_source_volume"] is True


def test_tenant_may_resume_own_but_never_reverse(sim: Simulator) -> None:
    tenant = sim.client(user=TENANT_USER)
    assert tenant.run("/api/v1/copysession/suspend", {"copysession_id_list": [13], "force": True})["status"] == "Success"
    reply = tenant.post("/api/v1/copysession/13/reverse")
    assert reply.status_code == 403 and reply.json()["error_code"].isdigit()
    assert tenant.get("/api/v1/job").json()["total_count"] == 1
    assert tenant.run("/api/v1/copysession/13/resume")["status"] == "Success"
    outside = tenant.run("/api/v1/copysession/12/resume")
    assert outside["failed_resource_info_list"][0]["error_code"] == "0109"
