# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Issue 15, the modules' part, against the simulator: every result names its array, a resume never discards the
destination's recorded changes unasked, two suspends of the same sessions tell the truth, and the messages of point 5."""

from __future__ import annotations

import contextlib
import json
import socket
import time

import pytest

SUSPEND = "rec_session_suspend"
RESUME = "rec_session_resume"
STORAGESYSTEM = "/api/v1/storagesystem"
JOBS = "/api/v1/job"


def boxid(sim, array):
    return sim.info["arrays"][array]["boxid"]


def identity(sim, array):
    return {"url": "https://127.0.0.1:%d" % sim.port(array), "boxid": boxid(sim, array), "name": array}


@contextlib.contextmanager
def rest(sim, array="site-a"):
    """A REST login of the array's administrator (the user the modules run as), logged out afterwards."""
    client = sim.client(array)
    try:
        yield client
    finally:
        client.call("DELETE", "/api/v1/session/%s" % client.login["session_id"])


def warnings_of(result):
    """The warnings' texts: ansible-core 2.19 returns each as an event object, older versions as a string."""
    texts = []
    for warning in result.get("warnings") or []:
        texts.append(warning if isinstance(warning, str) else ((warning.get("event") or {}).get("msg") or json.dumps(warning)))
    return texts


def registered_jobs(sim, array="site-a"):
    with rest(sim, array) as client:
        reply = client.get(JOBS)
    assert reply.status_code == 200, reply.text
    return reply.json().get("job_list") or []


# -- 1. array identity -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("module, args, check_mode", [
    ("api_info", {}, False),
    ("rec_session_info", {"session_ids": [1]}, False),
    (SUSPEND, {"session_ids": [1, 2, 3]}, True),
    (RESUME, {"session_ids": [12]}, True),
    ("rec_session_reverse", {"session_ids": [12], "copy_source": "remote"}, True),
], ids=["api_info", "rec_session_info", "suspend-check", "resume-check", "reverse-check"])
def test_every_module_result_names_the_array_from_one_read(sim, tmp_path, module, args, check_mode):
    result = sim.run_module(module, args, tmp_path, check_mode=check_mode)

    assert not result.get("failed"), result["msg"]
    assert result["array"] == identity(sim, "site-a")
    assert sim.requests_to(STORAGESYSTEM, method="GET") == 1
    assert sim.state_changing_requests() == []


def test_job_info_names_the_array_too(sim, tmp_path):
    with rest(sim) as client:
        job_id = client.submit("/api/v1/copysession/suspend", {"copysession_id_list": [1]})

    result = sim.run_module("job_info", {"job_id": job_id, "wait": True}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert result["array"] == identity(sim, "site-a")


def test_the_state_changing_messages_name_the_array_direction_and_peer(sim, tmp_path):
    source = sim.run_module(SUSPEND, {"session_ids": [1, 2, 3]}, tmp_path)
    destination = sim.run_module(RESUME, {"session_ids": [112]}, tmp_path, array="site-b", check_mode=True)

    assert source["msg"] == "suspended 3 session(s) on array %s: 1, 2, 3 (here -> peer %s)" % (boxid(sim, "site-a"), boxid(sim, "site-b"))
    assert destination["array"]["boxid"] == boxid(sim, "site-b")
    assert destination["msg"].startswith("would resume 1 session(s) on array %s: 112 (peer %s -> here)"
                                         % (boxid(sim, "site-b"), boxid(sim, "site-a")))


def test_a_refusal_names_each_session_with_its_volumes_direction_and_peer(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"session_ids": [7, 1]}, tmp_path)

    assert result["failed"] and result["array"]["boxid"] == boxid(sim, "site-a")
    assert result["msg"].startswith("nothing was changed on array %s: 1 selected session(s) cannot be suspended" % boxid(sim, "site-a"))
    assert "session 7 app_copying01 -> app_copying01 (here -> peer %s): not equivalent" % boxid(sim, "site-b") in result["msg"]


