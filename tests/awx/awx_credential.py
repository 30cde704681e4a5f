# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The environment AWX injects into a job from a credential of the shipped type (extensions/awx/credential_type_eternus.yml)."""

from __future__ import annotations

import jinja2
import yaml

from simulator_control import REPO_ROOT


def credential_environment(simulator, array: str) -> dict[str, str]:
    """The credential type's injectors rendered with a credential's inputs for ``array`` of the simulator, as AWX does."""
    credential_type = yaml.safe_load((REPO_ROOT / "extensions" / "awx" / "credential_type_eternus.yml").read_text())
    address = simulator.info["arrays"][array]
    login = simulator.connection_vars()
    inputs = {"host": address["host"], "port": str(address["port"]), "username": login["eternus_username"],
              "password": login["eternus_password"], "validate_certs": True, "ca_path": simulator.ca_path}
    renderer = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return {name: renderer.from_string(template).render(**inputs) for name, template in credential_type["injectors"]["env"].items()}
