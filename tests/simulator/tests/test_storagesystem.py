"""GET /api/v1/storagesystem: the array's own identity (Box ID, name), in every dialect form."""

from __future__ import annotations

from pathlib import Path

import pytest

from eternus_simulator.scenario import ScenarioError, build_scenario
from eternus_simulator.world import World
from simulator_control import Simulator, TENANT_USER, http_session, load_scenario, write_scenario

ROUTE = "/api/v1/storagesystem"
FIELDS = {"storage_system_name", "status", "model_name", "serial_number", "wwn", "boxid", "firmware_version"}


def test_each_array_names_itself_with_its_own_boxid(sim: Simulator) -> None:
    seen = {}
    for array in ("site-a", "site-b", "site-c"):
        reply = sim.client(array).get(ROUTE)
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert set(answer) == FIELDS
        assert answer["boxid"] == sim.info["arrays"][array]["boxid"] and len(answer["boxid"]) == 40
        assert (answer["storage_system_name"], answer["status"]) == (array, "Normal")
        assert all(isinstance(answer[key], str) and answer[key] for key in FIELDS)
        seen[array] = answer
    # Serial numbers and WWNs differ from array to array (derived from the Box ID).
    assert len({a["serial_number"] for a in seen.values()}) == len({a["wwn"] for a in seen.values()}) == 3
    assert len(seen["site-a"]["wwn"]) == 16 and int(seen["site-a"]["wwn"], 16) > 0


def test_the_peer_boxid_of_a_session_is_the_peers_own_boxid(sim: Simulator) -> None:
    peer_boxid = sim.client("site-a").session(1)["remote_boxid"]
    assert sim.client("site-b").get(ROUTE).json()["boxid"] == peer_boxid
    assert sim.client("site-a").get(ROUTE).json()["boxid"] != peer_boxid


def test_fields_filter_and_unknown_fields(sim: Simulator) -> None:
    client = sim.client("site-b")
    assert client.get(ROUTE, params={"fields": "boxid,storage_system_name"}).json() == {
        "boxid": sim.info["arrays"]["site-b"]["boxid"], "storage_system_name": "site-b"}
    bad = client.get(ROUTE, params={"fields": "boxid,colour"})
    assert bad.status_code == 400 and "colour" in bad.json()["message"]


def test_it_needs_a_token_is_counted_and_tenants_may_read_it(sim: Simulator) -> None:
    anonymous = http_session(sim.ca_path).get(sim.url("site-a") + ROUTE, timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error_code"].isdigit()
    assert sim.client(user=TENANT_USER).get(ROUTE).status_code == 200
    assert sim.requests_to(ROUTE, method="GET") == 2


@pytest.mark.parametrize(("form", "status", "boxid"), [
    ("no_boxid", 200, "absent"),
    ("boxid_unknown", 200, "absent"),
    ("empty_boxid", 200, ""),
    ("null_boxid", 200, None),
    ("absent", 404, "absent"),
    ("forbidden", 403, "absent"),
])
def test_dialect_forms(sim: Simulator, form: str, status: int, boxid: object) -> None:
    sim.set_dialect({"arrays": {"site-a": {"storagesystem": form}}})
    reply = sim.client("site-a").get(ROUTE)
    assert reply.status_code == status, reply.text
    answer = reply.json()
    if status != 200:
        assert set(answer) == {"error_code", "message", "internal_code"}
    else:
        assert answer["storage_system_name"] == "site-a"
        assert answer.get("boxid", "absent") == boxid
    # Only site-a speaks it.
    assert sim.client("site-b").get(ROUTE).json()["boxid"] == sim.info["arrays"]["site-b"]["boxid"]
    assert sim.requests_to(ROUTE, method="GET") == 1


def test_a_boxid_left_out_stays_out_when_asked_for_or_is_refused_where_unknown(sim: Simulator) -> None:
    client = sim.client("site-a")
    sim.set_dialect({"storagesystem": "no_boxid"})
    assert client.get(ROUTE, params={"fields": "boxid,storage_system_name"}).json() == {"storage_system_name": "site-a"}
    sim.set_dialect({"storagesystem": "boxid_unknown"})
    refused = client.get(ROUTE, params={"fields": "boxid,storage_system_name"})
    assert refused.status_code == 400 and "boxid" in refused.json()["message"]
    assert client.get(ROUTE, params={"fields": "storage_system_name"}).json() == {"storage_system_name": "site-a"}


def test_faults_apply_to_the_route(sim: Simulator) -> None:
    sim.add_fault("missing_field", method="GET", path=ROUTE, field="boxid")
    client = sim.client("site-a")
    assert "boxid" not in client.get(ROUTE).json()
    assert "boxid" in client.get(ROUTE).json()


def test_scenario_identity_keys(tmp_path: Path) -> None:
    data = load_scenario()
    data["arrays"][0].update({"storage_system_name": "DX-HOME", "model_name": "ETERNUS AF650 S3",
                              "serial_number": "4601234567", "wwn": "500000E0D0123456", "firmware_version": "V11L71-0000"})
    world = World(write_scenario(data, tmp_path / "identity.yml"))
    assert world.storage_system("site-a") == {
        "storage_system_name": "DX-HOME", "status": "Normal", "model_name": "ETERNUS AF650 S3",
        "serial_number": "4601234567", "wwn": "500000E0D0123456", "boxid": data["arrays"][0]["boxid"],
        "firmware_version": "V11L71-0000"}
    assert world.storage_system("site-b")["storage_system_name"] == "site-b"
    data["arrays"][1]["model_name"] = ""
    with pytest.raises(ScenarioError, match="model_name"):
        build_scenario(data, 0.0)
