# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Resume of REC sessions: read, plan, validate, act (one job per session, bounded), wait, report."""

from __future__ import annotations

from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec
from ansible_collections.fujitsu.eternus.plugins.module_utils import _rec_resume
from ansible_collections.fujitsu.eternus.plugins.module_utils import _session_jobs
from ansible_collections.fujitsu.eternus.plugins.module_utils._suspend import select_for_suspend as select_sessions

RESUME_PATH = "/copysession/%d/resume"


def check_resume_plan(plan: _rec_resume.Plan, wait_for: str) -> None:
    """Refuse before any request what cannot be done or waited for."""
    if plan.blocking:
        raise errors.InvalidInput(
            _session_jobs.blocking_message("resumed", plan.blocking, "Fix them, leave them out of the selection, "
                                                                     "or set on_ineligible: skip to resume the others"),
            details={"changed": False, "actions": plan.actions,
                     "ineligible_sessions": plan.ineligible_sessions})
    stack = _rec_resume.never_equivalent(plan, wait_for)
    if stack:
        raise errors.InvalidInput(
            "nothing was changed: wait_for: equivalent cannot be met by session(s) %s: transfer mode Stack does not reach "
            "Equivalent by itself, so the wait could only time out. Use wait_for: resumed for them, or change their "
            "transfer mode while they are suspended" % ", ".join(map(str, stack)),
            details={"changed": False, "actions": plan.actions})


def resume(module: Any, client: Any) -> dict[str, Any]:
    """The whole run of rec_session_resume; raises a collection error to fail the task."""
    params = module.params
    wait_for = params["wait_for"]
    selected = select_sessions(client, params["session_ids"], params["match"])
    plan = _rec_resume.plan_resume(selected, on_ineligible=params["on_ineligible"])
    # Without a wait nothing waits for equivalence, so Stack sessions are fine then.
    check_resume_plan(plan, wait_for if params["wait"] else _rec_resume.WAIT_FOR_RESUMED)

    decisions = {d.session_id: d for d in plan.decisions}
    jobs: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    elapsed, polls = 0.0, 0
    resumed = plan.to_act
    changed = plan.changed
    if module.check_mode:
        final = {i: _rec_resume.planned_after_resume(decisions[i], s, wait_for) for i, s in selected.items()}
    else:
        targets = _rec_resume.resume_targets(plan, wait_for)
        runner = _session_jobs.SessionJobs(
            client, RESUME_PATH, plan.to_act, applied=_rec.is_active,
            reached=lambda session: _rec_resume.resume_reached(session, wait_for),
            also_wait_for=[i for i in targets if i not in plan.to_act] if params["wait"] else [])
        waited = _session_jobs.run(module, runner, wait=params["wait"],
                                   what="the resume of session(s) %s (wait_for: %s)" % (", ".join(map(str, targets)), wait_for))
        elapsed, polls = waited.elapsed, waited.polls
        final = dict(selected)
        final.update(runner.sessions)
        jobs, failed = runner.jobs(), runner.failures()
        changed = bool(runner.accepted())
        if params["wait"]:
            resumed = [i for i in plan.to_act if _rec_resume.resume_reached(final.get(i), wait_for)]
        else:
            failed_ids = {f["copysession_id"] for f in failed}
            resumed = [i for i in plan.to_act if i not in failed_ids]

    result = {
        "changed": changed,
        "actions": plan.actions,
        "resumed": resumed,
        "already_active": plan.unchanged,
        # Not "skipped"/"failed": Ansible reads those result keys as the task's own status.
        "skipped_sessions": plan.skipped_sessions,
        "failed_sessions": [dict(f, **_session_state(final.get(f["copysession_id"]))) for f in failed],
        "sessions": [final[i] for i in sorted(final) if final[i] is not None],
        "jobs": jobs,
        "elapsed": elapsed,
        "polls": polls,
        "diff": _rec.session_diff(selected, final, plan.eligible_ids),
    }
    result["msg"] = summary_message(result, module.check_mode, params["wait"], wait_for)
    if failed:
        raise errors.JobFailed(_session_jobs.failure_message("resume", failed, resumed, "resumed"), details=result)
    return result


def _session_state(session: dict[str, Any] | None) -> dict[str, Any]:
    return {"status": (session or {}).get("status"), "phase": (session or {}).get("phase")}


def summary_message(result: dict[str, Any], check_mode: bool, wait: bool, wait_for: str) -> str:
    parts = []
    if check_mode:
        verb = "would resume"
    elif not wait:
        verb = "requested the resume of"
    else:
        verb = "resumed" if wait_for == _rec_resume.WAIT_FOR_RESUMED else "resumed and equivalent"
    if result["resumed"]:
        parts.append("%s %d session(s): %s" % (verb, len(result["resumed"]), ", ".join(map(str, result["resumed"]))))
    if result["already_active"]:
        parts.append("already active: %s" % ", ".join(map(str, result["already_active"])))
    if result["skipped_sessions"]:
        parts.append("skipped: %s" % ", ".join(str(s["copysession_id"]) for s in result["skipped_sessions"]))
    return "; ".join(parts) or "nothing to do"
