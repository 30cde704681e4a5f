"""Test-side control of the ETERNUS simulator, shared by the simulator's own tests and the system, perf, awx and
playbook tests: start and stop it, call its admin API, build connection variables and inventories, run a module
or ansible-playbook against it."""

from .ansible_runs import clean_environment, parse_module_output, playbook_command, playbook_environment, run_playbook
from .collection_playbooks import run_collection_playbook
from .connection_vars import connection_vars
from .dialects import DIALECTS_DIR, apply_dialect, dialect_names, load_dialect, with_dialect, write_scenario_with_dialect
from .inventory import ports_inventory
from .paths import BULK_SCENARIO, COLLECTIONS, DEFAULT_SCENARIO, REPO_ROOT, SIMULATOR_ROOT, SIMULATOR_SCRIPT, VENV_BIN, oldest_core_bin
from .process import port_offset, running_simulator, start_simulator, state_dir, stop_simulator
from .recap import changed_counts
from .rest_client import Client, http_session, wait_for
from .scale import (FLEET_GROUP, GENERATED_ROOT, bulk_scenario, fleet_inventory, fleet_primaries, fleet_scenario, write_bulk_scenario,
                    write_fleet_scenario)
from .scenario import ROOT_USER, TENANT_USER, admin_user, load_scenario, write_scenario
from .simulator import Simulator

__all__ = [
    "BULK_SCENARIO", "COLLECTIONS", "Client", "DEFAULT_SCENARIO", "DIALECTS_DIR", "FLEET_GROUP", "GENERATED_ROOT", "apply_dialect",
    "bulk_scenario", "dialect_names", "fleet_inventory", "fleet_primaries", "fleet_scenario", "write_bulk_scenario", "write_fleet_scenario",
    "load_dialect", "oldest_core_bin", "with_dialect", "write_scenario_with_dialect", "REPO_ROOT", "ROOT_USER", "SIMULATOR_ROOT", "SIMULATOR_SCRIPT",
    "Simulator", "TENANT_USER", "VENV_BIN", "admin_user", "changed_counts", "clean_environment", "connection_vars",
    "http_session", "load_scenario", "parse_module_output", "playbook_command", "playbook_environment", "port_offset", "ports_inventory",
    "run_collection_playbook", "run_playbook", "running_simulator", "start_simulator", "state_dir", "stop_simulator", "wait_for", "write_scenario",
]
