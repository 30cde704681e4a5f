# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failback role's filters; each is documented in the .yml file of its name."""

from __future__ import annotations

from typing import Any, Callable

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failback, _rec_failback_view, _rec_report

DEFAULT_HOST = "the array"


def _named(name: str, build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except ValueError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def rec_failback_plan(result, phase, home_boxid, confirm_switch_back_reversed=False, failover_reports=None, home_sessions=None,
                      discard_home_changes=False):
    return _named("rec_failback_plan", _rec_failback.plan, result, phase, home_boxid, confirm_switch_back_reversed,
                  failover_reports=failover_reports, home_sessions=home_sessions, discard_home_changes=discard_home_changes)


def _audit_record(plan, phase, after_sessions=None, rehearsal=False, audit=None):
    body = _rec_failback.report(plan, phase, after_sessions=after_sessions, rehearsal=rehearsal)
    if audit is None:
        return body
    if not isinstance(audit, dict):
        raise ValueError("audit must be a dict of the report's envelope (started_at, array, run_by, ...), got %r" % (type(audit).__name__,))
    # Before ansible-core 2.19 a template of None renders as an empty string.
    fields = {key: None if value == "" else value for key, value in audit.items()}
    return _rec_report.envelope("failback", phase, body, started_at=fields.pop("started_at", None), finished_at=fields.pop("finished_at", None),
                                check_mode=bool(fields.pop("check_mode", rehearsal)), array=fields.pop("array", None) or {},
                                run_by_=_rec_report.run_by(**(fields.pop("run_by", None) or {})), expected_peer_boxid=fields.pop("expected_peer_boxid", None),
                                result=fields.pop("result", "succeeded"), host=fields.pop("host", None), extra=fields)


def rec_failback_report(plan, phase, after_sessions=None, rehearsal=False, audit=None):
    return _named("rec_failback_report", _audit_record, plan, phase, after_sessions=after_sessions, rehearsal=rehearsal, audit=audit)


# The plan, not the report, as input: handing a report of 1,000 sessions from one filter to the next through Ansible's
# templating costs more than building it twice.
def rec_failback_view(plan, phase, host=DEFAULT_HOST, after_sessions=None, rehearsal=False, array=None, home_boxid=None):
    return _named("rec_failback_view", _rec_failback_view.view, plan, phase, host=host, after_sessions=after_sessions,
                  rehearsal=rehearsal, array=array, home_boxid=home_boxid)


def rec_failback_progress(result, phase, host=DEFAULT_HOST):
    return _named("rec_failback_progress", _rec_failback_view.progress_view, result, phase, host=host)


class FilterModule:
    def filters(self):
        return {
            "rec_failback_plan": rec_failback_plan,
            "rec_failback_report": rec_failback_report,
            "rec_failback_view": rec_failback_view,
            "rec_failback_progress": rec_failback_progress,
        }