@pytest.mark.parametrize("form", ["absent", "forbidden", "no_boxid", "boxid_unknown", "empty_boxid", "null_boxid"])
def test_an_array_that_does_not_give_its_box_id_is_named_by_url_never_failed(sim, tmp_path, form):
    sim.set_dialect({"arrays": {"site-a": {"storagesystem": form}}})

    result = sim.run_module(SUSPEND, {"session_ids": [1]}, tmp_path, check_mode=True)

    assert not result.get("failed"), result["msg"]
    assert result["array"]["boxid"] is None
    assert result["array"]["url"] == "https://127.0.0.1:%d" % sim.port("site-a")
    assert "on array https://127.0.0.1:%d:" % sim.port("site-a") in result["msg"]
    assert sim.requests_to(STORAGESYSTEM, method="GET") == 1


# -- 2. resume consent -------------------------------------------------------------------------------------------

def suspended_pair(sim, tmp_path):
    """Sessions 1 (site-a, the source) and 101 (site-b, the destination) suspended, 64 written on site-b since."""
    assert not sim.run_module(SUSPEND, {"session_ids": [1]}, tmp_path).get("failed")
    sim.admin("site-b", "POST", "/copysession/101/write", {"side": "local", "amount": 64})


def test_a_resume_that_would_discard_the_destinations_changes_is_refused_with_the_amount(sim, tmp_path):
    suspended_pair(sim, tmp_path)

    for check_mode in (True, False):
        result = sim.run_module(RESUME, {"session_ids": [101]}, tmp_path, array="site-b", check_mode=check_mode)

        assert result["failed"] and not result["changed"]
        assert ("session 101 db_data01 -> db_data01 (peer %s -> here): suspended, and the destination volume (on this array) "
                "has recorded changes since the suspend (tracking_data_size 64, in the array's units)" % boxid(sim, "site-a")
                in result["msg"])
        assert "discard_destination_changes: true" in result["msg"]
        assert result["ineligible_sessions"] == [dict(result["ineligible_sessions"][0], copysession_id=101, destination_changes=64,
                                                      destination_changes_shown=True)]
    assert sim.state_changing_requests("site-b") == []
    assert sim.statuses([101], "site-b") == {101: "Suspend"}


def test_the_consent_resumes_and_says_what_was_discarded(sim, tmp_path):
    suspended_pair(sim, tmp_path)

    result = sim.run_module(RESUME, {"session_ids": [101], "discard_destination_changes": True}, tmp_path, array="site-b")

    assert not result.get("failed"), result["msg"]
    assert result["resumed"] == [101]
    assert result["actions"][0]["destination_changes"] == 64 and result["actions"][0]["destination_changes_shown"]
    assert "discarded the destination's recorded changes: 101" in result["msg"]
    assert any("discarding the changes recorded on the destination volume" in w and "101 (tracking_data_size 64)" in w
               for w in warnings_of(result))
    assert sim.statuses([101], "site-b") == {101: "Active"}


def test_on_the_source_array_the_destinations_changes_are_not_shown_and_a_warning_names_the_peer(sim, tmp_path):
    suspended_pair(sim, tmp_path)

    result = sim.run_module(RESUME, {"session_ids": [1]}, tmp_path, check_mode=True)

    assert not result.get("failed"), result["msg"]
    assert result["actions"][0]["destination_changes"] is None and result["actions"][0]["destination_changes_shown"] is False
    warnings = [w for w in warnings_of(result) if "does not show the changes recorded on the destination" in w]
    assert len(warnings) == 1 and "session(s) 1 (here -> peer %s)" % boxid(sim, "site-b") in warnings[0]


