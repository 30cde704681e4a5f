# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running one of tests/perf/playbooks against a simulator's site-a for a list of sessions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Iterable

from simulator_control import Simulator, playbook_command, playbook_environment, run_playbook

from .measured import Measured, run_measured

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"
# Only what changed and what failed: a run over 1000 sessions would otherwise print them all.
QUIET_OUTPUT = {"ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_DISPLAY_OK_HOSTS": "false", "ANSIBLE_DISPLAY_SKIPPED_HOSTS": "false"}
# Modules whose results count as "the module's result": the collection's, and the plain runbooks' uri calls.
RESULT_ACTIONS = ("fujitsu.eternus.", "ansible.builtin.uri", "uri")


def perf_options(sim: Simulator, ids: list[int], work_dir: Path) -> tuple[str, ...]:
    """site-a's connection as eternus_* and the sessions as bench_ids, in an extra-vars file."""
    extra: dict[str, Any] = {"eternus_" + key: value for key, value in sim.connection("site-a").items()}
    extra["bench_ids"] = ids
    extra_file = work_dir / "vars.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    extra_file.write_text(json.dumps(extra))
    return ("-c", "local", "-e", "@%s" % extra_file)


def run_perf_playbook(sim: Simulator, name: str, ids: list[int], work_dir: Path) -> subprocess.CompletedProcess[str]:
    """PLAYBOOKS/name.yml on localhost with site-a's connection as eternus_* and the sessions as bench_ids."""
    return run_playbook(PLAYBOOKS / ("%s.yml" % name), work_dir, options=perf_options(sim, ids, work_dir), env=QUIET_OUTPUT)


def result_sizes_environment(sizes_file: Path) -> dict[str, str]:
    """The bench_result_size callback on: it notes each task result's size as JSON in sizes_file."""
    sizes_file.unlink(missing_ok=True)
    return {"ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS), "ANSIBLE_CALLBACKS_ENABLED": "bench_result_size",
            "BENCH_RESULT_SIZES": str(sizes_file)}


def read_result_sizes(sizes_file: Path) -> list[dict[str, Any]]:
    if not sizes_file.exists():
        return []
    return [json.loads(line) for line in sizes_file.read_text().splitlines() if line.strip()]


def largest_module_result(sizes: Iterable[dict[str, Any]]) -> int:
    return max((line["bytes"] for line in sizes if str(line["action"]).startswith(RESULT_ACTIONS)), default=0)


def run_measured_playbook(playbook: Path, work_dir: Path, *, inventories: Iterable[str | Path] = ("localhost,",),
                          options: Iterable[str] = ()) -> tuple[Measured, list[dict[str, Any]]]:
    """ansible-playbook measured (wall, exit time, CPU and peak memory of its process tree) with the result sizes noted."""
    sizes_file = work_dir / "result-sizes.jsonl"
    env = playbook_environment(work_dir, {**QUIET_OUTPUT, **result_sizes_environment(sizes_file)})
    command = playbook_command(playbook, inventories=inventories, options=options)
    measured = run_measured(command, env=env, cwd=work_dir, output_dir=work_dir)
    return measured, read_result_sizes(sizes_file)


def run_measured_perf_playbook(sim: Simulator, name: str, ids: list[int], work_dir: Path) -> tuple[Measured, list[dict[str, Any]]]:
    return run_measured_playbook(PLAYBOOKS / ("%s.yml" % name), work_dir, options=perf_options(sim, ids, work_dir))
