"""The simulator's login and CA as Ansible variables (YAML), for playbooks and ansible-test runs against it.

Usage: python -m simulator_control.connection_vars STATE_DIR SCENARIO [--with-arrays]
Without --with-arrays only credentials and the CA are printed, so that per-host
eternus_host / eternus_port from an inventory are not overridden by extra vars.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .scenario import admin_user, load_scenario, tenant_user


def connection_vars(state_dir: Path, scenario_path: Path, with_arrays: bool = False) -> dict[str, Any]:
    running = json.loads((Path(state_dir) / "simulator.json").read_text())
    scenario = load_scenario(Path(scenario_path))
    admin = admin_user(scenario)
    tenant = tenant_user(scenario)
    data: dict[str, Any] = {
        "eternus_username": admin["name"],
        "eternus_password": admin["password"],
        "eternus_ca_path": os.path.abspath(running["ca_path"]),
        "eternus_validate_certs": True,
    }
    if tenant:
        data["eternus_tenant_username"] = tenant["name"]
        data["eternus_tenant_password"] = tenant["password"]
    if with_arrays:
        arrays = {name: dict(info, admin_url=info["url"] + "/admin") for name, info in running["arrays"].items()}
        first = arrays["site-a"] if "site-a" in arrays else next(iter(arrays.values()))
        data.update(eternus_host=first["host"], eternus_port=first["port"], eternus_sim_arrays=arrays,
                    eternus_sim_admin_url=first["admin_url"])
    return data


def write_connection_vars(state_dir: Path, scenario_path: Path) -> Path:
    """STATE_DIR/connection.yml, the file playbooks take with -e @."""
    path = Path(state_dir) / "connection.yml"
    path.write_text(yaml.safe_dump(connection_vars(state_dir, scenario_path), sort_keys=True))
    return path


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    print(yaml.safe_dump(connection_vars(Path(args[0]), Path(args[1]), "--with-arrays" in sys.argv), sort_keys=True), end="")


if __name__ == "__main__":
    main()
