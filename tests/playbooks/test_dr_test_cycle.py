# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A disaster-recovery drill on three array pairs against the simulator, with playbooks/rec_dr_test.yml (issue 19).

A start whose selection holds a session that is not Equivalent is refused before any change -> start rehearsal (--check)
-> start -> start rerun -> the test "writes" on the DR volumes and production keeps writing (the simulator's admin write
route) -> status -> status --check -> end rehearsal -> an end given another array pair's drill record, refused -> end, run
the AWX way (the start's records given with -e as the {host: record} mapping its set_stats hands on, and a record folder
that does not exist yet, as in a fresh execution environment) -> end rerun -> status. After the end every session is
Active and Equivalent in the original direction, the DR writes are gone (the simulator's last_resume_discarded is what
was written there), the drill record's numbers are what the simulator recorded, and its times agree with the arrays'
request logs. Reruns and rehearsals send no request that changes state (the arrays' request logs: no POST beyond the login).
"""

from __future__ import annotations

import calendar
import json
import time
from pathlib import Path
from typing import NamedTuple

import jsonschema
import pytest

from simulator_control import changed_counts, port_offset, run_collection_playbook, running_simulator, state_dir

from playbook_steps import PlaybookSteps, state_name

PAIRS = {"site-a": ("site-b", [1, 2, 3, 4]), "site-c": ("site-d", [1, 2, 3]), "site-e": ("site-f", [1, 2, 3])}
PRIMARIES = list(PAIRS)
BOXID = {"site-a": "00ETERNUSDXM##ET503S20A####SIMA00001####", "site-b": "00ETERNUSDXM##ET503S20A####SIMB00002####",
         "site-c": "00ETERNUSDXM##ET503S20A####SIMC00003####"}
# What the test team writes on the DR volumes and production writes meanwhile, per pair and production id (array's units).
DR_WRITES = {"site-a": {1: 64, 2: 5, 3: 0, 4: 17}, "site-c": {1: 9, 2: 0, 3: 3}, "site-e": {1: 1, 2: 2, 3: 0}}
PRODUCTION_WRITES = {"site-a": {1: 11, 2: 0, 3: 7, 4: 0}, "site-c": {1: 0, 2: 4, 3: 0}, "site-e": {1: 6, 2: 0, 3: 8}}
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "rec_report.schema.json"
# The drill's sessions by id: the inventory's rec_failover_match db_* would also select site-a's session 12 (suspended).
SESSIONS = {host: {"rec_dr_test_session_ids": pair[1]} for host, pair in PAIRS.items()}


class Step(NamedTuple):
    name: str
    options: tuple[str, ...]
    changes: bool
    fails: bool = False
    host_vars: dict | None = None
    # The folder of the drill records (rec_dr_test_record_dir), under the simulator's state folder.
    records: str = "records"


def record(records: Path, host: str) -> dict:
    return json.loads((records / ("rec_dr_test-%s.json" % host)).read_text())


# The end runs as an AWX job of a workflow would: no record folder yet, the start's records as set_stats handed them on.
AWX_RECORDS = "records-awx"


STEPS = [
    # rec_failover_match (db_*) selects site-a's session 12 too, suspended before the drill: refused, nothing sent.
    Step("start-refused", ("-e", "rec_dr_test_phase=start", "--limit", "site-a"), False, True, {}),
    Step("start-rehearsal", ("-e", "rec_dr_test_phase=start", "--check"), False),
    Step("start", ("-e", "rec_dr_test_phase=start"), True),
    Step("start-rerun", ("-e", "rec_dr_test_phase=start"), False),
    Step("status-open", (), False),
    Step("status-check", ("--check",), False),
    # A status job after the start in an AWX workflow: the records only as the start's set_stats mapping, no file.
    Step("status-awx", (), False, records="records-status-awx"),
    Step("end-rehearsal", ("-e", "rec_dr_test_phase=end", "--check"), False),
    Step("end-other-pair", ("-e", "rec_dr_test_phase=end", "--limit", "site-a,site-b"), False, True),
    # The record cannot be written (a folder that cannot be made): nothing is resumed.
    Step("end-unwritable", ("-e", "rec_dr_test_phase=end"), False, True, records="/proc/rec-dr-test-records"),
    Step("end", ("-e", "rec_dr_test_phase=end"), True, records=AWX_RECORDS),
    # Rerun as AWX relaunches it: the start's records again, the folder now holding the closed ones (kept on persistent storage).
    Step("end-rerun", ("-e", "rec_dr_test_phase=end"), False, records=AWX_RECORDS),
    Step("status-closed", (), False, records=AWX_RECORDS),
]
BY_NAME = {step.name: step for step in STEPS}


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir(state_name("dr-test-cycle")), offset=port_offset(940)) as sim:
        # A resumed copy takes one second instead of the scenario's three.
        sim.settings(resume_copy_seconds=1)
        yield sim


def posts(sim, array: str) -> list[str]:
    """The requests that change state an array has logged: every POST but the login."""
    return ["%s %s" % (entry["method"], entry["path"]) for entry in sim.counters(array)["log"]
            if entry["method"] == "POST" and entry["path"] != "/api/v1/session"]


@pytest.fixture(scope="module")
def steps(simulator):
    sent: dict[str, dict[str, list[str]]] = {}
    left: dict[str, dict] = {}

    def run(name: str) -> str:
        step = BY_NAME[name]
        records = simulator.state_dir / step.records
        if name == "end-rehearsal":
            # During the drill: the test team writes on the DR volumes, production keeps writing.
            for host, (dr_host, ids) in PAIRS.items():
                for sid in ids:
                    if DR_WRITES[host][sid]:
                        simulator.write(dr_host, sid + 100, "local", DR_WRITES[host][sid])
                    if PRODUCTION_WRITES[host][sid]:
                        simulator.write(host, sid, "local", PRODUCTION_WRITES[host][sid])
        options = ("--forks", "3", "-e", "rec_dr_test_record_dir=%s" % records, *step.options)
        if name == "end-other-pair":
            # site-c's drill record given to site-a.
            options += ("-e", "rec_dr_test_record_path=%s" % (records / "rec_dr_test-site-c.json"))
        if name in ("status-awx", "end", "end-unwritable", "end-rerun"):
            # What the start job's set_stats hands to the next job of an AWX workflow: {host: record} (an extra variable).
            assert records.exists() == (name == "end-rerun")
            artifacts = simulator.state_dir / "start-artifacts.json"
            artifacts.write_text(json.dumps({"rec_dr_test_records": left["start"]["records"]}))
            options += ("-e", "@%s" % artifacts)
        before = {array: posts(simulator, array) for array in simulator.info["arrays"]}
        run = run_collection_playbook(simulator, "rec_dr_test.yml", simulator.state_dir / name, options,
                                      host_vars=SESSIONS if step.host_vars is None else step.host_vars)
        sent[name] = {array: posts(simulator, array)[len(before[array]):] for array in simulator.info["arrays"]}
        # The job log, kept with the records (the drill report as an operator reads it).
        (simulator.state_dir / name / "output.txt").write_text(run.stdout + run.stderr)
        # What the step left, for the tests that look at it after later steps ran.
        left[name] = {"pairs": {host: pair_states(simulator, host) for host in PAIRS},
                      "records": {host: record(records, host) if (records / ("rec_dr_test-%s.json" % host)).exists() else None
                                  for host in PAIRS}}
        assert (run.returncode != 0) == step.fails, "rec_dr_test.yml (%s) exited %s:\n%s\n%s" % (name, run.returncode, run.stdout, run.stderr)
        return run.stdout

    playbook_steps = PlaybookSteps([step.name for step in STEPS], run)
    playbook_steps.sent = sent
    playbook_steps.left = left
    return playbook_steps


def pair_states(sim, host: str) -> dict[int, tuple]:
    dr_host, ids = PAIRS[host]
    here, there = sim.sessions(host), sim.sessions(dr_host)
    return {sid: (here[sid]["status"], here[sid]["phase"], here[sid]["is_local_source_volume"],
                  there[sid + 100]["status"], there[sid + 100]["is_local_source_volume"]) for sid in ids}


@pytest.mark.parametrize("name", ["start-refused", "start-rehearsal", "start-rerun", "status-open", "status-check", "status-awx", "end-rehearsal",
                                  "end-other-pair", "end-unwritable", "end-rerun", "status-closed"])
def test_refusals_rehearsals_reruns_and_status_send_nothing(steps, name):
    output = steps.output(name)
    assert {array: requests for array, requests in steps.sent[name].items() if requests} == {}
    if not BY_NAME[name].fails:
        hosts = ["site-a"] if "--limit" in BY_NAME[name].options else PRIMARIES
        assert changed_counts(output, hosts) == {host: 0 for host in hosts}


def test_a_start_with_a_session_that_is_not_equivalent_is_refused_before_any_change(steps, simulator):
    output = steps.output("start-refused")
    assert "Refused before any change: the drill start on site-a" in output
    assert "session 12: db_data03 (production, here) -> db_data03 (DR)" in output
    assert "a drill starts only from sessions that are Active and Equivalent, and never forces a suspend" in output
    assert "site-a: refused before any change: 1 problem(s) (listed above); the drill was not started and nothing was sent." in output


def test_the_start_rehearsal_shows_the_plan_and_writes_no_record(steps, simulator):
    output = steps.output("start-rehearsal")
    assert "REHEARSAL (check mode): nothing will be sent" in output
    assert "Would suspend 4 session(s): 1, 2, 3, 4." in output
    assert "REHEARSAL (check mode): nothing was sent; a run writes the drill record to %s" % (
        simulator.state_dir / "records" / "rec_dr_test-site-a.json") in output


def test_the_start_opens_the_dr_copy_and_writes_the_drill_record(steps, simulator):
    assert all(changed_counts(steps.output("start"), PRIMARIES).values())
    for host, (dr_host, ids) in PAIRS.items():
        assert set(steps.left["start"]["pairs"][host].values()) == {("Suspend", "Equivalent", True, "Suspend", False)}, host
        assert [entry for entry in steps.sent["start"][host] if not entry.endswith("/copysession/suspend")] == [], host
        suspends = simulator.suspend_posts(host)
        assert len(suspends) == 1 and not suspends[0]["body"].get("force"), suspends
        drill = steps.left["start"]["records"][host]
        jsonschema.validate(drill, json.loads(SCHEMA.read_text()))
        assert (drill["kind"], drill["mode"], drill["result"], drill["drill"]["state"]) == ("drill", "start", "succeeded", "open")
        assert (drill["array"]["boxid"], drill["expected_peer_boxid"]) == (simulator.info["arrays"][host]["boxid"],
                                                                           simulator.info["arrays"][dr_host]["boxid"])
        assert [s["copysession_id"] for s in drill["sessions"]] == ids
        assert drill["drill"]["suspend_sent_at"] <= drill["drill"]["opened_at"]
        assert steps.left["start-refused"]["records"][host] is None and steps.left["start-rehearsal"]["records"][host] is None


def test_status_shows_the_open_drills(steps):
    output = steps.output("status-open")
    for host in PAIRS:
        assert "REC drills on %s" % host in output
    assert "OPEN (open) since" in output and "4 of 4 session(s) suspended" in output


def test_status_in_check_mode_reads_and_shows_the_same(steps):
    output = steps.output("status-check")
    assert output.split("Status - the drills of this array")[-1].count("4 of 4 session(s) suspended") == 1
    assert output.count("OPEN (open) since") == steps.output("status-open").count("OPEN (open) since") == 3
    assert steps.left["status-check"]["records"] == steps.left["status-open"]["records"]


def test_status_reads_the_records_the_start_handed_on(steps, simulator):
    output = steps.output("status-awx")
    assert output.count("OPEN (open) since") == 3 and "4 of 4 session(s) suspended" in output
    assert not (simulator.state_dir / "records-status-awx").exists()


def test_the_end_rehearsal_shows_the_consent_and_the_amounts(steps):
    output = steps.output("end-rehearsal")
    assert "REHEARSAL (check mode): nothing will be sent" in output
    assert "with discard_destination_changes: true" in output
    assert "(session 1: 64, session 2: 5, session 3: 0, session 4: 17)" in output
    assert "(session 1: 11, session 2: 0, session 3: 7, session 4: 0)" in output


def test_the_end_refuses_a_drill_record_of_another_array_pair(steps, simulator):
    output = steps.output("end-other-pair")
    assert "is of another array pair: it was opened on site-c (Box ID %s" % BOXID["site-c"] in output
    assert "this is site-a (Box ID %s" % BOXID["site-a"] in output
    assert set(steps.left["end-other-pair"]["pairs"]["site-a"].values()) == {("Suspend", "Equivalent", True, "Suspend", False)}
    assert steps.left["end-other-pair"]["records"]["site-a"] == steps.left["start"]["records"]["site-a"]


def test_the_end_closes_every_drill_and_the_record_tells_what_the_simulator_recorded(steps, simulator):
    output = steps.output("end")
    assert all(changed_counts(output, PRIMARIES).values())
    schema = json.loads(SCHEMA.read_text())
    for host, (dr_host, ids) in PAIRS.items():
        assert set(steps.left["end"]["pairs"][host].values()) == {("Active", "Equivalent", True, "Active", False)}, host
        pairs = {s["copysession_id"]: s for s in simulator.admin(host, "GET", "/sessions")}
        assert {sid: pairs[sid]["last_resume_discarded"] for sid in ids} == DR_WRITES[host], host
        assert {sid: (pairs[sid]["source_tracking_data_size"], pairs[sid]["destination_tracking_data_size"]) for sid in ids} == {
            sid: (0, 0) for sid in ids}
        resumes = [entry for entry in posts(simulator, host) if entry.endswith("/resume")]
        assert sorted(resumes) == sorted("POST /api/v1/copysession/%d/resume" % sid for sid in ids)
        assert posts(simulator, dr_host) == []
        drill = steps.left["end"]["records"][host]
        jsonschema.validate(drill, schema)
        assert steps.left["end-rerun"]["records"][host] == drill, "the end's rerun changed the drill record"
        assert (drill["mode"], drill["result"], drill["drill"]["state"]) == ("end", "succeeded", "closed")
        by_id = {s["copysession_id"]: s for s in drill["sessions"]}
        assert {sid: by_id[sid]["dr_changes_discarded"] for sid in ids} == DR_WRITES[host]
        assert {sid: by_id[sid]["resynchronised"] for sid in ids} == PRODUCTION_WRITES[host]
        assert all(by_id[sid]["equivalent_again"] and by_id[sid]["dr_changes_shown"] for sid in ids)
        assert drill["summary"]["resynchronised_total"] == sum(PRODUCTION_WRITES[host].values())
        assert drill["summary"]["dr_changes_discarded_total"] == sum(DR_WRITES[host].values())
        assert drill["summary"]["not_equivalent"] == 0 and drill["offenders"] == []
        assert drill["drill"]["open_seconds"] >= 0 and drill["drill"]["time_to_equivalent_seconds"] >= 0
        assert [run["phase"] for run in drill["drill"]["runs"]] == ["start", "end"]
    assert "REC drill report for site-a" in output and "every session of the drill is Active and Equivalent again" in output


def test_an_end_that_cannot_write_its_record_resumes_nothing(steps):
    output = steps.output("end-unwritable")
    assert "End - make the folder of the drill record" in output and output.count("fatal: [site-") == 3, output
    assert "End - resume the drill's sessions" not in output
    for host in PAIRS:
        assert set(steps.left["end-unwritable"]["pairs"][host].values()) == {("Suspend", "Equivalent", True, "Suspend", False)}, host


def test_the_end_run_the_awx_way_hands_its_records_on(steps, simulator):
    """The end took each host's record from the {host: record} mapping, made the record folder and handed the closed
    records on with set_stats as well."""
    output = steps.output("end")
    assert "is of type dict and we were unable to convert to list" not in output
    assert output.count("Start - hand the drill record") == 0 and "End - hand the drill record to the next job of an AWX workflow" in output
    # The resume was given what the DR array showed (destination_changes_on_peer): it names what it discarded, and does
    # not warn that it cannot see the DR side.
    log = (simulator.state_dir / "end" / "output.txt").read_text()
    assert "does not show the changes recorded on the destination" not in log
    assert ("discarding the changes recorded on the destination volume since the suspend (discard_destination_changes: true): "
            "1 (tracking_data_size 64 read on the peer), 2 (tracking_data_size 5 read on the peer), 4 (tracking_data_size 17 read on the peer)") in log
    for host in PAIRS:
        assert "/%s/" % AWX_RECORDS in steps.left["end"]["records"][host]["drill"]["record_path"]
        assert steps.left["end"]["records"][host]["drill"]["id"] == steps.left["start"]["records"][host]["drill"]["id"]


def utc_seconds(stamp: str) -> int:
    return calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))


# suspend_sent_at and resume_sent_at are written (whole UTC seconds) just before the task that sends the request: the
# module still starts, logs in and reads first - seconds on a loaded 2-core machine.
BEFORE_REQUEST = 15.0


def test_the_drill_times_agree_with_the_arrays_request_logs(steps, simulator):
    """open_seconds and time_to_equivalent_seconds against the simulator's log of each request (received / completed, on
    the machine's monotonic clock): the time to Equivalent is the resume's, from its requests until its read that found
    every session Equivalent - not the run's (module start, the read after it, the record's write)."""
    steps.output("end")
    wall = time.time() - time.monotonic()
    for host in PAIRS:
        drill = steps.left["end"]["records"][host]["drill"]
        log = simulator.counters(host)["log"]
        suspend = [e for e in log if e["method"] == "POST" and e["path"].endswith("/copysession/suspend")][0]
        first_resume = min((i for i, e in enumerate(log) if e["method"] == "POST" and e["path"].endswith("/resume")), key=lambda i: log[i]["received"])
        # The resume module's own requests: from its first resume to the next login (the read after it).
        logins = [i for i, e in enumerate(log) if i > first_resume and e["method"] == "POST" and e["path"] == "/api/v1/session"]
        module = log[first_resume:logins[0] if logins else len(log)]
        confirmed = [e for e in module if e["method"] == "GET"][-1]
        suspend_at, resume_at = suspend["received"] + wall, log[first_resume]["received"] + wall
        resynchronised = confirmed["completed"] - log[first_resume]["received"]
        seen = {"drill": drill, "suspend POST": suspend_at, "first resume POST": resume_at, "confirming GET answered": confirmed["completed"] + wall,
                "resume to confirming read": resynchronised}
        assert 0 <= suspend_at - utc_seconds(drill["suspend_sent_at"]) < BEFORE_REQUEST, seen
        # The end records when its resume was sent from the resume's own measure, not when the task started.
        assert -2 < resume_at - utc_seconds(drill["resume_sent_at"]) < 2, seen
        assert drill["time_to_equivalent_seconds"] == utc_seconds(drill["equivalent_at"]) - utc_seconds(drill["resume_sent_at"]), seen
        # Open from the suspend (read as done at opened_at) until the resume request: at most the time between the two
        # requests, at least that less the start's own wait and the stamps' lead.
        between = resume_at - suspend_at
        start_wait = utc_seconds(drill["opened_at"]) - utc_seconds(drill["suspend_sent_at"])
        assert between - start_wait - BEFORE_REQUEST <= drill["open_seconds"] <= between + 1, seen
        # The copy takes 1 s in the simulator.
        assert abs(drill["time_to_equivalent_seconds"] - resynchronised) <= 1.0 and drill["time_to_equivalent_seconds"] >= 1, seen
        assert -1 < utc_seconds(drill["equivalent_at"]) - (confirmed["completed"] + wall) < 2, seen


def test_status_after_the_end_shows_the_drills_closed(steps):
    output = steps.output("status-closed")
    assert "OPEN" not in output.split("Status - the drills of this array")[-1]
    assert output.count("closed at ") >= 3


def test_the_records_conform_to_the_audit_schema_and_hold_no_password(steps, simulator):
    steps.output(STEPS[-1].name)
    schema = json.loads(SCHEMA.read_text())
    password = simulator.connection_vars()["eternus_password"]
    for folder in ("records", AWX_RECORDS):
        paths = sorted((simulator.state_dir / folder).glob("*.json"))
        assert [p.name for p in paths] == ["rec_dr_test-%s.json" % host for host in PRIMARIES]
    for path in sorted((simulator.state_dir / "records").glob("*.json")) + sorted((simulator.state_dir / AWX_RECORDS).glob("*.json")):
        assert password not in path.read_text()
        jsonschema.validate(json.loads(path.read_text()), schema)
