"""Scenarios for scale runs, generated instead of committed: N REC pairs on one array, or a fleet of array pairs.

A fleet is `arrays` primaries (fleet-001, ...), each replicating `sessions` REC pairs to a peer of its own
(fleet-001-dr, ...), every array on a free port; its inventory makes each primary a host of eternus_primary with its
address, its selection (rec_failover_match on its volume names) and its peer's Box ID, as playbooks/rec_failover.yml
takes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .paths import BULK_SCENARIO, STATE_ROOT
from .scenario import load_scenario, write_scenario
from .simulator import Simulator

GENERATED_ROOT = STATE_ROOT.parent / "scenarios"
# Box IDs are 40 characters: the simulator's prefix, a fleet mark, the array's number and side (P primary, R peer).
BOXID_PREFIX = "00ETERNUSDXM##ET503S20A####"
FLEET_GROUP = "eternus_primary"


def bulk_scenario(count: int) -> dict[str, Any]:
    """scenarios/bulk.yml with count pairs: ids 1..count on site-a, count+1..2*count on site-b."""
    scenario = load_scenario(BULK_SCENARIO)
    generate = scenario["generate"][0]
    generate.update(count=count, first_id_source=1, first_id_destination=count + 1)
    return scenario


def write_bulk_scenario(count: int, directory: Path = GENERATED_ROOT) -> Path:
    return write_scenario(bulk_scenario(count), directory / ("bulk-%d.yml" % count))


def fleet_boxid(index: int, side: str) -> str:
    boxid = "%sFLT%s%05d####" % (BOXID_PREFIX, side, index)
    assert len(boxid) == 40, boxid
    return boxid


def primary_name(index: int) -> str:
    return "fleet-%03d" % index


def fleet_scenario(arrays: int, sessions: int) -> dict[str, Any]:
    """arrays primaries, each with sessions Synchronous Equivalent REC pairs to its own peer (bulk.yml's timings)."""
    base = load_scenario(BULK_SCENARIO)
    scenario: dict[str, Any] = {"settings": base["settings"], "users": base["users"], "arrays": [], "generate": []}
    for index in range(1, arrays + 1):
        primary, peer = primary_name(index), primary_name(index) + "-dr"
        scenario["arrays"] += [{"name": primary, "boxid": fleet_boxid(index, "P"), "port": 0},
                               {"name": peer, "boxid": fleet_boxid(index, "R"), "port": 0}]
        scenario["generate"].append({
            "count": sessions, "name_prefix": "fleet%03d" % index, "source": primary, "destination": peer,
            "first_id_source": 1, "first_id_destination": sessions + 1,
            "transfer_mode": "Synchronous", "status": "Active", "phase": "Equivalent", "total_data_size": 1024})
    return scenario


def write_fleet_scenario(arrays: int, sessions: int, directory: Path = GENERATED_ROOT) -> Path:
    return write_scenario(fleet_scenario(arrays, sessions), directory / ("fleet-%d-%d.yml" % (arrays, sessions)))


def fleet_primaries(scenario: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each primary of a fleet scenario: its peer and the volume names of its pairs (a glob)."""
    return {item["source"]: {"peer": item["destination"], "match": {"source_volume_name": item["name_prefix"] + "_*"},
                             "sessions": int(item["count"])}
            for item in scenario["generate"]}


def fleet_inventory(sim: Simulator, scenario: dict[str, Any], path: Path) -> Path:
    """An inventory of the fleet's primaries at the simulator's real ports, written to path."""
    hosts = {
        name: {"eternus_host": sim.info["arrays"][name]["host"], "eternus_port": sim.port(name),
               "rec_failover_match": primary["match"], "rec_failover_peer_boxid": sim.info["arrays"][primary["peer"]]["boxid"]}
        for name, primary in fleet_primaries(scenario).items()
    }
    inventory = {"all": {"children": {FLEET_GROUP: {"hosts": hosts, "vars": {"ansible_connection": "local"}}}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))
    return path
