# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_dr_test role's filters; each is documented in the .yml file of its name."""

from __future__ import annotations

from typing import Any, Callable

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_dr_test

DEFAULT_HOST = "the array"


def _named(name: str, build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except ValueError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def rec_dr_test_plan(result, phase, dr_boxid=None, record=None, dr_reads=None, record_path="", host=DEFAULT_HOST, rehearsal=False,
                     record_on_file=None):
    phase = _named("rec_dr_test_plan", _rec_dr_test.check_phase, phase)
    if phase == "start":
        return _named("rec_dr_test_plan", _rec_dr_test.start_plan, result, dr_boxid, record=record, record_path=record_path or "", host=host,
                      rehearsal=bool(rehearsal))
    if phase == "end":
        return _named("rec_dr_test_plan", _rec_dr_test.end_plan, result, record, dr_boxid=dr_boxid, dr_reads=dr_reads,
                      record_path=record_path or "", host=host, rehearsal=bool(rehearsal), record_on_file=record_on_file)
    raise AnsibleFilterError("rec_dr_test_plan: the status phase has no plan; use rec_dr_test_status")


def rec_dr_test_record(plan, stage, after=None, audit=None, resume=None):
    return _named("rec_dr_test_record", _rec_dr_test.drill_record, plan, stage, after=after, audit=audit, resume=resume)


def rec_dr_test_report(record, host=DEFAULT_HOST):
    return _named("rec_dr_test_report", _rec_dr_test.report_lines, record, host=host)


def rec_dr_test_status(result, records=None, host=DEFAULT_HOST):
    return _named("rec_dr_test_status", _rec_dr_test.status_view, result, records, host=host)


class FilterModule:
    def filters(self):
        return {
            "rec_dr_test_plan": rec_dr_test_plan,
            "rec_dr_test_record": rec_dr_test_record,
            "rec_dr_test_report": rec_dr_test_report,
            "rec_dr_test_status": rec_dr_test_status,
        }
