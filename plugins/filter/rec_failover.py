# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_failover role's report filters; each is documented in the .yml file of its name."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.plugin_utils import _rec_failover


def _given(value):
    # Before ansible-core 2.19 a template that yields None (an option not given) renders as an empty string.
    return None if isinstance(value, str) and value == "" else value


def _report(name, result, mode, after_sessions, jobs, failures, job_results, rehearsal):
    try:
        return _rec_failover.report(result, mode, after_sessions=_given(after_sessions), jobs=_given(jobs),
                                    failures=_given(failures), job_results=_given(job_results), rehearsal=rehearsal)
    except ValueError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def rec_failover_report(result, mode, after_sessions=None, jobs=None, failures=None, rehearsal=False, job_results=None):
    return _report("rec_failover_report", result, mode, after_sessions, jobs, failures, job_results, rehearsal)


# The same input as rec_failover_report, not the report itself: handing a report of 1,000 sessions from one filter
# to the next through Ansible's templating costs more than building it twice.
def rec_failover_view(result, mode, after_sessions=None, jobs=None, failures=None, rehearsal=False, job_results=None):
    return _rec_failover.view(_report("rec_failover_view", result, mode, after_sessions, jobs, failures, job_results, rehearsal), mode)


class FilterModule:
    def filters(self):
        return {
            "rec_failover_report": rec_failover_report,
            "rec_failover_view": rec_failover_view,
        }
