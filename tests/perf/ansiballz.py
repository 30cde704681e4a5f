# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AnsiballZ payload Ansible sends for a module run, built by ansible's own module_common, to run it as Ansible does.

The payload is one Python file: the module, every module_utils file it imports statically (the collection's and
ansible's) zipped and base64-encoded, and the arguments. Running it with the controller's Python is what the
local connection does for each task, without ansible-playbook around it.

Usage: python ansiballz.py MODULE ARGS_JSON OUT   (MODULE: fujitsu.eternus.rec_session_suspend; ARGS_JSON: the module's
arguments as a JSON file). Built in a process of its own: ansible reads its configuration from the environment at import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PERF_DIR = Path(__file__).resolve().parent
REPO_ROOT = PERF_DIR.parents[1]
COLLECTIONS = REPO_ROOT / "build" / "collections"


def module_args(args: dict[str, Any], work_dir: Path) -> dict[str, Any]:
    """args plus the internal ones Ansible adds that decide where a module writes: under work_dir, not in $HOME."""
    return {**args, "_ansible_tmpdir": str(work_dir / "module-tmp"), "_ansible_remote_tmp": str(work_dir / "remote-tmp"),
            "_ansible_keep_remote_files": False}


def build_environment(work_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_") and key != "PYTHONPATH"}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_LOCAL_TEMP=str(work_dir / "tmp"),
               ANSIBLE_HOME=str(work_dir / "ansible-home"), ANSIBLE_NOCOLOR="1")
    return env


def build_payload(module: str, args: dict[str, Any], out: Path, work_dir: Path) -> Path:
    """out: the payload of module with args (as given: module_args adds the internal ones)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / "module-tmp").mkdir(exist_ok=True)
    args_path = work_dir / (out.name + ".args.json")
    args_path.write_text(json.dumps(args))
    done = subprocess.run([sys.executable, __file__, module, str(args_path), str(out)], capture_output=True, text=True,
                          env=build_environment(work_dir), check=False)
    if done.returncode != 0:
        raise RuntimeError("building the AnsiballZ payload of %s failed:\n%s%s" % (module, done.stdout, done.stderr))
    return out


def main() -> None:
    # pylint: disable=import-outside-toplevel
    from ansible.executor.module_common import modify_module
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import init_plugin_loader, module_loader
    from ansible.template import Templar

    module, args_path, out = sys.argv[1:4]
    init_plugin_loader([str(COLLECTIONS)])
    found = module_loader.find_plugin_with_context(module)
    if not found.resolved:
        sys.exit("module %s not found in %s" % (module, COLLECTIONS))
    built = modify_module(module_name=module, module_path=found.plugin_resolved_path, module_args=json.loads(Path(args_path).read_text()),
                          templar=Templar(loader=DataLoader()), remote_is_local=True,
                          task_vars={"ansible_python_interpreter": sys.executable, "ansible_playbook_python": sys.executable})
    Path(out).write_bytes(built.b_module_data)


if __name__ == "__main__":
    main()