@pytest.mark.parametrize("view, refused", [("sum", True), ("missing", False), ("null", False)])
def test_the_tracking_dialects(sim, tmp_path, view, refused):
    suspended_pair(sim, tmp_path)
    sim.set_dialect({"tracking_data_size_view": view})

    result = sim.run_module(RESUME, {"session_ids": [101]}, tmp_path, array="site-b", check_mode=True)

    assert bool(result.get("failed")) is refused, result["msg"]
    if not refused:
        # Never refused on a missing value, but said so.
        assert result["actions"][0]["destination_changes"] is None
        assert any("does not report tracking_data_size" in w for w in warnings_of(result))


# -- the peer's reading given to a resume on the copy source's array (destination_changes_on_peer; audit gap 2) ---------

RESUME_POSTS = "/api/v1/copysession/{copysession_id}/resume"


def read_on_peer(sim, tmp_path, peer_id):
    """The destination's recorded changes as the roles read them: rec_session_info on the peer array (site-b)."""
    info = sim.run_module("rec_session_info", {"session_ids": [peer_id]}, tmp_path, array="site-b")
    assert not info.get("failed"), info["msg"]
    return info["sessions"][0]["tracking_data_size"]


def test_changes_read_on_the_peer_stop_the_resume_on_the_source_array_without_consent(sim, tmp_path):
    suspended_pair(sim, tmp_path)
    on_peer = read_on_peer(sim, tmp_path, 101)
    assert on_peer == 64
    sim.admin("site-a", "DELETE", "/counters")

    for check_mode in (True, False):
        result = sim.run_module(RESUME, {"session_ids": [1], "destination_changes_on_peer": {1: on_peer}}, tmp_path,
                                check_mode=check_mode)

        assert result["failed"] and not result["changed"]
        assert ("session 1 db_data01 -> db_data01 (here -> peer %s): suspended, and the destination volume (on the peer array) "
                "has recorded changes since the suspend: tracking_data_size 64 (read on the peer), in the array's units"
                % boxid(sim, "site-b")) in result["msg"]
        assert result["ineligible_sessions"] == [dict(result["ineligible_sessions"][0], copysession_id=1, destination_changes=64,
                                                      destination_changes_shown=True, destination_changes_source="peer")]
    # The array's request counters: no resume, nothing that changes state.
    assert sim.requests_to(RESUME_POSTS, method="POST") == 0
    assert sim.state_changing_requests("site-a") == []
    assert sim.statuses([1]) == {1: "Suspend"}


def test_changes_read_on_the_peer_are_discarded_with_consent_and_the_warning_says_where_they_were_read(sim, tmp_path):
    suspended_pair(sim, tmp_path)

    result = sim.run_module(RESUME, {"session_ids": [1], "destination_changes_on_peer": {"1": 64}, "discard_destination_changes": True},
                            tmp_path)

    assert not result.get("failed"), result["msg"]
    assert result["resumed"] == [1] and "discarded the destination's recorded changes: 1" in result["msg"]
    assert any("discarding the changes recorded on the destination volume" in w and "1 (tracking_data_size 64 read on the peer)" in w
               for w in warnings_of(result))
    assert sim.requests_to(RESUME_POSTS, method="POST") == 1


def test_zero_read_on_the_peer_resumes_without_a_warning(sim, tmp_path):
    assert not sim.run_module(SUSPEND, {"session_ids": [1]}, tmp_path).get("failed")
    on_peer = read_on_peer(sim, tmp_path, 101)
    assert on_peer == 0

    rehearsal = sim.run_module(RESUME, {"session_ids": [1], "destination_changes_on_peer": {1: on_peer}}, tmp_path, check_mode=True)
    result = sim.run_module(RESUME, {"session_ids": [1], "destination_changes_on_peer": {1: on_peer}}, tmp_path)

    for run in (rehearsal, result):
        assert not run.get("failed"), run["msg"]
        assert warnings_of(run) == []
        assert [(a["action"], a["destination_changes"], a["destination_changes_shown"], a["destination_changes_source"])
                for a in run["actions"]] == [("resume", 0, True, "peer")]
    assert result["resumed"] == [1] and sim.requests_to(RESUME_POSTS, method="POST") == 1
    assert sim.statuses([1]) == {1: "Active"}


