# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every table the failover, failback and drill views show: each value starts in the column of its header (issue 15,
readable output: the failback plan's "changes home" value once sat under "changes here"), whatever the lengths of the
volume names, states and numbers; and the failback's titles name the array and the expected home array."""

from __future__ import annotations

import pytest

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_dr_test as dr
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback as fb
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback_view as fbv
from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failover as rf
from ansible_collections.fujitsu.eternus.plugins.plugin_utils._rec_report import table

HOME = "00ETERNUSDXM##ET503S20A####SIMA00001####"
HERE = {"url": "https://127.0.0.1:15666", "boxid": "00ETERNUSDXM##ET503S20A####SIMB00002####", "name": "site-b"}
LONG = "a_volume_name_much_longer_than_any_column_was_sized_for_%d"


def columns(header_line: str, labels) -> list[int]:
    """Where each header label starts in the header line (the labels in order, two spaces between columns)."""
    starts, at = [], 0
    for label in labels:
        found = header_line.index(label, at)
        assert found == 0 or header_line[found - 2:found] == "  ", (label, header_line)
        starts.append(found)
        at = found + len(label)
    return starts


def cells(line: str, starts: list[int]) -> list[str]:
    """A row cut at the header's column starts."""
    return [line[start:end].strip() for start, end in zip(starts, starts[1:] + [len(line)])]


def assert_aligned(lines: list[str], labels, rows: list[tuple] | None = None) -> None:
    """The first line is the header: every following line has a value starting exactly at each column's start, two
    spaces after the column before; with ``rows``, the cells read at the header's columns are those values."""
    starts = columns(lines[0], labels)
    for line in lines[1:]:
        for start in starts[1:]:
            assert line[start - 2:start] == "  " and line[start] != " ", "misaligned at %d:\n%s\n%s" % (start, lines[0], line)
    if rows is not None:
        assert [cells(line, starts) for line in lines[1:]] == [[str(cell) for cell in row] for row in rows]


def test_a_table_puts_every_value_under_its_header_whatever_its_length():
    rows = [(1, "x", 123456789, "last"), (22222, "a much longer value", 0, "-")]
    assert_aligned(table(("id", "name", "a long numeric header", "why"), rows), ("id", "name", "a long numeric header", "why"),
                   [(1, "x", 123456789, "last"), (22222, "a much longer value", 0, "-")])


def dr_session(sid, status="Suspend", phase="Equivalent", local=False, **extra):
    return dict({"copysession_id": sid, "type": "REC", "status": status, "phase": phase, "transfer_mode": "Synchronous",
                 "remote_boxid": HOME, "remote_copysession_id": sid - 100, "is_local_source_volume": local,
                 "source_volume_name": LONG % sid if sid % 2 else "db_%d" % sid, "destination_volume_name": "db_%d" % sid,
                 "uncopied_data_size": 0, "total_data_size": 4096, "progress": 100, "error_code": "", "tracking_data_size": 0,
                 "concurrent_suspend_result": None}, **extra)


def failback_plan():
    read = {"array": HERE, "sessions": [dr_session(101), dr_session(102), dr_session(112), dr_session(113, "Halt")]}
    home = [{"copysession_id": 1, "remote_boxid": HERE["boxid"], "tracking_data_size": 0},
            {"copysession_id": 2, "remote_boxid": HERE["boxid"], "tracking_data_size": 123456},
            {"copysession_id": 12, "remote_boxid": HERE["boxid"], "tracking_data_size": 128}]
    report = {"kind": "failover", "array": {"boxid": HOME}, "sessions": [
        {"copysession_id": 1, "outcome": "suspended"}, {"copysession_id": 2, "outcome": "suspended"},
        {"copysession_id": 12, "outcome": "already_suspended"}, {"copysession_id": 13, "outcome": "suspended"}]}
    return fb.plan(read, "failback", HOME, failover_reports=report, home_sessions=home)


def test_the_failback_plan_values_sit_under_their_headers_and_the_title_names_both_arrays():
    view = fbv.view(failback_plan(), "failback", host="site-b", array=HERE, home_boxid=HOME)

    assert view["plan"][0] == ("REC failback plan for site-b (site-b, Box ID 00ETERNUSDXM##ET503S20A####SIMB00002####, "
                               "https://127.0.0.1:15666), expected home Box ID %s: the copy source becomes this array (local); "
                               "nothing has been sent yet" % HOME)
    table_lines = view["plan"][1:-1]
    assert_aligned(table_lines, fbv.PLAN)
    starts = columns(table_lines[0], fbv.PLAN)
    read_back = [cells(line, starts) for line in table_lines[1:]]
    assert [(row[0], row[2], row[6], row[7], row[8]) for row in read_back] == [
        ("101", HOME, "0", "0", "reverse+resume"), ("102", HOME, "0", "123456", "REFUSED"), ("112", HOME, "0", "128", "REFUSED, LEFT AS IS"),
        ("113", HOME, "0", "not found", "REFUSED")]
    assert view["report"][0] == ("REC failback report for site-b (site-b, Box ID 00ETERNUSDXM##ET503S20A####SIMB00002####, "
                                 "https://127.0.0.1:15666), expected home Box ID %s" % HOME)
    assert_aligned(view["report"][1:-1], fbv.REPORT)


