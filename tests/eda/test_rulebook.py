# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ansible-rulebook runs extensions/eda/rulebooks/rec_copy_path_watch.yml against the simulator.

The rulebook watches site-b (tests/eda/scenario.yml: the destinations of site-a's db_* and site-c's erp_* pairs) with
the event source fujitsu.eternus.rec_sessions. The test cuts the copy path between site-b and site-a through the
simulator's admin API and checks, within a bounded time, that the source reported exactly those sessions, that the
rulebook ran the unplanned failover's rehearsal for exactly them and published its report, that the restored path was
reported, that an expired login was renewed, that nothing but reads and logins reached any array (and every login
was closed), and that neither the password nor a token appears in ansible-rulebook's output - run with -v, so that the
source's own log lines are in it.

ansible-rulebook comes from build/eda-venv (tests/eda/requirements.txt; make eda-test installs it) and needs a Java 17
runtime: JAVA_HOME, else the java on PATH; without one (or with an older one) the test fails, naming both.
JAVA_TOOL_OPTIONS=-Xrs leaves SIGTERM to ansible-rulebook (the JVM inside it would otherwise end the process at once),
so the source logs out when the rulebook is stopped.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from simulator_control import COLLECTIONS, REPO_ROOT, Simulator, clean_environment, port_offset, running_simulator, state_dir

EDA_VENV = Path(os.environ.get("EDA_VENV") or REPO_ROOT / "build" / "eda-venv")
RULEBOOK = REPO_ROOT / "extensions" / "eda" / "rulebooks" / "rec_copy_path_watch.yml"
SCENARIO = Path(__file__).resolve().parent / "scenario.yml"
SCHEMA = json.loads((REPO_ROOT / "docs" / "schemas" / "rec_report.schema.json").read_text())
BOXID = {"site-a": "00ETERNUSDXM##ET503S20A####SIMA00001####", "site-b": "00ETERNUSDXM##ET503S20A####SIMB00002####"}
CUT = [101, 102, 103, 104]
WATCHED = [101, 102, 103, 104, 201, 202]
TOKEN_FORM = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Bounds: ansible-rulebook starts its JVM in a few seconds; the rehearsal takes about fifteen.
STARTED_WITHIN, REHEARSED_WITHIN, RESTORED_WITHIN = 60, 90, 30
READS_AND_LOGINS = re.compile(r"^(GET .*|POST /api/v1/session|DELETE /api/v1/session/\{session_id\})$")


def java_home() -> str | None:
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    return str(Path(os.path.realpath(java)).parents[1]) if java else None


def java_17_problem() -> str | None:
    """Why ansible-rulebook cannot run here (no Java 17 or later where it looks: JAVA_HOME, else the java on PATH), or
    None. make eda-test runs this test: without Java it fails saying so, it is not skipped."""
    home = java_home()
    java = str(Path(home) / "bin" / "java") if home else None
    told = "JAVA_HOME=%s" % (os.environ.get("JAVA_HOME") or "(not set)")
    found = "java on PATH: %s" % (shutil.which("java") or "none")
    if not java or not os.access(java, os.X_OK):
        return "ansible-rulebook needs a Java 17 runtime and there is none: %s, %s (no %s)" % (told, found, java or "bin/java")
    try:
        shown = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "ansible-rulebook needs a Java 17 runtime: %s -version failed (%s); %s, %s" % (java, exc, told, found)
    version = re.search(r'version "(\d+)(?:\.(\d+))?', shown.stderr + shown.stdout)
    major = int(version.group(1)) if version else None
    if major == 1 and version.group(2):
        major = int(version.group(2))  # 1.8 is Java 8
    if major is None or major < 17:
        first = (shown.stderr + shown.stdout).strip().splitlines()[:1]
        return "ansible-rulebook needs a Java 17 runtime; %s is %s; %s, %s: set JAVA_HOME to a Java 17 (or later) runtime" % (
            java, first[0] if first else "of an unknown version", told, found)
    return None


