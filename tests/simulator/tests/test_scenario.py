from __future__ import annotations

from pathlib import Path

import pytest

from eternus_simulator.scenario import ScenarioError, build_scenario
from eternus_simulator.settings import Settings
from eternus_simulator.world import World

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
BOX_A, BOX_B = "A" * 40, "B" * 40


def test_bulk_scenario_has_1000_mirrored_pairs() -> None:
    world = World(SCENARIOS / "bulk.yml")
    site_a, site_b = world.arrays["site-a"], world.arrays["site-b"]
    assert sorted(site_a.sessions) == list(range(1, 1001))
    assert sorted(site_b.sessions) == list(range(1001, 2001))
    last = world.render("site-b", site_b.sessions[2000])
    assert last["remote_copysession_id"] == 1000 and last["source_volume_name"] == "bulk_1000"
    assert last["phase"] == "Equivalent" and last["is_local_source_volume"] is False


def test_generator_continues_after_existing_ids() -> None:
    data = {
        "users": [{"name": "root", "password": "x"}],
        "arrays": [
            {"name": "a", "boxid": BOX_A, "volumes": [{"number": 1, "name": "v"}]},
            {"name": "b", "boxid": BOX_B, "volumes": [{"number": 1, "name": "v"}]},
        ],
        "rec_pairs": [{"source": {"array": "a", "volume": 1, "id": 1}, "destination": {"array": "b", "volume": 1, "id": 7}}],
        "generate": [{"count": 3, "name_prefix": "g", "source": "a", "destination": "b", "transfer_mode": "Consistency"}],
    }
    arrays = build_scenario(data, 0.0).arrays
    assert sorted(arrays["a"].sessions) == [1, 2, 3, 4]
    assert sorted(arrays["b"].sessions) == [7, 8, 9, 10]
    assert arrays["a"].sessions[4].transfer_mode == "Consistency"
    assert arrays["a"].sessions[4].source.volume.name == "g_0003"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arrays": [{"name": "a", "boxid": "short"}]}, "40 characters"),
        ({"users": []}, "at least one user"),
        ({"rec_pairs": [{"source": {"array": "a", "volume": 9, "id": 1}, "destination": {"array": "b", "volume": 1, "id": 1}}]}, "unknown volume"),
        ({"settings": {"page_size": 0}}, "page_size"),
    ],
)
def test_bad_scenarios_are_rejected(change: dict, message: str) -> None:
    data = {
        "users": [{"name": "root", "password": "x"}],
        "arrays": [
            {"name": "a", "boxid": BOX_A, "volumes": [{"number": 1, "name": "v"}]},
            {"name": "b", "boxid": BOX_B, "volumes": [{"number": 1, "name": "v"}]},
        ],
        **change,
    }
    with pytest.raises(ScenarioError, match=message):
        build_scenario(data, 0.0)


def test_settings_reject_unknown_and_negative() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="unknown setting"):
        settings.update({"nope": 1})
    with pytest.raises(ValueError, match="non-negative"):
        settings.update({"latency": -1})
    settings.update({"page_size": 3, "latency": 0.5})
    assert (settings.page_size, settings.latency) == (3, 0.5)
