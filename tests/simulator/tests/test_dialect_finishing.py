"""Dialect point 2: how a session shows that a Synchronous/Consistency suspend is still finishing.

In every dialect the session keeps its old status until the suspend is done and the job lists it in
progress_href_list (the vendor's rule); only the hints change.
"""

from __future__ import annotations

import pytest

from simulator_control import Simulator, wait_for

SUSPEND = "/api/v1/copysession/suspend"


def finishing_session(sim: Simulator, dialect: dict) -> tuple[dict, dict]:
    """(the job, session 1 while its suspend finishes) in dialect."""
    sim.set_dialect(dialect)
    sim.settings(suspend_finish_seconds=1.5)
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [1, 4]})
    assert job["status"] == "Success"
    assert job["progress_href_list"] == ["/api/v1/copysession/1", "/api/v1/copysession/4"]
    return job, client.session(1)


def test_default_shows_running_and_a_countdown(sim: Simulator) -> None:
    _job, running = finishing_session(sim, {})
    assert running["concurrent_suspend_result"] == "Running" and 1 <= running["remain_time_to_finish_suspend"] <= 2


@pytest.mark.parametrize(("finishing_result", "remain_time"),
                         [("null", "null"), ("absent", "absent"), ("null", "shown"), ("shown", "absent")])
def test_hints_null_or_absent_while_finishing(sim: Simulator, finishing_result: str, remain_time: str) -> None:
    _job, running = finishing_session(sim, {"finishing_result": finishing_result, "remain_time": remain_time})
    assert running["status"] == "Active" and running["phase"] == "Equivalent"
    if finishing_result == "shown":
        assert running["concurrent_suspend_result"] == "Running"
    elif finishing_result == "null":
        assert running["concurrent_suspend_result"] is None
    else:
        assert "concurrent_suspend_result" not in running
    if remain_time == "shown":
        assert running["remain_time_to_finish_suspend"] >= 1
    elif remain_time == "null":
        assert running["remain_time_to_finish_suspend"] is None
    else:
        assert "remain_time_to_finish_suspend" not in running
    listed = sim.client().get("/api/v1/copysession", params={"copysession_id": "4"}).json()["copysession_list"][0]
    assert listed["status"] == "Active"
    assert ("concurrent_suspend_result" in listed) == (finishing_result != "absent")
    done = wait_for(lambda: sim.client().session(1), lambda s: s["status"] == "Suspend", timeout=4)
    # Once done the result word is back (only the finish is hidden); the countdown setting holds throughout.
    assert done["concurrent_suspend_result"] == "Succeeded"
    assert ("remain_time_to_finish_suspend" in done) == (remain_time != "absent")


def test_absent_countdown_is_left_out_even_when_asked_for(sim: Simulator) -> None:
    sim.set_dialect({"remain_time": "absent"})
    body = sim.client().get("/api/v1/copysession", params={"fields": "remain_time_to_finish_suspend,status",
                                                           "copysession_id": "1"}).json()
    assert body["copysession_list"] == [{"copysession_id": 1, "status": "Active"}]


def test_a_second_suspend_while_finishing_is_still_refused(sim: Simulator) -> None:
    job, _running = finishing_session(sim, {"finishing_result": "absent", "remain_time": "absent"})
    again = sim.client().run(SUSPEND, {"copysession_id_list": [1]})
    assert again["failed_resource_info_list"][0]["error_code"] == "0108"
