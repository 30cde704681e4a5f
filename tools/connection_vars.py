"""Print the simulator's login and CA as Ansible variables (YAML) for playbooks run against it.

Usage: connection_vars.py STATE_DIR SCENARIO [--with-arrays]
Without --with-arrays only credentials and the CA are printed, so that per-host
eternus_host / eternus_port from an inventory are not overridden by extra vars.
"""

import json
import os
import sys

import yaml


def connection_vars(state_dir: str, scenario_path: str, with_arrays: bool) -> dict:
    with open(os.path.join(state_dir, "simulator.json"), encoding="utf-8") as handle:
        running = json.load(handle)
    with open(scenario_path, encoding="utf-8") as handle:
        scenario = yaml.safe_load(handle)
    admin = next(u for u in scenario["users"] if not u.get("tenant"))
    tenant = next((u for u in scenario["users"] if u.get("tenant")), None)
    data = {
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


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    print(yaml.safe_dump(connection_vars(args[0], args[1], "--with-arrays" in sys.argv), sort_keys=True), end="")


if __name__ == "__main__":
    main()