def test_the_failback_report_title_names_both_arrays_and_the_rehearsal():
    view = fbv.view(failback_plan(), "failback", host="site-b", array=HERE, home_boxid=HOME, rehearsal=True)

    assert view["report"][0] == ("REC failback report for site-b (site-b, Box ID 00ETERNUSDXM##ET503S20A####SIMB00002####, "
                                 "https://127.0.0.1:15666), expected home Box ID %s; REHEARSAL (check mode): nothing was sent, "
                                 "\"after\" is what a run would leave" % HOME)
    assert view["plan"][0].endswith("; REHEARSAL (check mode): nothing will be sent")
    # Without the array (an older caller): the title names the host alone, and says so of nothing it does not know.
    assert fbv.view(failback_plan(), "failback", host="site-b")["report"][0] == "REC failback report for site-b"


def test_the_failback_progress_offender_and_direction_tables_line_up():
    result = {"sessions": [dr_session(101, "Active", "Copying", local=True, progress=7, uncopied_data_size=987654321),
                           dr_session(102, "Error", local=False, error_code="0033")]}

    view = fbv.progress_view(result, "failback", host="site-b")

    assert_aligned(view["progress"], fbv.PROGRESS, [
        (101, "%s (here) -> db_101 (peer)" % (LONG % 101), HOME, "Active", "Copying", "7%", 987654321),
        (102, "db_102 (peer) -> db_102 (here)", HOME, "Error", "Equivalent", "100%", 0)])
    assert_aligned(view["offenders"][1:], fbv.OFFENDERS)
    assert view["offenders_line"] == ("site-b: 2 of 2 session(s) are not Active/Equivalent with the copy source local after the "
                                      "failback (listed above); a rerun continues from their current state.")
    assert view["wrong_direction_lines"][0].startswith("Refused before the resume on site-b: 1 session(s) do not have their copy source local.")
    assert_aligned(view["wrong_direction_lines"][1:], fbv.WRONG_DIRECTION)
    assert view["wrong_direction_line"] == ("site-b: refused before the resume: session(s) 102 do not have their copy source local "
                                            "(listed above); nothing was resumed.")


def test_the_failback_refusal_has_one_short_line_for_the_failed_task():
    view = fbv.view(failback_plan(), "failback", host="site-b", array=HERE, home_boxid=HOME)

    assert view["refused_line"] == "site-b: refused before any change: 2 session(s) cannot be part of the failback (listed above): 102, 113."
    assert "\n" not in view["refused_line"]


def test_the_failback_resume_is_given_only_what_was_read_on_the_home_array():
    plan = failback_plan()
    assert fbv.view(plan, "failback", host="site-b")["destination_changes_on_peer"] == {"101": 0}
    # With the operator's consent the refused ones are resumed too, each with the amount read on the home array.
    consented = fb.plan({"array": HERE, "sessions": [dr_session(101), dr_session(102)]}, "failback", HOME, discard_home_changes=True,
                        home_sessions=[{"copysession_id": 1, "remote_boxid": HERE["boxid"], "tracking_data_size": 0},
                                       {"copysession_id": 2, "remote_boxid": HERE["boxid"], "tracking_data_size": 64}])
    assert fbv.view(consented, "failback", host="site-b")["destination_changes_on_peer"] == {"101": 0, "102": 64}
    # A number from the failover's report is as old as the failover: not given.
    report = {"kind": "failover", "array": {"boxid": HOME}, "sessions": [
        {"copysession_id": 1, "outcome": "suspended", "tracking_data_size": 0}]}
    unread = fb.plan({"array": HERE, "sessions": [dr_session(101)]}, "failback", HOME, failover_reports=report)
    assert unread[0]["changes_home_from"] == "failover report"
    assert fbv.view(unread, "failback", host="site-b")["destination_changes_on_peer"] == {}
    # A switch back resumes with this array the destination, which shows its own changes.
    switch_back = fb.plan({"array": HERE, "sessions": [dr_session(101, "Active", local=True)]}, "switch_back", HOME,
                          home_sessions=[{"copysession_id": 1, "remote_boxid": HERE["boxid"], "tracking_data_size": 0}])
    assert fbv.view(switch_back, "switch_back", host="site-b")["destination_changes_on_peer"] == {}


