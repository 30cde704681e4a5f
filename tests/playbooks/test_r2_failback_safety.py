# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/rec_failback.yml never overwrites recorded changes without the operator's word (issue 15, points 1 and 2).

Against the simulator, after a planned failover of the three primaries with its JSON reports: a write on the home side
of a session the failover suspended stops site-b's failback before any change, with the amount; the stop-all switch
(eternus_stop_all_on_failure) decides whether site-d and site-f go on, on the default ansible-core and the oldest one
(the version matrix's oldest cell, ANSIBLE_OLDEST_CORE_BIN, which make failback-test sets);
rec_failback_discard_home_changes fails the refused sessions back and the simulator shows what was discarded; without
a failover report nothing is resumed; a home array that is not read is named so; a switch back whose resume would
discard the changes recorded on the disaster-recovery array is refused with the amount.
Every refusal shows its lines one per output line and stops with one short line, never a Python list (issue 15, point 4).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator_control import REPO_ROOT, oldest_core_bin, port_offset, run_collection_playbook, running_simulator, state_dir
from simulator_control.ansible_runs import playbook_environment
from simulator_control.collection_playbooks import SIMULATOR_INVENTORY
from simulator_control.inventory import ports_inventory

from playbook_steps import state_name

HOME_WRITE = 64
DR_WRITE = 32
SECONDARIES = ["site-b", "site-d", "site-f"]
# Under make failback-test the oldest ansible-core must be there (a missing one fails the test); run by hand without
# ANSIBLE_OLDEST_CORE_BIN, its cases are skipped.
ANSIBLE_OLDEST = oldest_core_bin() / "ansible-playbook" if oldest_core_bin() else None
PLAYBOOKS = [pytest.param(None, id="ansible-core-default"),
             pytest.param(ANSIBLE_OLDEST, id="ansible-core-2.17",
                          marks=pytest.mark.skipif(ANSIBLE_OLDEST is None, reason="ANSIBLE_OLDEST_CORE_BIN is not set (make failback-test sets it)"))]


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir(state_name("r2-failback-safety")), offset=port_offset(950)) as sim:
        sim.settings(resume_copy_seconds=1)
        yield sim


@pytest.fixture(name="failed_over")
def fixture_failed_over(simulator, request):
    """The scenario as loaded, then the planned failover of the primaries with its reports; the folder of the reports."""
    simulator.reset(resume_copy_seconds=1)
    work = simulator.state_dir / request.node.name.replace("[", "-").replace("]", "")
    reports = work / "reports"
    reports.mkdir(parents=True)
    run = run_collection_playbook(simulator, "rec_failover.yml", work / "failover", ("--forks", "3", "-e", "rec_failover_report_dir=%s" % reports))
    assert run.returncode == 0, run.stdout + run.stderr
    return reports


def failback(simulator, reports: Path | None, name: str, *options: str, ansible_playbook: Path | None = None):
    work = simulator.state_dir / name
    report_options = ("-e", "rec_failover_report_dir=%s" % reports) if reports else ()
    options = ("--forks", "3", "-e", "rec_failback_copy_poll_seconds=1", *report_options, *options)
    if ansible_playbook is None:
        return run_collection_playbook(simulator, "rec_failback.yml", work, options)
    # The same command on another ansible-core: its ansible-playbook, the collection and modules of this checkout.
    inventory = ports_inventory(simulator, work / "ports.yml")
    env = playbook_environment(work, {"PATH": "%s:%s" % (ansible_playbook.parent, os.environ.get("PATH", ""))})
    command = [str(ansible_playbook), "-i", str(SIMULATOR_INVENTORY), "-i", str(inventory),
               "-e", "@%s" % (simulator.state_dir / "connection.yml"), *options, "-e", "ansible_python_interpreter=" + sys.executable,
               str(REPO_ROOT / "playbooks" / "rec_failback.yml")]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False)


def changes_sent(simulator, array: str) -> list[str]:
    return [entry["path"] for entry in simulator.counters(array)["log"]
            if entry["method"] == "POST" and entry["path"] != "/api/v1/session"]


def session(simulator, array: str, session_id: int) -> dict:
    return {s["copysession_id"]: s for s in simulator.admin(array, "GET", "/sessions")}[session_id]


