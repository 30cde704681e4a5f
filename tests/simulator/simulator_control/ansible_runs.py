"""Running the collection as Ansible does: a module directly (as on the controller) and ansible-playbook."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable

from .paths import COLLECTIONS, VENV_BIN

# Variables of the caller's environment that would change where a module connects or what it trusts.
ENVIRONMENT_OVERRIDES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
MODULE_PACKAGE = "ansible_collections.fujitsu.eternus.plugins.modules."


def clean_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without connection defaults (ETERNUS_*) or TLS and proxy overrides, plus extra."""
    env = {k: v for k, v in os.environ.items()
           if k not in ENVIRONMENT_OVERRIDES and not k.startswith("ETERNUS_") and k != "PYTHONPATH"}
    env.update(extra or {})
    return env


def module_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return clean_environment({"PYTHONPATH": str(COLLECTIONS), **(extra or {})})


def module_command(module: str, args: dict[str, Any], work_dir: Path, *, check_mode: bool = False) -> list[str]:
    """The command that runs a module with args, which it reads from a file in work_dir as Ansible hands them over."""
    full = dict(args)
    if check_mode:
        full["_ansible_check_mode"] = True
    work_dir.mkdir(parents=True, exist_ok=True)
    args_path = work_dir / ("%s-%s.json" % (module, secrets.token_hex(4)))
    args_path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": full}))
    return [sys.executable, "-m", MODULE_PACKAGE + module, str(args_path)]


def parse_module_output(stdout: str, stderr: str) -> dict[str, Any]:
    try:
        result = json.loads(stdout)
    except ValueError:
        raise AssertionError("the module printed no JSON result:\nstdout: %s\nstderr: %s" % (stdout, stderr)) from None
    result["_stderr"] = stderr
    return result


def start_module(module: str, args: dict[str, Any], work_dir: Path, *, env: dict[str, str] | None = None,
                 check_mode: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(module_command(module, args, work_dir, check_mode=check_mode), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=module_environment(env))


def run_module(module: str, args: dict[str, Any], work_dir: Path, *, env: dict[str, str] | None = None,
               check_mode: bool = False, timeout: float = 300) -> dict[str, Any]:
    done = subprocess.run(module_command(module, args, work_dir, check_mode=check_mode), capture_output=True, text=True,
                          env=module_environment(env), timeout=timeout, check=False)
    return parse_module_output(done.stdout, done.stderr)


def playbook_environment(work_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """ansible-playbook with the collection under test, without colours; its own files in work_dir, not in the user's home."""
    return clean_environment({
        "PATH": "%s:%s" % (VENV_BIN, os.environ.get("PATH", "")), "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS),
        "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_LOCAL_TEMP": str(work_dir / "tmp"),
        "ANSIBLE_REMOTE_TEMP": str(work_dir / "remote-tmp"), "ANSIBLE_HOME": str(work_dir / "ansible-home"), **(extra or {})})


def playbook_command(playbook: str | Path, *, inventories: Iterable[str | Path] = ("localhost,",), options: Iterable[str] = ()) -> list[str]:
    """ansible-playbook of the venv on the Python running the tests, with the inventories and further options."""
    command = [str(VENV_BIN / "ansible-playbook")]
    for inventory in inventories:
        command += ["-i", str(inventory)]
    return command + [*options, "-e", "ansible_python_interpreter=" + sys.executable, str(playbook)]


def run_playbook(playbook: str | Path, work_dir: Path, *, inventories: Iterable[str | Path] = ("localhost,",),
                 options: Iterable[str] = (), env: dict[str, str] | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """ansible-playbook (a path or a playbook's FQCN) in work_dir on the Python running the tests; options are further arguments."""
    command = playbook_command(playbook, inventories=inventories, options=options)
    work_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(command, capture_output=True, text=True, env=playbook_environment(work_dir, env), cwd=work_dir,
                          timeout=timeout, check=False)
