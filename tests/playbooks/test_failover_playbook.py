# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failover.yml fails over three array pairs (site-a, site-c, site-e) in parallel against the simulator.

A rehearsal (--check) that must send nothing, a run that suspends, a rerun that changes nothing; site-c runs the role
with rec_failover_stepwise (a module run per step), the others by default; every array names its expected peer
(rec_failover_peer_boxid). The outcome is read from the simulator's own view and from the reports, which must conform
to docs/schemas/rec_report.schema.json and account for every session.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import canonical
from simulator_control import (REPO_ROOT, changed_counts, port_offset, run_collection_playbook, run_playbook, running_simulator,
                               state_dir)

from playbook_steps import PlaybookSteps, state_name

HOSTS = ["site-a", "site-c", "site-e"]
SELECTED = {"site-a": [1, 2, 3, 4, 12], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
# site-a's session 12 is suspended in the scenario already: no suspend names it.
SENT = {"site-a": [1, 2, 3, 4], "site-c": [1, 2, 3], "site-e": [1, 2, 3]}
# By default the role logs in once to rehearse (the preflight), twice to fail over (the preflight, then one run that
# suspends, waits and reads the outcome) and once to rerun (the preflight finds nothing to send); the stepwise site-c
# once to rehearse, four times to fail over (preflight, suspend, job wait, read back) and twice to rerun (preflight,
# read back). Counted from the start.
LOGINS = {"rehearsal": {"site-a": 1, "site-c": 1, "site-e": 1}, "failover": {"site-a": 3, "site-c": 5, "site-e": 3},
          "rerun": {"site-a": 4, "site-c": 7, "site-e": 4}}
PEERS = {"site-a": "00ETERNUSDXM##ET503S20A####SIMB00002####", "site-c": "00ETERNUSDXM##ET503S20A####SIMD00004####",
         "site-e": "00ETERNUSDXM##ET503S20A####SIMF00006####"}
BOXIDS = {"site-a": "00ETERNUSDXM##ET503S20A####SIMA00001####", "site-c": "00ETERNUSDXM##ET503S20A####SIMC00003####",
          "site-e": "00ETERNUSDXM##ET503S20A####SIME00005####"}
OUTCOMES = ("suspended", "suspended_earlier", "waited", "already_suspended", "refused", "not_suspended", "pending")
SCHEMA = json.loads((REPO_ROOT / "docs" / "schemas" / "rec_report.schema.json").read_text())
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
                                      host_vars={"site-a": {"rec_failover_peer_boxid": PEERS["site-a"]},
                                                 "site-c": {"rec_failover_stepwise": True, "rec_failover_peer_boxid": PEERS["site-c"]},
                                                 "site-e": {"rec_failover_peer_boxid": PEERS["site-e"]}})
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
        assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(report)) == [], array
        summary = report["summary"]
        assert sum(summary[outcome] for outcome in OUTCOMES) == summary["sessions"] == len(SELECTED[array]), (array, summary)
        assert summary["suspended"] == (0 if phase == "rerun" else count), array
        # The rerun accounts for what the failover suspended: finished by an earlier run, not "already suspended".
        assert summary["suspended_earlier"] == (count if phase == "rerun" else 0), array
        assert summary["already_suspended"] == len(SELECTED[array]) - count, array
        assert report["rehearsal"] == report["check_mode"] == (phase == "rehearsal"), array
        assert report["result"] == "succeeded" and report["kind"] == "failover" and report["mode"] == "planned", array
        # The array's Box ID as GET /storagesystem gives it; under a dialect that does not, unknown (null).
        tells_boxid = sim.dialect(array)["effective"].get("storagesystem", "full") == "full"
        assert report["array"]["boxid"] == (BOXIDS[array] if tells_boxid else None), array
        assert report["array"]["url"] == sim.url(array) and report["expected_peer_boxid"] == PEERS[array], array
        assert report["host"] == array and report["run_by"]["user"], array
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", report["started_at"]) and report["finished_at"] >= report["started_at"]
        assert {(s["remote_boxid"], s["direction"]) for s in report["sessions"]} == {(PEERS[array], "source")}, array
        assert {s["remote_copysession_id"] - s["copysession_id"] for s in report["sessions"]} == {100}, array
        assert {word("status", s["after"]["status"]) for s in report["sessions"]} == {"Suspend"}, array
        assert summary["forced"] == 0, array


