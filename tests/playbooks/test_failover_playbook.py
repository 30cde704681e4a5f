# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failover.yml fails over three array pairs (site-a, site-c, site-e) in parallel against the simulator.

A rehearsal (--check) that must send nothing, a run that suspends, a rerun that changes nothing; site-c runs the role
with rec_failover_stepwise (a module run per step), the others by default. The outcome is read from the simulator's
own view and from the reports.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import canonical
from simulator_control import changed_counts, port_offset, run_collection_playbook, running_simulator, state_dir

from playbook_steps import PlaybookSteps, state_name

HOSTS = ["site-a", "site-c", "site-e"]
SELECTED = {"site-a": [1, 2, 3, 4, 12], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
# site-a's session 12 is suspended in the scenario already: no suspend names it.
SENT = {"site-a": [1, 2, 3, 4], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
# One login per run by default; the stepwise site-c logs in once to rehearse, four times to fail over
# (preflight, suspend, job wait, read back) and twice to rerun (preflight, read back).
LOGINS = {"rehearsal": {"site-a": 1, "site-c": 1, "site-e": 1}, "failover": {"site-a": 2, "site-c": 5, "site-e": 2},
          "rerun": {"site-a": 3, "site-c": 7, "site-e": 3}}
SUSPENDED_BY_FAILOVER = {"site-a": 4, "site-c": 3, "site-e": 3}
STEP_OPTIONS = {"rehearsal": ("--check",), "failover": (), "rerun": ()}


def word(field: str, spelled) -> str:
    """The collection's word for what the array (in whatever dialect it speaks) called spelled; an unknown word as spelled."""
    return canonical(field, spelled) or spelled


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir(state_name("failover-playbook")), offset=port_offset(850)) as sim:
        yield sim


@pytest.fixture(scope="module")
def steps(simulator):
    reports = simulator.state_dir / "reports"
    reports.mkdir()

    def run(step: str) -> str:
        run = run_collection_playbook(simulator, "rec_failover.yml", simulator.state_dir / step,
                                      ("-e", "rec_failover_report_dir=%s" % reports, "--forks", "3", *STEP_OPTIONS[step]),
                                      host_vars={"site-c": {"rec_failover_stepwise": True}})
        assert run.returncode == 0, "ansible-playbook (%s) exited %s:\n%s\n%s" % (step, run.returncode, run.stdout, run.stderr)
        return run.stdout

    return PlaybookSteps(list(STEP_OPTIONS), run)


def assert_simulator_after(sim, phase: str) -> None:
    """The sessions and the request log of each array, against what the runs so far may have done."""
    for array, ids in SELECTED.items():
        counters = sim.counters(array)
        bodies = [e["body"] for e in counters["log"] if e["template"] == "/api/v1/copysession/suspend"]
        assert sim.statuses(ids, array) == {sid: ("Suspend" if phase != "rehearsal" or sid == 12 else "Active") for sid in ids}, array
        if array == "site-a":
            assert sim.statuses([5, 6, 7, 13], array) == {5: "Active", 6: "Active", 7: "Active", 13: "Active"}, \
                "site-a sessions outside db_* changed"
        assert [b["copysession_id_list"] for b in bodies] == ([] if phase == "rehearsal" else [SENT[array]]), array
        assert not any(b.get("force") for b in bodies), (array, bodies)
        assert counters["open_sessions"] == 0, "%s: API login(s) left open" % array
        assert counters["logins"] == LOGINS[phase][array], array


def assert_reports_after(sim, phase: str) -> None:
    password = sim.connection_vars()["eternus_password"]
    for array, count in SUSPENDED_BY_FAILOVER.items():
        text = (sim.state_dir / "reports" / ("rec_failover-%s.json" % array)).read_text()
        report = json.loads(text)
        assert password not in text, "the %s report contains the password" % array
        assert report["summary"]["suspended"] == (0 if phase == "rerun" else count), array
        assert report["rehearsal"] == (phase == "rehearsal"), array
        assert {word("status", s["after"]["status"]) for s in report["sessions"]} == {"Suspend"}, array
        assert report["summary"]["forced"] == 0, array


def test_the_rehearsal_sends_nothing_and_reports_what_it_would_suspend(steps, simulator):
    assert all(changed_counts(steps.output("rehearsal"), HOSTS).values())
    assert_simulator_after(simulator, "rehearsal")
    assert_reports_after(simulator, "rehearsal")


def test_the_failover_suspends_the_selected_sessions_of_every_array(steps, simulator):
    assert all(changed_counts(steps.output("failover"), HOSTS).values())
    assert_simulator_after(simulator, "failover")
    assert_reports_after(simulator, "failover")


def test_the_rerun_changes_nothing(steps, simulator):
    assert changed_counts(steps.output("rerun"), HOSTS) == {host: 0 for host in HOSTS}
    assert_simulator_after(simulator, "rerun")
    assert_reports_after(simulator, "rerun")