class Rulebook:
    """ansible-rulebook running in the background, its output in a file."""

    def __init__(self, work: Path, sim) -> None:
        self.out_path = work / "ansible-rulebook.out"
        connection = sim.connection_vars()
        self.password = connection["eternus_password"]
        self.username = connection["eternus_username"]
        inventory = {"eternus_arrays": {"vars": {"ansible_connection": "local", "eternus_host": "127.0.0.1",
                                                 "ansible_python_interpreter": "{{ ansible_playbook_python }}"},
                                        "hosts": {"site-b": {"eternus_port": sim.port("site-b")}}}}
        (work / "inventory.yml").write_text(yaml.safe_dump(inventory))
        variables = {"eternus_watch_inventory_host": "site-b", "eternus_watch_host": "127.0.0.1",
                     "eternus_watch_port": sim.port("site-b"), "eternus_watch_interval": 1,
                     "eternus_rehearsal_report_dir": str(work / "reports")}
        (work / "vars.yml").write_text(yaml.safe_dump(variables))
        self.report_path = work / "reports" / "rec_failover-site-b.json"
        # The login reaches the source and the rehearsal only through the environment, as the rulebook documents.
        env = clean_environment({
            "PATH": "%s:%s" % (EDA_VENV / "bin", os.environ.get("PATH", "")), "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS),
            "ANSIBLE_HOME": str(work / "ansible-home"), "ANSIBLE_LOCAL_TEMP": str(work / "tmp"), "ANSIBLE_NOCOLOR": "1",
            "ETERNUS_USERNAME": connection["eternus_username"], "ETERNUS_PASSWORD": self.password,
            "ETERNUS_CA_PATH": connection["eternus_ca_path"], "ETERNUS_VALIDATE_CERTS": "true", "JAVA_TOOL_OPTIONS": "-Xrs"})
        if java_home():
            env["JAVA_HOME"] = java_home()
        self.out = open(self.out_path, "w")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [str(EDA_VENV / "bin" / "ansible-rulebook"), "--rulebook", str(RULEBOOK), "--inventory", str(work / "inventory.yml"),
             "--vars", str(work / "vars.yml"), "--print-events", "-v"],
            cwd=work, env=env, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def text(self) -> str:
        return ANSI.sub("", self.out_path.read_text(errors="replace"))

    def wait_for(self, what: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while what not in self.text():
            assert self.process.poll() is None, "ansible-rulebook ended (rc %s):\n%s" % (self.process.returncode, self.text()[-5000:])
            assert time.monotonic() < deadline, "not in ansible-rulebook's output within %s s: %s\n%s" % (seconds, what, self.text()[-5000:])
            time.sleep(0.25)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.out.close()
        return self.process.returncode

    def events(self) -> list[dict]:
        """The events ansible-rulebook received (--print-events: a header line, 'Event:', the event as a Python literal)
        and those it posted itself."""
        events, lines = [], self.text().splitlines()
        for number, line in enumerate(lines):
            # An event from the source; an event the rulebook posted itself (run_playbook's post_events) is shown as set-facts.
            received = line.startswith("** ") and "[received event]" in line and lines[number + 2:number + 3] == ["Event:"]
            posted = line.startswith("** ") and "[playbook: set-facts]" in line
            if received or posted:
                body = []
                for following in lines[number + (3 if received else 1):]:
                    if re.fullmatch(r"\*+", following):
                        break
                    body.append(following)
                events.append(ast.literal_eval("\n".join(body)))
        return events


@pytest.fixture(scope="module")
def run():
    """One run: start the rulebook, cut the copy path to site-a, wait for the rehearsal, restore the path, stop."""
    if not (EDA_VENV / "bin" / "ansible-rulebook").exists():
        pytest.fail("ansible-rulebook is not installed in %s: make eda-test installs it (tests/eda/requirements.txt)" % EDA_VENV)
    problem = java_17_problem()
    if problem:
        pytest.fail(problem)
    work = state_dir("eda-rulebook")
    with running_simulator(work / "simulator", SCENARIO, port_offset(6500)) as sim:
        rulebook = Rulebook(work, sim)
        timings = {}
        try:
            start = time.monotonic()
            rulebook.wait_for("watching 6 REC session(s) of %s" % sim.url("site-b"), STARTED_WITHIN)
            timings["started"] = time.monotonic() - start
            # The array ends the source's login (tokens live 30 minutes, use does not extend them): the next poll
            # logs in again, and no poll fails.
            assert sim.admin("site-b", "POST", "/expire_tokens")["expired"] == 1
            Simulator.wait_until(lambda: sim.counters("site-b")["logins"] == 2, "the source logged in again", timeout=15)
            cut_at = time.monotonic()
            halted = sim.admin("site-b", "POST", "/copy_path_loss", {"remote_boxid": BOXID["site-a"]})["halted"]
            rulebook.wait_for("REC failover rehearsal of site-b", REHEARSED_WITHIN)
            timings["rehearsed"] = time.monotonic() - cut_at
            restored_at = time.monotonic()
            # All four in one step, as the path comes back: one by one, a poll between two of them would see two restores.
            assert sim.admin("site-b", "POST", "/copy_path_restore", {"remote_boxid": BOXID["site-a"]})["restored"] == CUT
            # The rule's debug action (after the banner), not the event as --print-events shows it: the rulebook has
            # handled the event. SIGTERM while an action runs can leave ansible-rulebook hanging.
            rulebook.wait_for("*\ncopy path restored on 4 session(s)", RESTORED_WITHIN)
            time.sleep(0.5)
            timings["restored"] = time.monotonic() - restored_at
        finally:
            rc = rulebook.stop()
        counters = {array: sim.counters(array) for array in ("site-a", "site-b", "site-c")}
        final = sim.sessions("site-b")
    yield {"halted": halted, "rulebook": rulebook, "text": rulebook.text(), "events": rulebook.events(), "counters": counters,
           "rc": rc, "timings": timings, "final": final,
           "report": json.loads(rulebook.report_path.read_text()) if rulebook.report_path.exists() else None}


def events_of(run, kind):
    return [event for event in run["events"] if event.get("type") == kind]


def test_the_source_reports_the_cut_sessions_and_only_them(run):
    assert run["halted"] == CUT
    (started,) = events_of(run, "watch_started")
    assert started["session_ids"] == WATCHED and started["halted_ids"] == []
    assert started["array"]["boxid"] == BOXID["site-b"]
    changed = events_of(run, "session_changed")
    # Halt, then Active again: two changes for each cut session, none for site-c's pairs.
    assert sorted(e["copysession_id"] for e in changed) == sorted(CUT * 2)
    for event in changed[:4]:
        assert event["halted"] == {"previous": False, "new": True} and event["peer_boxid"] == BOXID["site-a"]
        assert event["array"]["boxid"] == BOXID["site-b"] and event["session"]["is_local_source_volume"] is False
    assert {e["copysession_id"]: e["uncopied_data_size"] for e in changed[:4]} == {101: 0, 102: 0, 103: 0, 104: 512}
    (lost,) = events_of(run, "copy_path_lost")
    assert lost["halted_ids"] == lost["newly_halted_ids"] == CUT and lost["peer_boxid"] == BOXID["site-a"] and not lost["initial"]
    assert lost["message"] == "copy path lost on 4 session(s) to peer %s (101, 102, 103, 104); 4 halted on this array: " \
                              "101, 102, 103, 104" % BOXID["site-a"]
    (restored,) = events_of(run, "copy_path_restored")
    assert restored["no_longer_halted_ids"] == CUT and restored["halted_ids"] == []
    assert not events_of(run, "array_unreachable") and not events_of(run, "poll_failed")


def test_the_rulebook_ran_the_rehearsal_for_exactly_the_cut_sessions_and_published_its_report(run):
    report = run["report"]
    assert report is not None, "the rehearsal wrote no report:\n%s" % run["text"][-5000:]
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(report)) == []
    assert report["check_mode"] is True and report["rehearsal"] is True and report["mode"] == "unplanned"
    assert report["result"] == "succeeded" and report["force_reason"] == "copy_path_recovery"
    assert report["array"]["boxid"] == BOXID["site-b"] and report["expected_peer_boxid"] == BOXID["site-a"]
    assert [s["copysession_id"] for s in report["sessions"]] == CUT
    assert {s["action"] for s in report["sessions"]} == {"force_suspend"}
    assert {s["copysession_id"]: s["data_left_behind"] for s in report["sessions"]} == {101: 0, 102: 0, 103: 0, 104: 512}
    assert report["summary"]["sessions"] == 4 and report["summary"]["forced"] == 4 and report["summary"]["data_left_behind"] == 512
    # The report came back into the rulebook as an event, and the rule that shows it ran.
    (published,) = [e["rec_failover_rehearsal"] for e in run["events"] if "rec_failover_rehearsal" in e]
    assert published["sessions"] == CUT and published["check_mode"] is True and published["rc"] == 0
    # The report counts the rehearsal's sessions as suspended (check_mode true): the rulebook says "would".
    assert "rehearsal, nothing was sent: a forced failover would suspend 4 of 4 session(s) (4 forced), would leave " \
           "uncopied_data_size 512 behind and would refuse 0" in run["text"]
    assert "NOT A REHEARSAL" not in run["text"]
    assert "sessions [101, 102, 103, 104]\n" in run["text"]
    assert "REHEARSAL (check mode): nothing will be sent" in run["text"]
    # The rehearsal's own output is plain text, without ansible-runner's event markers (base64 of '{"uuid": ').
    assert "eyJ1dWlkIjog" not in run["text"]
    # Only one rehearsal: the restore runs none.
    assert run["text"].count("REC failover rehearsal of site-b") == 1


