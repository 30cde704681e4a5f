# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_status.yml (issue 15): each row reads from the array's own volume with the arrow in the direction the
data is copied, and one line per array pair says replicating, failed over or mixed, with the counts."""

from __future__ import annotations

from simulator_control import run_collection_playbook


def test_the_status_reads_from_each_array_and_sums_up_each_pair_once(sim, tmp_path):
    suspended = sim.run_module("rec_session_suspend", {"session_ids": [1, 2, 3]}, array="site-c")
    assert suspended.get("failed") is not True, suspended

    run = run_collection_playbook(sim, "rec_status.yml", tmp_path)

    assert run.returncode == 0, run.stdout[-3000:]
    lines = [line.strip().strip('",') for line in run.stdout.splitlines()]
    header = next(line for line in lines if line.startswith("id "))
    assert header.split()[:7] == ["id", "volume", "here", "volume", "on", "the", "peer"]

    def table_of(host):
        """The lines of one array's table: the arrays finish the task in any order, each its own block."""
        start = lines.index("ok: [%s] => {" % host)
        end = next((number for number in range(start + 1, len(lines)) if lines[number].startswith("ok: [")), len(lines))
        return lines[start:end]

    # site-b holds the copy destinations of site-a's sessions: its own volume first, the arrow pointing at it.
    row = next(line for line in table_of("site-b") if line.startswith("101 "))
    assert row.split()[:4] == ["101", "db_data01", "<-", "db_data01"] and "SIMA00001" in row
    assert next(line for line in table_of("site-a") if line.startswith("1 ")).split()[:3] == ["1", "db_data01", "->"]
    pairs = [line for line in lines if " <-> " in line]
    assert pairs == [
        "site-a <-> site-b: mixed, 13 session(s): 9 Active, 1 Suspend, 1 Error, 1 Halt, 1 Reserved (13 from site-a to site-b)",
        "site-c <-> site-d: failed over, 3 session(s): 3 Suspend (3 from site-c to site-d)",
        "site-e <-> site-f: replicating, 3 session(s): 3 Active (3 from site-e to site-f)",
    ], run.stdout[-3000:]
    assert sim.state_changing_requests("site-a") == []
