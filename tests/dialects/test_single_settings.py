# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Each dialect setting on its own: the modules send the same requests and report the truth, whatever the array's dialect.

The keys and their allowed values come from the simulator's dialect definition (eternus_simulator.dialect), so a new
key is covered as soon as the simulator has it (a key whose values this module cannot choose fails, naming it). For
every key and each of its non-default values, only that key is set (PUT /admin/dialect), and the same steps run the
modules directly on a fixed set of sessions (rec_session_suspend with a failing session and ineligible ones skipped, a
forced suspend, a suspend that finds one already finishing, rec_session_resume with a failing session,
rec_session_reverse). Per step:

- the state-changing requests the module sent (method, path, body; login and logout aside) are exactly those the
  default dialect gets for the same step, and no kind of request the default run never sends was sent;
- the module reports the same outcome (changed, failed, which session went where);
- every session it reports suspended, resumed or reversed is in that state per the simulator's admin API (its own
  words), and the status it reports for a session is the admin API's.

One simulator per xdist worker (default scenario; ports: scenario + SIM_PORT_OFFSET + 250 + 10 * worker index), whose
dialect is set explicitly before every run, so SIM_DIALECT does not change what this module compares.
"""

from __future__ import annotations

import collections
import json
import os
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import canonical
from eternus_simulator import dialect as definition
from simulator_control import Simulator, port_offset, running_simulator, state_dir

ARRAY = "site-a"
LOGIN_TEMPLATES = ("/api/v1/session", "/api/v1/session/{session_id}")
JOB_DELETE = "/api/v1/job/{job_id}"
# Short jobs; a small page so every read of several sessions is paged (next_href, the id filter); a suspend's tail
# long enough for a module to find one still finishing.
SETTINGS = {"job_queued_seconds": 0.05, "job_running_seconds": 0.1, "suspend_finish_seconds": 0.6,
            "resume_copy_seconds": 0.5, "page_size": 4}
FINISHING_SECONDS = 3
POLL = {"poll_interval": 0.2}

# Plausible words an array may use instead of the simulator's own (eternus-rest-api.md §7), per word mapping key.
# "Processing" is a word the collection does not know: concurrent_suspend_result only times the polls, so an unknown
# word there must not change what a module does.
PLAUSIBLE_WORDS: dict[str, list[dict[str, str]]] = {
    "status": [{"Suspend": "Suspended", "Halt": "Halted", "Error_Suspend": "Error Suspend"}],
    "phase": [{"Copying_and_Tracking": "Copying and Tracking"}],
    "transfer_mode": [{"Stack": "Asynchronous Stack", "Consistency": "Asynchronous Consistency",
                       "Through": "Asynchronous Through"}],
    "suspend_result": [{"Running": "Processing"}],
}
# Integer keys: a cap no selection here reaches, and one every selection of more than two sessions exceeds.
INTEGER_VALUES: dict[str, list[int]] = {"id_list_cap": [512, 2]}


class Case(NamedTuple):
    key: str
    value: Any
    problem: str | None = None

    @property
    def id(self) -> str:
        value = self.value
        if isinstance(value, dict):
            value = "+".join("%s=%s" % item for item in value.items())
        return "%s=%s" % (self.key, value)


def non_default_values(key: str) -> list[Any]:
    default = definition.Dialect().as_dict()[key]
    if key.endswith("_words"):
        return PLAUSIBLE_WORDS.get(key[: -len("_words")], [])
    if key.endswith("_case"):
        return [case for case in definition.CASES if case != default]
    if key in definition.CHOICES:
        return [choice for choice in definition.CHOICES[key] if choice != default]
    if key == "id_list_cap_status":
        return [status for status in definition.CAP_STATUSES if status != default]
    return [value for value in INTEGER_VALUES.get(key, []) if value != default]


def cases() -> list[Case]:
    found = []
    for key in definition.KEYS:
        values = non_default_values(key)
        found += [Case(key, value) for value in values] or [
            Case(key, None, "no non-default value of the dialect key %r is known to this test: add some" % key)]
    return found


CASES = cases()


# -- the steps ------------------------------------------------------------------------------------------------------
class Step(NamedTuple):
    name: str
    module: str
    args: dict[str, Any]
    # sessions to fail in the step's job: {id: error_code}
    fail_in_job: dict[int, str] = {}
    # a suspend of these sessions started outside the module, still finishing when the module runs
    finishing: tuple[int, ...] = ()


# Scenario (tests/simulator/README.md): 1-3 Synchronous Equivalent, 4 Consistency Equivalent, 5 Stack Equivalent,
# 6 Stack Copying, 7 Synchronous Copying, 8 Halt, 9 Error, 10 Reserved, 11 Through, 12 Suspend, 13 tenant t1,
# 20 QuickOPC.
STEPS = [
    Step("suspend", "rec_session_suspend",
         {"session_ids": [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 20], "on_ineligible": "skip", **POLL}, fail_in_job={2: "0035"}),
    Step("suspend-forced", "rec_session_suspend",
         {"session_ids": [5, 7, 8], "force": True, "force_reason": "config_change", **POLL}),
    Step("suspend-finishing", "rec_session_suspend", {"session_ids": [13], **POLL}, finishing=(13,)),
    Step("resume", "rec_session_resume",
         {"session_ids": [1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 20], "on_ineligible": "skip", **POLL}, fail_in_job={3: "0199"}),
    Step("reverse", "rec_session_reverse",
         {"session_ids": [2, 3, 4, 9, 13], "copy_source": "remote", "on_ineligible": "skip", **POLL}),
]
# What a module reports about where each session went, by result key.
ID_LISTS = ("suspended", "already_suspended", "forced", "resumed", "already_active", "reversed", "already_in_direction")


class Run(NamedTuple):
    """One step's module result and what the array logged of it."""

    result: dict[str, Any]
    log: list[dict[str, Any]]
    # the sessions per the admin API right after the step
    admin: dict[int, dict[str, Any]]

    def state_changing(self) -> list[dict[str, Any]]:
        # A run deletes the jobs it made once they have ended: how many depends on how the ids were split (the id-list
        # cap) and on whether the array made the run send a suspend at all, and it changes no session.
        return [entry for entry in self.log if entry["method"] != "GET" and entry["template"] not in LOGIN_TEMPLATES
                and entry["template"] != JOB_DELETE]

    def kinds(self) -> set[str]:
        return {"%s %s" % (entry["method"], entry["template"]) for entry in self.log if entry["template"] not in LOGIN_TEMPLATES}


