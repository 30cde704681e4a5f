"""The collection's own playbooks (playbooks/) run on the arrays of playbooks/inventory/simulator.yml."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterable

from .ansible_runs import run_playbook
from .inventory import ports_inventory
from .paths import REPO_ROOT
from .simulator import Simulator

SIMULATOR_INVENTORY = REPO_ROOT / "playbooks" / "inventory" / "simulator.yml"


def run_collection_playbook(sim: Simulator, playbook: str, work_dir: Path, options: Iterable[str] = (),
                            host_vars: dict[str, dict[str, Any]] | None = None) -> subprocess.CompletedProcess[str]:
    """playbooks/<playbook> at the simulator's real ports (plus host_vars), logged in with its connection.yml."""
    inventory = ports_inventory(sim, work_dir / "ports.yml", host_vars)
    return run_playbook(REPO_ROOT / "playbooks" / playbook, work_dir, inventories=(SIMULATOR_INVENTORY, inventory),
                        options=("-e", "@%s" % (sim.state_dir / "connection.yml"), *options))
