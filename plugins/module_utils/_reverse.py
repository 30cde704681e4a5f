# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reverse of REC sessions to a wanted copy direction: read, plan, validate, act (one job per session), wait, report."""

from __future__ import annotations

from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec_resume
from ansible_collections.fujitsu.eternus.plugins.module_utils import _session_jobs
from ansible_collections.fujitsu.eternus.plugins.module_utils._suspend import select_for_suspend as select_sessions

REVERSE_PATH = "/copysession/%d/reverse"


def reverse(module: Any, client: Any) -> dict[str, Any]:
    """The whole run of rec_session_reverse; raises a collection error to fail the task."""
    params = module.params
    copy_source = params["copy_source"]
    selected = select_sessions(client, params["session_ids"], params["match"])
    plan = _rec_resume.plan_reverse(selected, copy_source=copy_source, on_ineligible=params["on_ineligible"])
    if plan.blocking:
        raise errors.InvalidInput(
            _session_jobs.blocking_message("reversed", plan.blocking, "Fix them, leave them out of the selection, "
                                                                      "or set on_ineligible: skip to reverse the others"),
            details={"changed": False, "actions": plan.actions,
                     "ineligible_sessions": plan.ineligible_sessions})

    decisions = {d.session_id: d for d in plan.decisions}
    jobs: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    elapsed, polls = 0.0, 0
    reversed_ids = plan.to_act
    changed = plan.changed
    if module.check_mode:
        final = {i: _rec_resume.planned_after_reverse(decisions[i], s) for i, s in selected.items()}
    else:
        def in_direction(session: dict[str, Any] | None) -> bool:
            return _rec_resume.reverse_reached(session, copy_source)

        runner = _session_jobs.SessionJobs(client, REVERSE_PATH, plan.to_act, applied=in_direction, reached=in_direction)
        waited = _session_jobs.run(module, runner, wait=params["wait"], what="the reverse of session(s) %s to copy source %s" % (
            ", ".join(map(str, plan.to_act)), copy_source))
        elapsed, polls = waited.elapsed, waited.polls
        final = dict(selected)
        final.update(runner.sessions)
        jobs, failed = runner.jobs(), [with_hint(f) for f in runner.failures()]
        changed = bool(runner.accepted())
        failed_ids = {f["copysession_id"] for f in failed}
        reversed_ids = [i for i in plan.to_act if (in_direction(final.get(i)) if params["wait"] else i not in failed_ids)]

    result = {
        "changed": changed,
        "actions": plan.actions,
        "copy_source": copy_source,
        "reversed": reversed_ids,
        "already_in_direction": plan.unchanged,
        # Not "skipped"/"failed": Ansible reads those result keys as the task's own status.
        "skipped_sessions": plan.skipped_sessions,
        "failed_sessions": [dict(f, status=(final.get(f["copysession_id"]) or {}).get("status"),
                                 is_local_source_volume=(final.get(f["copysession_id"]) or {}).get("is_local_source_volume"))
                            for f in failed],
        "sessions": [final[i] for i in sorted(final) if final[i] is not None],
        "jobs": jobs,
        "elapsed": elapsed,
        "polls": polls,
        "diff": _rec.session_diff(selected, final, plan.eligible_ids, keys=_rec_resume.REVERSE_DIFF_KEYS),
    }
    result["msg"] = summary_message(result, module.check_mode, params["wait"])
    if failed:
        raise errors.JobFailed(_session_jobs.failure_message("reverse", failed, reversed_ids, "reversed"), details=result)
    return result


def with_hint(failure: dict[str, Any]) -> dict[str, Any]:
    """A 403 on reverse means the user's role may not reverse (tenant users never may): say so."""
    if failure.get("http_status") == 403:
        failure = dict(failure, message=failure["message"] + " - the array does not let this user reverse REC sessions "
                                                             "(tenant users never may); run the task as a user outside any tenant")
    return failure


def summary_message(result: dict[str, Any], check_mode: bool, wait: bool) -> str:
    parts = []
    verb = "would reverse" if check_mode else ("reversed" if wait else "requested the reverse of")
    if result["reversed"]:
        parts.append("%s %d session(s) to copy source %s: %s" % (verb, len(result["reversed"]), result["copy_source"],
                                                                 ", ".join(map(str, result["reversed"]))))
    if result["already_in_direction"]:
        parts.append("already copy source %s: %s" % (result["copy_source"], ", ".join(map(str, result["already_in_direction"]))))
    if result["skipped_sessions"]:
        parts.append("skipped: %s" % ", ".join(str(s["copysession_id"]) for s in result["skipped_sessions"]))
    return "; ".join(parts) or "nothing to do"