def shown_lines(stdout: str) -> list[str]:
    """The lines the debug tasks showed: each item of a list message is a JSON string on an output line of its own."""
    lines = []
    for line in stdout.splitlines():
        text = line.strip()
        if text.startswith('"') and text.endswith(('",', '"')):
            try:
                lines.append(json.loads(text[:-1] if text.endswith(",") else text))
            except ValueError:
                continue
    return lines


def assert_readable_refusal(run, host: str, phase: str, session_line: str, reason_start: str, short: str) -> None:
    """The refusal's lines each start an output line of their own, then the failed task's one line; no Python list."""
    shown = shown_lines(run.stdout)
    title = "Refused before any change: 1 session(s) of %s cannot be part of the %s; nothing was sent to any session of %s." % (host, phase, host)
    assert title in shown, run.stdout
    assert session_line in shown, run.stdout
    reasons = [line for line in shown[shown.index(session_line) + 1:] if line.startswith("    ")]
    assert reasons and reasons[0].startswith("    " + reason_start), reasons
    assert "Action failed: ['" not in run.stdout + run.stderr
    assert "['Refused" not in run.stdout + run.stderr
    assert short in run.stdout + run.stderr


def write_on_the_home_side(simulator) -> None:
    """An application wrote on site-a's volume of session 1 (db_data01) after the failover suspended it."""
    simulator.admin("site-a", "POST", "/copysession/1/write", {"side": "local", "amount": HOME_WRITE})
    assert session(simulator, "site-a", 1)["tracking_data_size"] == HOME_WRITE


@pytest.mark.parametrize("ansible_playbook", PLAYBOOKS)
@pytest.mark.parametrize("stop_all", [False, True], ids=["each-array-on-its-own", "stop-all"])
def test_home_side_changes_refuse_the_failback_before_any_change_and_the_switch_decides_for_the_others(
        simulator, failed_over, stop_all, ansible_playbook):
    write_on_the_home_side(simulator)

    run = failback(simulator, failed_over, "failback-stop-all-%s-%s" % (stop_all, bool(ansible_playbook)),
                   *(("-e", "eternus_stop_all_on_failure=true") if stop_all else ()), ansible_playbook=ansible_playbook)

    assert run.returncode != 0
    # The refusal, one line per line, with the amount and the switch to consent; then one short line.
    assert '"Refused before any change: 1 session(s) of site-b cannot be part of the failback; nothing was sent to any session of site-b.",' in run.stdout
    assert_readable_refusal(
        run, "site-b", "failback",
        "session 101: db_data01 (peer) -> db_data01 (here), peer 00ETERNUSDXM##ET503S20A####SIMA00001####, Suspend/Equivalent, "
        "changes since the suspend (tracking_data_size): here 0, home %d" % HOME_WRITE,
        "a resume would copy this array over the home side",
        "site-b: refused before any change: 1 session(s) cannot be part of the failback (listed above): 101.")
    assert ('"session 101: db_data01 (peer) -> db_data01 (here), peer 00ETERNUSDXM##ET503S20A####SIMA00001####, Suspend/Equivalent, '
            'changes since the suspend (tracking_data_size): here 0, home %d",' % HOME_WRITE) in run.stdout
    assert "home side %d (read on the home array)" % HOME_WRITE in run.stdout
    assert "rec_failback_discard_home_changes: true" in run.stdout
    assert changes_sent(simulator, "site-b") == []
    home = session(simulator, "site-a", 1)
    assert (home["status"], home["tracking_data_size"], home["last_resume_discarded"]) == ("Suspend", HOME_WRITE, None)
    others = {array: changes_sent(simulator, array) for array in ("site-d", "site-f")}
    if stop_all:
        assert others == {"site-d": [], "site-f": []}, "eternus_stop_all_on_failure=true let the other arrays change"
        for array in ("site-d", "site-f"):
            assert ("%s: stopped before any change: rec_failback_stop_all_on_failure (eternus_stop_all_on_failure) is set and "
                    "site-b failed." % array) in run.stdout
            assert session(simulator, array, 101)["status"] == "Suspend"
    else:
        assert "stopped before any change" not in run.stdout
        assert all(any(path.endswith("/resume") for path in sent) for sent in others.values()), others
        assert {array: session(simulator, array, 101)["status"] for array in ("site-d", "site-f")} == {"site-d": "Active", "site-f": "Active"}


