"""Dialect point 1: the words an array shows for status, phase, transfer mode and suspend result."""

from __future__ import annotations

from simulator_control import Simulator, wait_for

SUSPEND = "/api/v1/copysession/suspend"
WORDS = {"status_words": {"Suspend": "Suspended", "Halt": "Halted", "Error_Suspend": "Error Suspend"},
         "phase_case": "lower", "transfer_mode_words": {"Stack": "Async Stack"}}


def listed(sim: Simulator, array: str = "site-a") -> dict[int, dict]:
    body = sim.client(array).get("/api/v1/copysession").json()
    return {s["copysession_id"]: s for s in body["copysession_list"]}


def test_default_words_are_the_simulators_own(sim: Simulator) -> None:
    sessions = listed(sim)
    assert (sessions[12]["status"], sessions[8]["status"], sessions[7]["phase"]) == ("Suspend", "Halt", "Copying")
    assert sessions[5]["transfer_mode"] == "Stack"


def test_mapped_words_in_list_one_session_and_the_peer(sim: Simulator) -> None:
    sim.set_dialect(WORDS)
    sim.admin("site-a", "POST", "/copysession/9/state", {"status": "Error_Suspend"})
    sessions = listed(sim)
    assert [sessions[i]["status"] for i in (1, 8, 9, 12)] == ["Active", "Halted", "Error Suspend", "Suspended"]
    assert (sessions[7]["phase"], sessions[20]["phase"]) == ("copying", "tracking")
    assert (sessions[5]["transfer_mode"], sessions[1]["transfer_mode"]) == ("Async Stack", "Synchronous")
    assert sim.client().session(12)["status"] == "Suspended"
    assert sim.client("site-b").session(108)["status"] == "Halted"
    fields = sim.client().get("/api/v1/copysession", params={"fields": "status,phase", "copysession_id": "12"}).json()
    assert fields["copysession_list"] == [{"copysession_id": 12, "status": "Suspended", "phase": "equivalent"}]
    # The admin API and the state patch keep the simulator's own words.
    assert sim.statuses([8, 9, 12]) == {8: "Halt", 9: "Error_Suspend", 12: "Suspend"}


def test_words_follow_state_changes_made_by_jobs(sim: Simulator) -> None:
    sim.set_dialect(WORDS)
    client = sim.client()
    assert client.run(SUSPEND, {"copysession_id_list": [5]})["status"] == "Success"
    assert (client.session(5)["status"], client.session(5)["phase"]) == ("Suspended", "equivalent")
    assert client.run("/api/v1/copysession/5/resume")["status"] == "Success"
    assert client.session(5)["status"] == "Active"


def test_casing_of_every_word_kind(sim: Simulator) -> None:
    sim.set_dialect({"status_case": "lower", "phase_case": "upper", "transfer_mode_case": "lower",
                     "suspend_result_case": "lower", "status_words": {"Suspend": "Suspended"}})
    one = sim.client().session(12)
    assert (one["status"], one["phase"], one["transfer_mode"], one["concurrent_suspend_result"]) == (
        "suspended", "EQUIVALENT", "synchronous", "succeeded")
    assert sim.client().session(20)["transfer_mode"] is None


def test_running_word_is_translated_while_the_suspend_finishes(sim: Simulator) -> None:
    sim.set_dialect({"suspend_result_words": {"Running": "Processing", "Succeeded": "Completed"}})
    client = sim.client()
    job = client.run(SUSPEND, {"copysession_id_list": [1]})
    assert job["progress_href_list"] == ["/api/v1/copysession/1"]
    assert client.session(1)["concurrent_suspend_result"] == "Processing"
    done = wait_for(lambda: client.session(1), lambda s: s["status"] == "Suspend", timeout=3)
    assert done["concurrent_suspend_result"] == "Completed"