def test_nothing_state_changing_reached_any_array_and_every_login_was_closed(run):
    for array, counters in run["counters"].items():
        assert [key for key in counters["requests"] if not READS_AND_LOGINS.match(key)] == [], array
        assert counters["open_sessions"] == 0, "%s: a login was left open" % array
    # site-b: the source's login (kept for every poll), its new login once the array had ended the first, the rehearsal's.
    assert run["counters"]["site-b"]["logins"] == 3
    assert run["counters"]["site-a"]["logins"] == run["counters"]["site-c"]["logins"] == 0
    assert {sid: s["status"] for sid, s in run["final"].items()} == {sid: "Active" for sid in WATCHED}


def test_the_output_holds_the_sources_own_log_lines(run):
    # ansible-rulebook -v: the source's INFO lines (and WARNING ones, had a poll failed) are in the output the next
    # test scans for secrets.
    url = run["events"][0]["array"]["url"]
    line = " - fujitsu.eternus.rec_sessions - INFO - fujitsu.eternus.rec_sessions: watching the REC sessions of %s as %s every 1 s" % (
        url, run["rulebook"].username)
    assert line in run["text"], run["text"][:3000]


def test_neither_the_password_nor_a_token_appears_in_the_output(run):
    assert run["rulebook"].password not in run["text"]
    assert "Bearer" not in run["text"]
    assert TOKEN_FORM.findall(run["text"]) == []