def test_the_operators_consent_fails_back_the_refused_sessions_and_names_what_it_discards(simulator, failed_over):
    write_on_the_home_side(simulator)

    run = failback(simulator, failed_over, "failback-consent", "-e", "rec_failback_discard_home_changes=true", "--limit", "site-a,site-b")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "reverse+resume DISCARDS HOME" in run.stdout
    assert ("rec_failback_discard_home_changes: discarded the changes recorded on the home side (tracking_data_size %d in total, "
            "in the array's units)" % (HOME_WRITE + 128)) in run.stdout
    for home_id, discarded in ((1, HOME_WRITE), (12, 128)):
        pair = session(simulator, "site-a", home_id)
        assert (pair["status"], pair["is_local_source_volume"], pair["last_resume_discarded"]) == ("Active", False, discarded)
    resumes = [entry for entry in simulator.counters("site-b")["log"] if entry["path"].endswith("/resume")]
    assert len(resumes) == 5


def test_without_a_failover_report_nothing_is_resumed(simulator, failed_over):
    run = failback(simulator, None, "failback-no-report", "--limit", "site-a,site-b")

    assert run.returncode != 0
    assert "no failover report (rec_failback_failover_report): nothing shows that the failover suspended this session" in run.stdout
    assert changes_sent(simulator, "site-b") == []


def test_a_home_array_not_read_is_named_and_the_failover_report_decides(simulator, failed_over):
    # --limit without site-a: the home array is not read.
    reports = failed_over.parent / "failback-reports"
    reports.mkdir()
    run = failback(simulator, failed_over, "failback-home-not-read", "--limit", "site-b", "-e", "rec_failback_report_dir=%s" % reports)

    assert run.returncode == 0, run.stdout + run.stderr
    plan = next(line for line in run.stdout.splitlines() if line.strip().startswith('"101 '))
    assert "0 (report)" in plan, plan
    assert "Refused and left as they are: 1 session(s) of site-b" in run.stdout
    assert session(simulator, "site-b", 101)["status"] == "Active"
    assert session(simulator, "site-b", 112)["status"] == "Suspend"
    report = json.loads((reports / "rec_failback-failback-site-b.json").read_text())
    assert report["evidence"]["home_read"] is False
    assert {row["copysession_id"]: row["changes_home_from"] for row in report["sessions"]}[101] == "failover report"


def test_a_switch_back_that_would_discard_the_changes_on_the_dr_array_is_refused_with_the_amount(simulator, failed_over):
    """Gap 7: a switch back interrupted after its suspend (site-b's session 101 Suspend, copy source still site-b), then
    an application wrote on site-b: the switch back's resume would copy the home array over those changes."""
    run = failback(simulator, failed_over, "switch-back-dr-changes-failback", "--limit", "site-a,site-b")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (session(simulator, "site-b", 101)["status"], session(simulator, "site-b", 101)["is_local_source_volume"]) == ("Active", True)
    simulator.admin("site-b", "POST", "/copysession/101/state", {"status": "Suspend"})
    simulator.admin("site-b", "POST", "/copysession/101/write", {"side": "local", "amount": DR_WRITE})
    assert session(simulator, "site-b", 101)["tracking_data_size"] == DR_WRITE
    sent_before = {array: len(changes_sent(simulator, array)) for array in ("site-a", "site-b")}

    run = failback(simulator, failed_over, "switch-back-dr-changes", "--limit", "site-a,site-b", "-e", "rec_failback_phase=switch_back")

    assert run.returncode != 0
    assert_readable_refusal(
        run, "site-b", "switch_back",
        "session 101: db_data01 (here) -> db_data01 (peer), peer 00ETERNUSDXM##ET503S20A####SIMA00001####, Suspend/Equivalent, "
        "changes since the suspend (tracking_data_size): here %d, home 0" % DR_WRITE,
        "a switch back's resume copies the home array over this array and would discard the changes recorded",
        "site-b: refused before any change: 1 session(s) cannot be part of the switch_back (listed above): 101.")
    assert "since the suspend (tracking_data_size %d, in the array's units); run the failback phase first" % DR_WRITE in " ".join(
        line.strip() for line in shown_lines(run.stdout))
    # Nothing sent to either array; the changes are still there.
    assert {array: len(changes_sent(simulator, array)) for array in ("site-a", "site-b")} == sent_before
    mine = session(simulator, "site-b", 101)
    assert (mine["status"], mine["is_local_source_volume"], mine["tracking_data_size"]) == ("Suspend", True, DR_WRITE)