def request_key(entry: dict[str, Any]) -> str:
    """Method, path (the template where it holds a job id: jobs are numbered in the order they are made) and body."""
    path = entry["template"] if "{job_id}" in entry["template"] else entry["path"]
    return "%s %s %s" % (entry["method"], path, json.dumps(entry["body"], sort_keys=True))


def per_session_key(entry: dict[str, Any]) -> list[str]:
    """A bulk suspend as one item per session, for comparing runs that had to split a list the array refused."""
    body = entry["body"] or {}
    if entry["template"] == "/api/v1/copysession/suspend" and isinstance(body.get("copysession_id_list"), list):
        rest = {k: v for k, v in body.items() if k != "copysession_id_list"}
        return ["POST suspend %s %s" % (i, json.dumps(rest, sort_keys=True)) for i in body["copysession_id_list"]]
    return [request_key(entry)]


def hides_a_finishing_suspend(case: Case) -> bool:
    """The array shows no sign that a suspend is still finishing: no word, or one the collection does not know."""
    if case.key == "finishing_result":
        return case.value != "shown"
    if case.key == "suspend_result_words":
        return canonical("concurrent_suspend_result", case.value.get("Running", "Running")) is None
    return False


# Where the array hides a finishing suspend, the module cannot know it before it sends its own: the array refuses that
# suspend (its job fails for the session, nothing changes), the module reads the user's jobs once, finds the job that
# is suspending the session, waits for it and reports no change. Exactly this, and nothing else, may differ.
REFUSED_SUSPEND_OF_13 = 'POST /api/v1/copysession/suspend {"copysession_id_list": [13]}'
FINDING_THE_OTHER_JOB = {"POST /api/v1/copysession/suspend", "GET /api/v1/job", "GET /api/v1/job/{job_id}",
                         "DELETE /api/v1/job/{job_id}"}


def splits_lists(case: Case) -> bool:
    """An id-list cap below the longest selection of STEPS: the module must split what it sends by default in one."""
    return case.key == "id_list_cap" and case.value < max(len(step.args["session_ids"]) for step in STEPS)