def test_the_run_is_bounded_and_ends_cleanly(run):
    assert run["timings"]["rehearsed"] < REHEARSED_WITHIN and run["timings"]["restored"] < RESTORED_WITHIN
    assert run["rc"] == 0, run["text"][-3000:]


def rulebook_schema() -> dict:
    (schema,) = EDA_VENV.glob("lib/python3*/site-packages/ansible_rulebook/schema/ruleset_schema.json")
    return json.loads(schema.read_text())


@pytest.mark.parametrize("rulebook", sorted(RULEBOOK.parent.glob("*.yml")), ids=lambda p: p.name)
def test_every_rulebook_follows_ansible_rulebooks_schema(rulebook):
    assert list(jsonschema.Draft202012Validator(rulebook_schema()).iter_errors(yaml.safe_load(rulebook.read_text()))) == []


def test_the_event_sources_examples_follow_ansible_rulebooks_schema():
    source = (REPO_ROOT / "extensions" / "eda" / "plugins" / "event_source" / "rec_sessions.py").read_text()
    examples = yaml.safe_load(ast.literal_eval(re.search(r'^EXAMPLES = (r""".*?""")$', source, re.S | re.M).group(1)))
    assert list(jsonschema.Draft202012Validator(rulebook_schema()).iter_errors(examples)) == []
