"""Setting a dialect: the admin API, scenario files, presets and the simulator_control helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from eternus_simulator.dialect import KEYS, Dialect
from eternus_simulator.errors import ApiError
from eternus_simulator.scenario import ScenarioError, build_scenario
from eternus_simulator.world import World
from simulator_control import (DEFAULT_SCENARIO, Simulator, apply_dialect, dialect_names, http_session, load_dialect,
                               load_scenario, with_dialect, write_scenario, write_scenario_with_dialect)

DEFAULT = Dialect().as_dict()


def test_default_dialect_is_reported_for_every_key(sim: Simulator) -> None:
    assert sim.dialect("site-c") == {"applied": {}, "effective": DEFAULT}
    assert set(DEFAULT) == set(KEYS)


def test_put_applies_to_every_array_with_per_array_keys(sim: Simulator) -> None:
    answer = sim.set_dialect({"next_href": "absolute", "arrays": {"site-b": {"status_case": "lower"}}})
    assert answer["applied"] == {"next_href": "absolute", "arrays": {"site-b": {"status_case": "lower"}}}
    assert sim.dialect("site-a")["effective"] == {**DEFAULT, "next_href": "absolute"}
    assert sim.dialect("site-b")["effective"] == {**DEFAULT, "next_href": "absolute", "status_case": "lower"}
    assert sim.client("site-b").session(101)["status"] == "active"
    assert sim.client("site-a").session(1)["status"] == "Active"


def test_put_replaces_and_delete_or_reset_restore_the_default(sim: Simulator) -> None:
    sim.set_dialect({"status_case": "upper"})
    assert sim.set_dialect({"phase_case": "upper"})["applied"] == {"phase_case": "upper"}
    assert sim.admin("site-a", "DELETE", "/dialect") == {"applied": {}, "effective": DEFAULT}
    sim.set_dialect({"status_case": "upper"})
    sim.reset()
    assert sim.dialect()["effective"] == DEFAULT


@pytest.mark.parametrize(("body", "named"), [
    ({"nonsense": 1}, ["'nonsense'"]),
    ({"status_case": "title", "remain_time": "hidden"}, ["status_case", "'title'", "remain_time", "'hidden'"]),
    ({"status_words": {"Suspendu": "x"}}, ["Suspendu"]),
    ({"status_words": {"Suspend": ""}}, ["status_words.Suspend"]),
    ({"storagesystem": "partial", "tracking_data_size_view": "both"}, ["storagesystem", "'partial'", "tracking_data_size_view", "'both'"]),
    ({"id_list_cap": 0}, ["id_list_cap"]),
    ({"id_list_cap_status": 404}, ["id_list_cap_status", "404"]),
    ({"arrays": {"site-z": {}}}, ["site-z"]),
    ({"arrays": {"site-b": {"next_href": "sideways"}}}, ["arrays.site-b", "sideways"]),
    ([1], ["mapping"]),
])
def test_bad_dialects_are_400_naming_them(sim: Simulator, body: object, named: list[str]) -> None:
    reply = http_session(sim.ca_path).put(sim.url("site-a") + "/admin/dialect", json=body)
    assert reply.status_code == 400
    for word in named:
        assert word in reply.json()["message"]
    assert sim.dialect()["applied"] == {}


def test_scenario_dialect_globally_and_per_array(tmp_path: Path) -> None:
    data = load_scenario()
    data["dialect"] = {"status_case": "lower", "arrays": {"site-c": {"status_case": "upper"}}}
    data["arrays"][1]["dialect"] = {"phase_case": "lower"}
    world = World(write_scenario(data, tmp_path / "scenario.yml"))
    assert world.show("site-a", world.arrays["site-a"].sessions[1])["status"] == "active"
    assert world.show("site-b", world.arrays["site-b"].sessions[101])["phase"] == "equivalent"
    assert world.show("site-c", world.arrays["site-c"].sessions[1])["status"] == "ACTIVE"
    # The admin's view keeps the simulator's own words.
    assert world.render("site-a", world.arrays["site-a"].sessions[1])["status"] == "Active"


def test_bad_scenario_dialect_is_refused() -> None:
    data = load_scenario()
    data["dialect"] = {"next_href": "sideways"}
    with pytest.raises(ScenarioError, match="sideways"):
        build_scenario(data, 0.0)
    data = load_scenario()
    data["arrays"][0]["dialect"] = {"nope": 1}
    with pytest.raises(ScenarioError, match="nope"):
        build_scenario(data, 0.0)


@pytest.mark.parametrize("name", ["default", "words", "lowercase", "sparse", "nulls", "strict", "everything"])
def test_every_preset_loads_on_top_of_the_scenario_and_survives_reset(name: str) -> None:
    world = World(DEFAULT_SCENARIO, dialect=name)
    assert world.dialects.as_dict("site-a")["applied"] == load_dialect(name)
    world.dialects.set(({}, {}))
    world.load()
    assert world.dialects.as_dict("site-a")["applied"] == load_dialect(name)


def test_everything_preset_moves_every_key_off_its_default() -> None:
    effective = World(DEFAULT_SCENARIO, dialect="everything").dialect("site-a").as_dict()
    assert [key for key in KEYS if effective[key] == DEFAULT[key]] == []
    assert {"default", "words", "sparse", "strict", "everything"} <= set(dialect_names())


@pytest.mark.parametrize(("name", "boxid", "tracking"), [
    ("default", "site-a's", 0), ("sparse", "absent", "absent"), ("nulls", None, None), ("everything", 404, 128)])
def test_presets_identity_and_tracking_forms(name: str, boxid: object, tracking: object) -> None:
    world = World(DEFAULT_SCENARIO, dialect=name)
    try:
        answer = world.storage_system("site-a").get("boxid", "absent")
    except ApiError as exc:
        answer = exc.status
    assert answer == (world.arrays["site-a"].boxid if boxid == "site-a's" else boxid)
    # site-b holds the destination of 12 <-> 112: nothing recorded on it (default); everything: the sum, 128 + 0
    assert world.show("site-b", world.arrays["site-b"].sessions[112]).get("tracking_data_size", "absent") == tracking


def test_presets_joined_by_a_plus_are_applied_on_top_of_each_other() -> None:
    world = World(DEFAULT_SCENARIO, dialect="strict+words")
    assert world.dialects.as_dict("site-a")["applied"] == {**load_dialect("strict"), **load_dialect("words")}
    # the later preset's keys win
    assert World(DEFAULT_SCENARIO, dialect="words+everything").dialect("site-a").as_dict() == \
        World(DEFAULT_SCENARIO, dialect="everything").dialect("site-a").as_dict()
    with pytest.raises(ValueError, match="klingon"):
        World(DEFAULT_SCENARIO, dialect="strict+klingon")


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="presets: default"):
        World(DEFAULT_SCENARIO, dialect="klingon")


def test_helpers_apply_a_preset_and_merge_one_into_a_scenario(sim: Simulator) -> None:
    assert apply_dialect(sim, "strict")["applied"] == load_dialect("strict")
    assert sim.dialect("site-f")["effective"]["id_list_cap"] == 512
    merged = with_dialect({"dialect": {"status_case": "upper", "arrays": {"site-a": {"a": 1}}}},
                          {"remain_time": "absent", "arrays": {"site-a": {"b": 2}}})
    assert merged["dialect"] == {"status_case": "upper", "remain_time": "absent", "arrays": {"site-a": {"a": 1, "b": 2}}}


def test_a_scenario_written_with_a_preset_speaks_it(tmp_path: Path) -> None:
    world = World(write_scenario_with_dialect("words", tmp_path / "words.yml"))
    assert world.show("site-a", world.arrays["site-a"].sessions[12])["status"] == "Suspended"