def test_the_rehearsal_sends_nothing_and_reports_what_it_would_suspend(steps, simulator):
    out = steps.output("rehearsal")
    assert all(changed_counts(out, HOSTS).values())
    # The plan is shown before the change, per host, with the direction and the peer in every row.
    assert "TASK [fujitsu.eternus.rec_failover : Preflight - the plan, before anything is sent]" in out
    assert "db_data01 (here, source) -> db_data01 on %s" % PEERS["site-a"] in out
    title = next(line for line in out.splitlines() if "REC failover plan for site-c (" in line)
    # The array's Box ID, or (a dialect whose GET /storagesystem does not give it) that it is not given.
    assert ("Box ID %s, %s)" % (BOXIDS["site-c"], simulator.url("site-c")) in title
            or "Box ID not given, %s)" % simulator.url("site-c") in title), title
    assert_simulator_after(simulator, "rehearsal")
    assert_reports_after(simulator, "rehearsal")


def test_the_failover_suspends_the_selected_sessions_of_every_array(steps, simulator):
    out = steps.output("failover")
    assert all(changed_counts(out, HOSTS).values())
    # Task names are static: no host's name is in one (Ansible would show the first host's for every host).
    assert not [line for line in out.splitlines() if line.startswith("TASK [") and any(host in line for host in HOSTS)]
    # The plan of every array is shown before its suspend.
    assert out.index("Preflight - the plan, before anything is sent") < out.index("TASK [fujitsu.eternus.rec_failover : Suspend and wait")
    assert '"5 session(s): 4 to suspend, 1 already suspended before; nothing forced"' in out
    assert '"5 session(s): 4 suspended by this run, 1 already suspended before; nothing forced"' in out
    # The report's title names the array as the plan's does, with its URL, and the mode as a failover's mode.
    assert [line for line in out.splitlines() if "REC failover report for site-a (" in line and
            "%s): planned failover" % simulator.url("site-a") in line], out
    assert_simulator_after(simulator, "failover")
    assert_reports_after(simulator, "failover")


def test_the_rerun_changes_nothing(steps, simulator):
    assert changed_counts(steps.output("rerun"), HOSTS) == {host: 0 for host in HOSTS}
    assert_simulator_after(simulator, "rerun")
    assert_reports_after(simulator, "rerun")


def test_the_connection_from_the_environment_alone_with_no_port_in_the_inventory(simulator, tmp_path):
    """The AWX credential route (tests/awx): an inventory that names only the array's host, everything else from
    ETERNUS_*. Before ansible-core 2.19 a port left out rendered as an empty string, which is no int: the version
    matrix's oldest cell runs this test too. A rehearsal: nothing state-changing reaches the array."""
    before = simulator.state_changing_requests("site-a")
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump({"eternus_primary": {"hosts": {"site-a": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "eternus_host": "127.0.0.1", "rec_failover_session_ids": SELECTED["site-a"],
        "rec_failover_peer_boxid": PEERS["site-a"]}}}}))
    connection = simulator.connection("site-a")
    env = {"ETERNUS_PORT": str(connection["port"]), "ETERNUS_USERNAME": connection["username"],
           "ETERNUS_PASSWORD": connection["password"], "ETERNUS_CA_PATH": str(connection["ca_path"])}
    run = run_playbook(REPO_ROOT / "playbooks" / "rec_failover.yml", tmp_path, inventories=(inventory,), options=("--check",), env=env)
    assert run.returncode == 0, "%s\n%s" % (run.stdout, run.stderr)
    assert "REC failover plan for site-a (" in run.stdout and "db_data01 (here, source)" in run.stdout
    assert connection["password"] not in run.stdout + run.stderr
    assert simulator.state_changing_requests("site-a") == before
