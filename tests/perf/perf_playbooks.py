# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running one of tests/perf/playbooks against a simulator's site-a for a list of sessions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from simulator_control import Simulator, run_playbook

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
# Only what changed and what failed: a run over 1000 sessions would otherwise print them all.
QUIET_OUTPUT = {"ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_DISPLAY_OK_HOSTS": "false", "ANSIBLE_DISPLAY_SKIPPED_HOSTS": "false"}


def run_perf_playbook(sim: Simulator, name: str, ids: list[int], work_dir: Path) -> subprocess.CompletedProcess[str]:
    """PLAYBOOKS/name.yml on localhost with site-a's connection as eternus_* and the sessions as bench_ids."""
    extra = {"eternus_" + key: value for key, value in sim.connection("site-a").items()}
    extra["bench_ids"] = ids
    extra_file = work_dir / "vars.json"
    extra_file.write_text(json.dumps(extra))
    return run_playbook(PLAYBOOKS / ("%s.yml" % name), work_dir, options=("-c", "local", "-e", "@%s" % extra_file), env=QUIET_OUTPUT)
