"""Changes recorded per side of a REC pair (tests/simulator/README.md, Effects): each array shows its own volume's
in tracking_data_size; writes through POST /admin/copysession/{id}/write; a resume copies both sides' changes and
discards the destination's; a reverse swaps the trackers with the direction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eternus_simulator.scenario import ScenarioError, build_scenario
from eternus_simulator.world import World
from simulator_control import Simulator, http_session, load_scenario, wait_for, write_scenario

# Scenario: site-a 12 <-> site-b 112 (db_data03), Suspend, 128 recorded on the source (site-a, the home array).
HOME, DR = "site-a", "site-b"


def write(sim: Simulator, array: str, session_id: int, side: Any, amount: Any) -> Any:
    return http_session(sim.ca_path).post(sim.url(array) + f"/admin/copysession/{session_id}/write",
                                          json={"side": side, "amount": amount}, timeout=10)


def trackers(sim: Simulator, array: str, session_id: int) -> tuple[int, int, int | None]:
    admin = sim.sessions(array)[session_id]
    return admin["source_tracking_data_size"], admin["destination_tracking_data_size"], admin["last_resume_discarded"]


def shown(sim: Simulator, array: str, session_id: int) -> Any:
    return sim.client(array).session(session_id).get("tracking_data_size", "absent")


def test_default_scenario_records_128_on_the_source_side_only(sim: Simulator) -> None:
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (128, 0)
    assert trackers(sim, HOME, 12) == trackers(sim, DR, 112) == (128, 0, None)
    admin = sim.sessions(DR)[112]
    # The admin view shows the local value too, next to both sides.
    assert admin["tracking_data_size"] == 0 and admin["is_local_source_volume"] is False
    # Sessions that were never split record nothing; a local session keeps its own value.
    assert (shown(sim, HOME, 1), shown(sim, DR, 101), shown(sim, HOME, 20)) == (0, 0, 64)


@pytest.mark.parametrize(("view", "home", "dr"), [
    ("local", 128, 32),
    ("sum", 160, 160),
    ("missing", "absent", "absent"),
    ("null", None, None),
])
def test_tracking_data_size_views(sim: Simulator, view: str, home: Any, dr: Any) -> None:
    assert write(sim, DR, 112, "local", 32).status_code == 200
    sim.set_dialect({"tracking_data_size_view": view})
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (home, dr)
    listed = sim.client(DR).get("/api/v1/copysession", params={"fields": "tracking_data_size", "copysession_id": "112"})
    assert listed.json()["copysession_list"][0].get("tracking_data_size", "absent") == dr
    # The admin API keeps the simulator's own view whatever the dialect.
    assert trackers(sim, DR, 112) == (128, 32, None)
    assert sim.sessions(DR)[112]["tracking_data_size"] == 32


def test_writes_on_a_suspended_pair_add_to_their_side(sim: Simulator) -> None:
    answer = write(sim, DR, 112, "destination", 10)
    assert answer.status_code == 200 and answer.json()["destination_tracking_data_size"] == 10
    assert write(sim, DR, 112, "local", 5).json()["destination_tracking_data_size"] == 15
    assert write(sim, HOME, 12, "local", 7).json()["source_tracking_data_size"] == 135
    assert write(sim, DR, 112, "source", 1).json()["source_tracking_data_size"] == 136
    assert trackers(sim, HOME, 12) == (136, 15, None)
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (136, 15)
    # The status and the figures of the copy stay as they were.
    assert sim.sessions(HOME)[12]["status"] == "Suspend" and sim.sessions(HOME)[12]["uncopied_data_size"] == 0


def test_writes_on_an_active_pair(sim: Simulator) -> None:
    # Writes on the source are copied: nothing is recorded.
    assert write(sim, HOME, 1, "source", 50).status_code == 200
    assert write(sim, DR, 101, "source", 50).status_code == 200
    assert trackers(sim, HOME, 1) == (0, 0, None)
    # The destination is not writable while the pair copies (Copying, Reserved too).
    for array, session_id, side in ((HOME, 1, "destination"), (DR, 101, "local"), (HOME, 7, "destination"), (DR, 110, "local")):
        refused = write(sim, array, session_id, side, 50)
        assert refused.status_code == 409, (array, session_id)
        assert "not writable" in refused.json()["message"]
    assert trackers(sim, HOME, 1) == trackers(sim, HOME, 7) == (0, 0, None)


def test_writes_on_halted_and_error_pairs_are_recorded_per_side(sim: Simulator) -> None:
    for session_id in (8, 9):
        assert write(sim, HOME, session_id, "local", 3).status_code == 200
        assert write(sim, DR, session_id + 100, "local", 4).status_code == 200
        assert trackers(sim, HOME, session_id) == (3, 4, None)


def test_a_suspend_then_writes_on_both_arrays(sim: Simulator) -> None:
    sim.client(HOME).run("/api/v1/copysession/1/suspend", {"force": True})
    assert sim.write(DR, 101, "local", 20)["destination_tracking_data_size"] == 20
    assert sim.write(HOME, 1, "local", 30)["source_tracking_data_size"] == 30
    assert (shown(sim, HOME, 1), shown(sim, DR, 101)) == (30, 20)


@pytest.mark.parametrize(("body", "status", "named"), [
    ({"side": "left", "amount": 1}, 400, "'left'"),
    ({"side": "source", "amount": 0}, 400, "amount"),
    ({"side": "source", "amount": -5}, 400, "-5"),
    ({"side": "source", "amount": "5"}, 400, "'5'"),
    ({"side": "source", "amount": True}, 400, "True"),
    ({"side": "source"}, 400, "None"),
    ({"side": "source", "amount": 1, "volume": 3}, 400, "volume"),
    ([1], 400, "JSON object"),
])
def test_bad_writes_are_400_naming_the_value_and_change_nothing(sim: Simulator, body: Any, status: int, named: str) -> None:
    reply = http_session(sim.ca_path).post(sim.url(HOME) + "/admin/copysession/12/write", json=body, timeout=10)
    assert reply.status_code == status and named in reply.json()["message"], reply.text
    assert trackers(sim, HOME, 12) == (128, 0, None)


def test_writes_to_unknown_or_local_sessions(sim: Simulator) -> None:
    assert write(sim, HOME, 99, "source", 1).status_code == 404
    local = write(sim, HOME, 20, "source", 1)
    assert local.status_code == 409 and "QuickOPC" in local.json()["message"]
    assert shown(sim, HOME, 20) == 64


def test_resume_copies_both_sides_and_discards_the_destinations_changes(sim: Simulator) -> None:
    sim.settings(resume_copy_seconds=60)
    write(sim, DR, 112, "local", 32)
    assert sim.client(HOME).run("/api/v1/copysession/12/resume")["status"] == "Success"
    copying = sim.sessions(HOME)[12]
    # 128 source changes to copy, and the 32 blocks changed on the destination to copy back over.
    assert 155 <= copying["uncopied_data_size"] <= 160 and copying["phase"] == "Copying"
    assert trackers(sim, HOME, 12) == trackers(sim, DR, 112) == (0, 0, 32)
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (0, 0)


def test_a_resume_without_destination_changes_discards_nothing(sim: Simulator) -> None:
    assert sim.client(DR).run("/api/v1/copysession/112/resume")["status"] == "Success"
    assert trackers(sim, HOME, 12) == (0, 0, 0)


def test_a_refused_resume_changes_no_tracker(sim: Simulator) -> None:
    write(sim, DR, 108, "local", 9)
    assert sim.client(HOME).run("/api/v1/copysession/8/resume")["status"] == "Error"
    assert trackers(sim, HOME, 8) == (0, 9, None)


def test_reverse_swaps_the_trackers_with_the_direction(sim: Simulator) -> None:
    write(sim, DR, 112, "local", 32)
    assert sim.client(DR).run("/api/v1/copysession/112/reverse")["status"] == "Success"
    # Each array still shows its own volume's changes; the source side is now the DR array's volume.
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (128, 32)
    assert trackers(sim, HOME, 12) == (32, 128, None)
    sim.set_dialect({"tracking_data_size_view": "sum"})
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (160, 160)
    # A resume now copies the DR volume over the home volume: the home array's 128 are discarded.
    sim.settings(resume_copy_seconds=60)
    assert sim.client(DR).run("/api/v1/copysession/112/resume")["status"] == "Success"
    assert trackers(sim, DR, 112) == (0, 0, 128)
    assert 155 <= sim.sessions(DR)[112]["uncopied_data_size"] <= 160


def test_state_patch_sets_either_side(sim: Simulator) -> None:
    patched = sim.admin(DR, "POST", "/copysession/112/state", {"destination_tracking_data_size": 77, "tracking_data_size": 5})
    assert (patched["source_tracking_data_size"], patched["destination_tracking_data_size"], patched["tracking_data_size"]) == (5, 77, 77)
    assert (shown(sim, HOME, 12), shown(sim, DR, 112)) == (5, 77)
    for bad in ({"destination_tracking_data_size": -1}, {"destination_tracking_data_size": "7"}, {"tracking_data_size": -3}):
        reply = http_session(sim.ca_path).post(sim.url(HOME) + "/admin/copysession/12/state", json=bad, timeout=10)
        assert reply.status_code == 400 and next(iter(bad)) in reply.json()["message"]
    assert trackers(sim, HOME, 12) == (5, 77, None)


def test_reset_restores_the_trackers(sim: Simulator) -> None:
    write(sim, DR, 112, "local", 32)
    sim.client(HOME).run("/api/v1/copysession/12/resume")
    sim.reset()
    assert trackers(sim, HOME, 12) == (128, 0, None)


def test_scenario_key_destination_tracking_data_size(tmp_path: Path) -> None:
    data = load_scenario()
    pair = next(p for p in data["rec_pairs"] if p["source"]["id"] == 12 and p["source"]["array"] == HOME)
    pair["destination_tracking_data_size"] = 48
    world = World(write_scenario(data, tmp_path / "sides.yml"))
    home, dr = world.arrays[HOME].sessions[12], world.arrays[DR].sessions[112]
    assert home is dr
    assert (world.show(HOME, home)["tracking_data_size"], world.show(DR, dr)["tracking_data_size"]) == (128, 48)
    assert world.render(HOME, home)["destination_tracking_data_size"] == 48
    pair["destination_tracking_data_size"] = -1
    with pytest.raises(ScenarioError, match="destination_tracking_data_size"):
        build_scenario(data, 0.0)


def test_copying_after_a_resume_ends_with_nothing_recorded(sim: Simulator) -> None:
    write(sim, DR, 112, "local", 32)
    client = sim.client(HOME)
    client.run("/api/v1/copysession/12/resume")
    done = wait_for(lambda: client.session(12), lambda s: s["phase"] == "Equivalent", timeout=3)
    assert (done["uncopied_data_size"], done["tracking_data_size"]) == (0, 0)
    assert trackers(sim, DR, 112) == (0, 0, 32)