def outcome(result: dict[str, Any]) -> dict[str, Any]:
    """What the module says it did, in terms that do not depend on the array's words or timing."""
    return {
        "failed": bool(result.get("failed")), "changed": bool(result.get("changed")),
        **{key: result[key] for key in ID_LISTS if key in result},
        "skipped": sorted(s["copysession_id"] for s in result.get("skipped_sessions") or []),
        "ineligible": sorted(s["copysession_id"] for s in result.get("ineligible_sessions") or []),
        "failed_sessions": sorted((s.get("copysession_id"), s.get("error_code")) for s in result.get("failed_sessions") or []),
        "actions": sorted((a["copysession_id"], a["action"]) for a in result.get("actions") or []),
    }


def start_finishing_suspend(sim: Simulator, ids: tuple[int, ...]) -> None:
    """A suspend job made outside the module, ended while its sessions still finish (as an operator's CLI would)."""
    sim.settings(suspend_finish_seconds=FINISHING_SECONDS)
    client = sim.client(ARRAY)
    try:
        job = client.run("/api/v1/copysession/suspend", {"copysession_id_list": list(ids)})
        assert job["status"] == "Success", job
    finally:
        client.call("DELETE", "/api/v1/session/%s" % client.login["session_id"])


def run_steps(sim: Simulator, mapping: dict[str, Any], work_dir: Path) -> dict[str, Run]:
    """Every step from the scenario's state with the array speaking mapping's dialect."""
    sim.reset(**SETTINGS)
    sim.set_dialect(mapping)
    assert sim.dialect(ARRAY)["applied"] == mapping
    runs = {}
    for step in STEPS:
        for session_id, code in step.fail_in_job.items():
            sim.admin(ARRAY, "POST", "/copysession/%d/fail_in_job" % session_id,
                      {"error_code": code, "message": "Simulated failure of session %d." % session_id})
        if step.finishing:
            start_finishing_suspend(sim, step.finishing)
        sim.admin(ARRAY, "DELETE", "/counters")
        result = sim.run_module(step.module, dict(step.args), work_dir / step.name)
        runs[step.name] = Run(result, sim.counters(ARRAY)["log"], sim.sessions(ARRAY))
        if step.finishing:
            sim.settings(suspend_finish_seconds=SETTINGS["suspend_finish_seconds"])
    return runs


# -- fixtures -------------------------------------------------------------------------------------------------------
def worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


@pytest.fixture(scope="session")
def simulator() -> Iterator[Simulator]:
    # The dialect is set before every run; a SIM_DIALECT of the caller (make dialect-matrix) must not be the baseline.
    saved = os.environ.pop("SIM_DIALECT", None)
    try:
        index = worker_index()
        with running_simulator(state_dir("dialect-settings-gw%d" % index), offset=port_offset(250 + 10 * index)) as sim:
            yield sim
    finally:
        if saved is not None:
            os.environ["SIM_DIALECT"] = saved


@pytest.fixture(scope="session")
def default_runs(simulator: Simulator) -> dict[str, Run]:
    """The steps in the default dialect, recorded once per worker."""
    runs = run_steps(simulator, {}, simulator.state_dir / "runs-default")
    return runs