def test_on_the_destinations_array_the_given_value_is_ignored(sim, tmp_path):
    suspended_pair(sim, tmp_path)

    result = sim.run_module(RESUME, {"session_ids": [101], "destination_changes_on_peer": {101: 0}}, tmp_path, array="site-b",
                            check_mode=True)

    assert result["failed"] and result["ineligible_sessions"][0]["destination_changes"] == 64
    assert result["ineligible_sessions"][0]["destination_changes_source"] == "array"


@pytest.mark.parametrize("args, named", [
    ({"session_ids": [1], "destination_changes_on_peer": {101: 0}}, "names session(s) 101, which are not among the selected sessions"),
    ({"session_ids": [1], "destination_changes_on_peer": {1: -5}}, "1: -5"),
    ({"session_ids": [1], "destination_changes_on_peer": {1: "lots"}}, "1: 'lots'"),
    ({"session_ids": [1], "destination_changes_on_peer": {"first": 0}}, "'first'"),
    ({"match": {"source_volume_name": "db_data01"}, "destination_changes_on_peer": {101: 0}},
     "names session(s) 101, which are not among the selected sessions of this array (1)"),
], ids=["peer-id", "negative", "not-a-number", "not-an-id", "match-peer-id"])
def test_a_bad_peer_reading_is_refused_before_any_request(sim, tmp_path, args, named):
    suspended_pair(sim, tmp_path)
    sim.admin("site-a", "DELETE", "/counters")

    for check_mode in (True, False):
        result = sim.run_module(RESUME, args, tmp_path, check_mode=check_mode)

        assert result["failed"] and not result.get("changed")
        assert "destination_changes_on_peer" in result["msg"] and named in result["msg"], result["msg"]
        assert result["msg"].endswith("nothing was sent to the array")
    if "session_ids" in args:
        assert sim.counters()["requests"] == {}  # refused before the login
    assert sim.state_changing_requests("site-a") == []
    assert sim.statuses([1]) == {1: "Suspend"}


# -- 3. and 4. suspend jobs: deleted when done, and two runs at once tell the truth --------------------------------

def test_a_suspend_deletes_the_jobs_it_created_once_they_ended(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"session_ids": [1, 2, 3]}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert [(job["status"], job["deleted"]) for job in result["jobs"]] == [("Success", True)]
    assert registered_jobs(sim) == []
    assert sim.requests_to("/api/v1/job/{job_id}", method="DELETE") == 1


def test_without_wait_the_jobs_stay_for_job_info(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"session_ids": [1], "wait": False}, tmp_path)

    assert result["jobs"][0]["deleted"] is False
    assert [job["job_id"] for job in registered_jobs(sim)] == [result["jobs"][0]["job_id"]]


def test_two_suspends_of_the_same_sessions_started_together_each_tell_the_truth(sim, tmp_path):
    # Both runs read the sessions before the first job has started (a job waits 2 s in the queue), so both send a
    # suspend; the sessions take a while to finish theirs, as on an array, so the refused run can find the other job.
    sim.settings(job_queued_seconds=2.0, job_running_seconds=0.2, suspend_finish_seconds=1.5)
    args = {"session_ids": [1, 2, 3], "poll_interval": 0.2}
    runs = [sim.start_module(SUSPEND, args, tmp_path / ("run%d" % n)) for n in (1, 2)]
    results = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=120)
        results.append(json.loads(stdout))

    assert all(not r.get("failed") for r in results), [r["msg"] for r in results]
    assert sim.statuses([1, 2, 3]) == {1: "Suspend", 2: "Suspend", 3: "Suspend"}
    changed = [r for r in results if r["changed"]]
    unchanged = [r for r in results if not r["changed"]]
    assert len(changed) == 1 and len(unchanged) == 1, [r["msg"] for r in results]
    first, second = changed[0], unchanged[0]
    first_job = first["jobs"][0]["job_id"]
    assert first["suspended"] == [1, 2, 3] and first["suspended_by_other_jobs"] == []
    # both report the sessions suspended; only the first changed them, and the second's message says who did
    assert second["suspended"] == [1, 2, 3] and [a["action"] for a in second["actions"]] == ["suspend"] * 3
    assert second["msg"] == "nothing suspended on array %s: suspended by job %d, not by this run: 1, 2, 3" % (boxid(sim, "site-a"), first_job)
    assert [(e["copysession_id"], e["job_id"]) for e in second["suspended_by_other_jobs"]] == [(1, first_job), (2, first_job), (3, first_job)]
    assert second["jobs"][0]["status"] == "Error"
    warnings = [w for w in warnings_of(second) if "refused this run's suspend" in w]
    assert len(warnings) == 1 and "job %d was already suspending them" % first_job in warnings[0]
    assert "session(s) 1, 2, 3" in warnings[0]
    # Both runs deleted their jobs.
    assert registered_jobs(sim) == []


