# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/awx_credential_type.yml sends the shipped credential type to awx.awx.credential_type unchanged.

awx.awx is not installed here, so a stand-in module of that name records the arguments it gets. The point is
that the injector templates such as "{{ password }}" reach AWX as written, not rendered by Ansible.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]

RECORDING_MODULE = '''#!/usr/bin/python
import json
from ansible.module_utils.basic import AnsibleModule
module = AnsibleModule(argument_spec=dict(name=dict(), description=dict(), kind=dict(), inputs=dict(type="dict"),
                                          injectors=dict(type="dict"), state=dict()))
with open(%r, "w") as handle:
    json.dump(module.params, handle)
module.exit_json(changed=True)
'''


def test_the_playbook_registers_the_shipped_credential_type_as_written(tmp_path):
    recorded = tmp_path / "recorded.json"
    module = tmp_path / "ansible_collections" / "awx" / "awx" / "plugins" / "modules" / "credential_type.py"
    module.parent.mkdir(parents=True)
    module.write_text(RECORDING_MODULE % str(recorded))
    (tmp_path / "ansible_collections" / "awx" / "awx" / "galaxy.yml").write_text(
        "namespace: awx\nname: awx\nversion: 0.0.1\nreadme: README.md\nauthors: [test]\n")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path), ANSIBLE_NOCOLOR="1")
    run = subprocess.run([str(pathlib.Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,",
                          "-e", "ansible_python_interpreter=%s" % sys.executable,
                          str(ROOT / "playbooks" / "awx_credential_type.yml")],
                         env=env, capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    shipped = yaml.safe_load((ROOT / "extensions" / "awx" / "credential_type_eternus.yml").read_text())
    sent = json.loads(recorded.read_text())
    assert sent == {"name": shipped["name"], "description": shipped["description"], "kind": shipped["kind"],
                    "inputs": shipped["inputs"], "injectors": shipped["injectors"], "state": "present"}
    assert sent["injectors"]["env"]["ETERNUS_PASSWORD"] == "{{ password }}"
