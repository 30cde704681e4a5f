# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover role's report filters and the pair summary of rec_status.yml; each is documented in the .yml file of its name."""

from __future__ import annotations

import getpass
import json
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failover, _rec_pairs, _rec_report


def _given(value):
    # Before ansible-core 2.19 a template that yields None (an option not given) renders as an empty string.
    return None if isinstance(value, str) and value == "" else value


def _controller_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _earlier(value):
    """An earlier report: as read (a dictionary), or the text of its file; a file that is no JSON object counts as none."""
    value = _given(value)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"unreadable": True}
    return value if isinstance(value, Mapping) else None


def _report(name, result, mode, after_sessions, jobs, failures, job_results, rehearsal, peer_boxid, earlier, array, pending,
            sent_nothing=False):
    try:
        return _rec_failover.report(result, mode, after_sessions=_given(after_sessions), jobs=_given(jobs),
                                    failures=_given(failures), job_results=_given(job_results), rehearsal=rehearsal,
                                    peer_boxid=_given(peer_boxid), earlier=_earlier(earlier), array=_given(array), pending=bool(pending),
                                    sent_nothing=bool(sent_nothing))
    except ValueError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def _array(array):
    array = _given(array)
    if array is not None and not isinstance(array, Mapping):
        raise AnsibleFilterError("rec_failover_report: array must be the array's identity {url, boxid, name}, got %r" % (array,))
    return array


def rec_failover_report(result, mode, after_sessions=None, jobs=None, failures=None, rehearsal=False, job_results=None,
                        peer_boxid=None, earlier=None, array=None, pending=False, sent_nothing=False, audit=None):
    data = _report("rec_failover_report", result, mode, after_sessions, jobs, failures, job_results, rehearsal, peer_boxid,
                   earlier, _array(array), pending, sent_nothing)
    audit = _given(audit)
    if audit is None:
        return data
    if not isinstance(audit, Mapping) or not audit.get("started_at"):
        raise AnsibleFilterError("rec_failover_report: audit must give at least started_at, got %r" % (audit,))
    run_by = dict(audit.get("run_by") or {})
    try:
        return _rec_failover.envelope(
            data, mode, started_at=audit["started_at"], check_mode=bool(rehearsal), array=_array(array) or {},
            run_by=_rec_report.run_by(run_by.get("user") or _controller_user(), run_by.get("awx_job_id"), run_by.get("awx_user_name"),
                                      run_by.get("tower_job_id"), run_by.get("tower_user_name")),
            peer_boxid=_given(peer_boxid), force_reason=_given(audit.get("force_reason")), host=_given(audit.get("host")),
            result=_given(audit.get("result")))
    except ValueError as exc:
        raise AnsibleFilterError("rec_failover_report: %s" % exc) from None


# The same input as rec_failover_report, not the report itself: handing a report of 1,000 sessions from one filter
# to the next through Ansible's templating costs more than building it twice.
def rec_failover_view(result, mode, after_sessions=None, jobs=None, failures=None, rehearsal=False, job_results=None,
                      peer_boxid=None, earlier=None, array=None, pending=False, sent_nothing=False):
    data = _report("rec_failover_view", result, mode, after_sessions, jobs, failures, job_results, rehearsal, peer_boxid,
                   earlier, _array(array), pending, sent_nothing)
    return _rec_failover.view(data, mode, peer_boxid=_given(peer_boxid), array=_array(array))


def rec_failover_array(result, host=None, port=None):
    return _rec_report.array_identity(result, _given(host), _given(port))


def rec_failover_pairs(arrays):
    try:
        return _rec_pairs.pair_lines(arrays)
    except ValueError as exc:
        raise AnsibleFilterError("rec_failover_pairs: %s" % exc) from None


class FilterModule:
    def filters(self):
        return {
            "rec_failover_array": rec_failover_array,
            "rec_failover_pairs": rec_failover_pairs,
            "rec_failover_report": rec_failover_report,
            "rec_failover_view": rec_failover_view,
        }