def test_a_refused_suspend_whose_sessions_do_not_end_suspended_fails(sim, tmp_path):
    sim.admin("site-a", "POST", "/copysession/2/fail_in_job", {"error_code": "0199", "message": "volume busy"})

    result = sim.run_module(SUSPEND, {"session_ids": [1, 2]}, tmp_path)

    assert result["failed"] and result["suspended"] == [1] and result["suspended_by_other_jobs"] == []
    assert "suspend failed on array %s for session(s) 2" % boxid(sim, "site-a") in result["msg"]
    assert "session 2: volume busy (error_code 0199)" in result["msg"]


def test_another_failure_of_the_runs_own_job_fails_even_when_the_session_ends_suspended(sim, tmp_path):
    # Gap 6 of the issue 15 audit: the run's job fails session 2 with 0199 (not "a suspend is still running"), and the
    # session is suspended anyway (here by the admin API while the job waits in the queue): no other job is listed, so
    # the run may not say that another request suspended it - it fails, naming the session, its job and the error.
    sim.settings(job_queued_seconds=2.0)
    sim.admin("site-a", "POST", "/copysession/2/fail_in_job", {"error_code": "0199", "message": "volume busy"})
    run = sim.start_module(SUSPEND, {"session_ids": [1, 2], "poll_interval": 0.2}, tmp_path)
    sim.wait_until(sim.suspend_posts, "the run's suspend request")
    sim.admin("site-a", "POST", "/copysession/2/state", {"status": "Suspend", "concurrent_suspend_result": "Succeeded"})
    stdout, _stderr = run.communicate(timeout=120)
    result = json.loads(stdout)

    assert result["failed"] and result["changed"], result["msg"]
    job_id = result["jobs"][0]["job_id"]
    assert result["suspended"] == [1] and result["suspended_by_other_jobs"] == []
    assert [(f["copysession_id"], f["job_id"], f["error_code"], f["status"]) for f in result["failed_sessions"]] == [
        (2, job_id, "0199", "Suspend")]
    assert result["msg"].startswith("suspend failed on array %s for session(s) 2: session 2: this run's suspend job %d failed it: "
                                    "volume busy. The session reads Suspend now" % (boxid(sim, "site-a"), job_id))
    assert "(error_code 0199); suspended: 1" in result["msg"]
    assert not any("refused this run's suspend" in w for w in warnings_of(result))
    assert sim.statuses([1, 2]) == {1: "Suspend", 2: "Suspend"}
    assert registered_jobs(sim) == []


# -- 5. messages ---------------------------------------------------------------------------------------------------