def failover_session(sid, status="Active", **extra):
    return dict({"copysession_id": sid, "type": "REC", "status": status, "phase": "Equivalent", "transfer_mode": "Synchronous",
                 "source_volume_name": LONG % sid if sid % 2 else "db_%d" % sid, "destination_volume_name": "db_%d" % sid,
                 "uncopied_data_size": 12345 if sid == 3 else 0, "concurrent_suspend_result": None, "remote_boxid": HERE["boxid"],
                 "remote_copysession_id": 100 + sid, "is_local_source_volume": True, "tracking_data_size": 64}, **extra)


def test_the_failover_tables_line_up():
    run = {"actions": [{"copysession_id": 1, "action": "suspend", "reason": "equivalent: suspend"},
                       {"copysession_id": 2, "action": "none", "reason": "already suspended"},
                       {"copysession_id": 3, "action": "suspend", "reason": "equivalent: suspend"}],
           "sessions": [failover_session(1, "Suspend"), failover_session(2, "Suspend"), failover_session(3, "Error", error_code="0033")],
           "diff": {"before": {"1": {"status": "Active", "phase": "Equivalent"}, "2": {"status": "Suspend", "phase": "Equivalent"},
                               "3": {"status": "Active", "phase": "Equivalent"}}},
           "jobs": [], "data_loss": [], "failed_sessions": []}
    view = rf.view(rf.report(run, "planned"), "planned")

    assert_aligned(view["plan"][:4], ("id", "peer id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "mode",
                                      "uncopied", "tracking", "action", "why"))
    assert_aligned(view["report"][:4], ("id", "volumes (this array's side, the peer's Box ID)", "before", "after", "outcome", "forced",
                                        "left behind (uncopied_data_size)"))
    if view.get("offenders"):
        assert_aligned(view["offenders"], ("id", "volumes (this array's side, the peer's Box ID)", "status", "phase", "finishing", "error",
                                           "message"))


DR_BOXID = HERE["boxid"]
PROD = {"url": "https://127.0.0.1:15665", "boxid": HOME, "name": "site-a"}


def drill_session(sid, status="Active", **extra):
    return dict({"copysession_id": sid, "status": status, "phase": "Equivalent", "transfer_mode": "Synchronous",
                 "source_volume_name": LONG % sid if sid % 2 else "db_%d" % sid, "destination_volume_name": "db_%d" % sid,
                 "uncopied_data_size": 0, "concurrent_suspend_result": None, "remote_boxid": DR_BOXID, "remote_copysession_id": 100 + sid,
                 "is_local_source_volume": True, "tracking_data_size": 123456 if sid == 2 else 0}, **extra)


def test_the_drill_tables_line_up():
    audit = {"started_at": "2026-12-01T02:00:00Z", "host": "site-a", "check_mode": False, "run_by": {"user": "ops"}}
    start = dr.start_plan({"sessions": [drill_session(1), drill_session(2)], "array": PROD}, DR_BOXID, host="site-a")
    assert_aligned(start["plan"][1:3], dr.PLAN)
    opening = dr.drill_record(start, "opening", audit=dict(audit, now="2026-12-01T02:00:05Z"))
    suspended = {"sessions": [drill_session(1, "Suspend"), drill_session(2, "Suspend")], "array": PROD}
    record = dr.drill_record(dict(start, record=opening), "open", after=suspended,
                             audit=dict(audit, now="2026-12-01T02:00:09Z", finished_at="2026-12-01T02:00:09Z"))
    end = dr.end_plan({"sessions": [drill_session(1, "Suspend"), drill_session(2, "Suspend")], "array": PROD}, record, dr_boxid=DR_BOXID,
                      host="site-a")
    assert_aligned(end["plan"][1:4], dr.END_PLAN)
    report = dr.report_lines(record, host="site-a")
    header = next(i for i, line in enumerate(report) if line.startswith("id "))
    assert_aligned(report[header:header + 3], dr.REPORT)


@pytest.mark.parametrize("labels", [fbv.PLAN, fbv.REPORT, fbv.PROGRESS, fbv.OFFENDERS, fbv.WRONG_DIRECTION, dr.PLAN, dr.END_PLAN, dr.REPORT])
def test_an_empty_table_is_its_header(labels):
    assert table(labels, []) == ["  ".join(labels)]
