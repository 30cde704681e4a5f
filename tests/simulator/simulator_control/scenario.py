"""The logins of the scenarios, and scenario files written for one test run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .paths import DEFAULT_SCENARIO

# The users of scenarios/default.yml: an administrator and a user of tenant 1.
ROOT_USER = ("root", "Eternus-root-1")
TENANT_USER = ("t1user", "Eternus-t1-1")


def load_scenario(path: Path = DEFAULT_SCENARIO) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def write_scenario(data: dict[str, Any], path: Path) -> Path:
    """data as YAML at path, replaced in one step: a simulator of another run may be reloading the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name("%s.%d.tmp" % (path.name, os.getpid()))
    partial.write_text(yaml.safe_dump(data, sort_keys=False))
    os.replace(partial, path)
    return path


def admin_user(scenario: dict[str, Any]) -> dict[str, Any]:
    """The first user outside any tenant: the login playbooks and modules are given."""
    return next(user for user in scenario["users"] if not user.get("tenant"))


def tenant_user(scenario: dict[str, Any]) -> dict[str, Any] | None:
    return next((user for user in scenario["users"] if user.get("tenant")), None)