def test_the_default_run_does_what_the_steps_are_for(default_runs: dict[str, Run]) -> None:
    """The baseline itself: each step reaches the state it is there for, so the comparisons below compare something."""
    suspend, forced, finishing, resume, reverse = (default_runs[step.name].result for step in STEPS)
    assert suspend["failed"] and suspend["suspended"] == [1, 3, 4, 5], suspend["msg"]
    assert [s["copysession_id"] for s in suspend["failed_sessions"]] == [2], suspend["msg"]
    assert forced["forced"] == [7, 8] and forced["suspended"] == [7, 8], forced["msg"]
    assert not finishing["changed"] and finishing["suspended"] == [13], finishing["msg"]
    assert finishing["actions"][0]["action"] == "wait", finishing["actions"]
    assert resume["failed"] and resume["resumed"] == [1, 4, 5, 7, 8, 12], resume["msg"]
    assert [s["copysession_id"] for s in resume["failed_sessions"]] == [3], resume["msg"]
    assert reverse["reversed"] == [3, 13], reverse["msg"]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_one_dialect_setting_changes_nothing_the_modules_send_or_report(
        simulator: Simulator, default_runs: dict[str, Run], case: Case) -> None:
    if case.problem:
        pytest.fail(case.problem)
    mapping = {case.key: case.value}
    runs = run_steps(simulator, mapping, simulator.state_dir / ("runs-" + case.id.replace("/", "_")))
    problems: list[str] = []
    for step in STEPS:
        run, default = runs[step.name], default_runs[step.name]
        where = "%s, step %s (%s)" % (case.id, step.name, run.result.get("msg"))
        # (a) the same state-changing requests; nothing of a kind the default run does not send
        if splits_lists(case):
            # A cap below a list the module sends: the same requests, one list split into several (the array may
            # refuse the first, too long, and register nothing); accepted, each session exactly as often as by default.
            refused = [e for e in run.state_changing() if e["status"] >= 300]
            sent = collections.Counter(k for e in run.state_changing() if e["status"] < 300 for k in per_session_key(e))
            wanted = collections.Counter(k for e in default.state_changing() for k in per_session_key(e))
            if sent != wanted or any(e["status"] not in (400, 413) for e in refused):
                problems.append("%s: accepted requests per session differ from the default dialect's:\n  got    %s\n"
                                "  wanted %s\n  refused %s" % (where, sorted(sent.elements()), sorted(wanted.elements()),
                                                               ["%s -> %s" % (request_key(e), e["status"]) for e in refused]))
        else:
            sent = collections.Counter(request_key(e) for e in run.state_changing())
            wanted = collections.Counter(request_key(e) for e in default.state_changing())
            if step.finishing and hides_a_finishing_suspend(case):
                wanted[REFUSED_SUSPEND_OF_13] += 1
            if sent != wanted:
                problems.append("%s: state-changing requests differ from the default dialect's:\n  got    %s\n  wanted %s"
                                % (where, sorted(sent.elements()), sorted(wanted.elements())))
        extra = run.kinds() - default.kinds()
        if step.finishing and hides_a_finishing_suspend(case):
            extra -= FINDING_THE_OTHER_JOB
        if extra:
            problems.append("%s: kinds of request the default dialect's run never sends: %s" % (where, sorted(extra)))
        # the same outcome
        got, wanted_outcome = outcome(run.result), outcome(default.result)
        if step.finishing and hides_a_finishing_suspend(case):
            # planned as a suspend (nothing showed the other one), done by the other job: no change, no failure
            wanted_outcome["actions"] = [(13, "suspend")]
            # A module run directly returns ansible-core's warning records, not strings: search their text.
            warnings = [json.dumps(warning) for warning in run.result.get("warnings") or []]
            if not any("job" in warning and "already suspending" in warning for warning in warnings):
                problems.append("%s: no warning names the job that was already suspending the session" % where)
        if got != wanted_outcome:
            diff = {k: (got.get(k), wanted_outcome.get(k)) for k in set(got) | set(wanted_outcome) if got.get(k) != wanted_outcome.get(k)}
            problems.append("%s: the module reports another outcome (got, default): %s" % (where, diff))
        # (b) what the module reports done is done, per the admin API right after the step
        problems += state_problems(where, run)
    assert not problems, "\n".join(problems)


def state_problems(where: str, run: Run) -> list[str]:
    """Sessions the step reports suspended, resumed or reversed that the admin API (the simulator's own words) does not
    show so, and sessions whose reported status is not the admin API's."""
    problems = []
    claims = {"suspended": ("status", "Suspend"), "forced": ("status", "Suspend"), "resumed": ("status", "Active"),
              "reversed": ("is_local_source_volume", False)}
    for key, (field, wanted) in claims.items():
        for session_id in run.result.get(key) or []:
            actual = run.admin[session_id][field]
            if actual != wanted:
                problems.append("%s: session %s is reported %s but the array holds %s %r" % (where, session_id, key, field, actual))
    for session in run.result.get("sessions") or []:
        session_id, word = session.get("copysession_id"), session.get("status")
        if session_id in run.admin and (canonical("status", word) or word) != run.admin[session_id]["status"]:
            problems.append("%s: session %s is reported with status %r but the array holds %r"
                            % (where, session_id, word, run.admin[session_id]["status"]))
    return problems
