"""Inventories of the simulator's arrays for the collection's playbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .simulator import Simulator


def ports_inventory(sim: Simulator, path: Path, host_vars: dict[str, dict[str, Any]] | None = None) -> Path:
    """An inventory of eternus_arrays with each array's real port (and host_vars), written to path.

    Given after playbooks/inventory/simulator.yml it overrides that file's default ports: a later source wins.
    """
    hosts = {name: {"eternus_port": info["port"], **(host_vars or {}).get(name, {})} for name, info in sim.info["arrays"].items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"eternus_arrays": {"hosts": hosts}}, sort_keys=False))
    return path
