"""Where the repository, the collection under test, the scenarios and the tools are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
# The Makefile links the checkout here as ansible_collections/fujitsu/eternus.
COLLECTIONS = REPO_ROOT / "build" / "collections"
SIMULATOR_ROOT = REPO_ROOT / "tests" / "simulator"
DEFAULT_SCENARIO = SIMULATOR_ROOT / "scenarios" / "default.yml"
BULK_SCENARIO = SIMULATOR_ROOT / "scenarios" / "bulk.yml"
SIMULATOR_SCRIPT = REPO_ROOT / "tools" / "simulator.sh"
# Each test run's simulator keeps its certificates, log and connection.yml in a folder of its own here.
STATE_ROOT = REPO_ROOT / "build" / "simulators"
VENV_BIN = Path(sys.executable).parent


def oldest_core_bin() -> Path | None:
    """The bin folder of the oldest ansible-core the collection claims, for the tests that run a playbook on it too:
    ANSIBLE_OLDEST_CORE_BIN, which make test sets to the version matrix's oldest cell (and makes that cell first).
    None when it is not set: a test run by hand then skips those cases; under make test a missing folder fails them."""
    configured = os.environ.get("ANSIBLE_OLDEST_CORE_BIN")
    return Path(configured) if configured else None