def test_missing_credentials_name_the_options_the_environment_and_the_roles(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"host": "127.0.0.1", "port": sim.port("site-a"), "session_ids": [1]}, tmp_path, connection=False)

    assert result["failed"]
    assert result["msg"].startswith("missing required arguments: password, username")
    for text in ("ETERNUS_PASSWORD", "ETERNUS_USERNAME", "ETERNUS_HOST", "ETERNUS_CA_PATH", "rec_failover_", "rec_failback_"):
        assert text in result["msg"], text
    assert sim.counters()["requests"] == {}


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_ca_path_that_does_not_exist_is_named_before_any_request(sim, tmp_path, how):
    missing = str(tmp_path / "no-such-ca.pem")
    args = {"session_ids": [1]}
    env = None
    if how == "option":
        args["ca_path"] = missing
        result = sim.run_module(SUSPEND, args, tmp_path)
    else:
        connection = dict(sim.connection("site-a"))
        connection.pop("ca_path")
        env = {"ETERNUS_CA_PATH": missing}
        result = sim.run_module(SUSPEND, dict(connection, **args), tmp_path, connection=False, env=env)

    assert result["failed"]
    assert "ca_path %s" % missing in result["msg"] and "does not exist" in result["msg"] and "ETERNUS_CA_PATH" in result["msg"]
    assert sim.counters()["requests"] == {}


def test_an_empty_password_is_refused_without_asking_the_array(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"session_ids": [1], "password": ""}, tmp_path)

    assert result["failed"] and "password is empty" in result["msg"] and "ETERNUS_PASSWORD" in result["msg"]
    assert sim.counters()["requests"] == {}


def test_a_refused_connection_says_so_without_the_librarys_retry_words(sim, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    started = time.monotonic()
    result = sim.run_module(SUSPEND, {"session_ids": [1], "port": port}, tmp_path)

    assert result["failed"]
    assert "connection refused by 127.0.0.1:%d" % port in result["msg"]
    assert "Max retries exceeded" not in result["msg"] and "gave up after" not in result["msg"]
    assert time.monotonic() - started < 30


def test_validate_certs_false_warns_once(sim, tmp_path):
    result = sim.run_module("rec_session_info", {"session_ids": [1], "validate_certs": False}, tmp_path)

    assert not result.get("failed"), result["msg"]
    assert len([w for w in warnings_of(result) if "validate_certs is false" in w]) == 1


def test_an_empty_match_lists_only_the_keys_that_are_accepted(sim, tmp_path):
    result = sim.run_module(SUSPEND, {"match": {}}, tmp_path)

    assert result["failed"]
    assert "give at least one of: remote_boxid, transfer_mode, source_volume_name, destination_volume_name" in result["msg"]
    assert "status" not in result["msg"] and "phase" not in result["msg"]
    refused = sim.run_module(SUSPEND, {"match": {"status": "Halt"}}, tmp_path)
    assert refused["failed"] and "match.status" in refused["msg"]


def test_a_forced_suspend_of_a_halted_session_with_nothing_uncopied_does_not_warn_of_loss(sim, tmp_path):
    sim.admin("site-a", "POST", "/copysession/8/state", {"uncopied_data_size": 0})
    args = {"session_ids": [8], "force": True, "force_reason": "copy_path_recovery", "force_scope": "halted"}

    for check_mode in (True, False):
        result = sim.run_module(SUSPEND, args, tmp_path, check_mode=check_mode)

        assert not result.get("failed"), result["msg"]
        assert result["forced"] == [8] and result["data_loss"][0]["uncopied_data_size"] == 0
        assert not any("unusable" in w for w in warnings_of(result)), warnings_of(result)
        assert "no data is left behind (uncopied_data_size 0)" in result["actions"][0]["reason"]


def test_a_forced_suspend_that_leaves_data_behind_still_warns_with_the_amount(sim, tmp_path):
    args = {"session_ids": [8], "force": True, "force_reason": "copy_path_recovery", "force_scope": "halted"}

    result = sim.run_module(SUSPEND, args, tmp_path, check_mode=True)

    warnings = [w for w in warnings_of(result) if "force-suspend" in w]
    assert len(warnings) == 1
    assert ("session 8 app_halt01 -> app_halt01 (here -> peer %s): the data not yet copied (uncopied_data_size 1024) stays behind"
            % boxid(sim, "site-b")) in warnings[0]
