# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Suspend, resume and reverse: what each operation puts into the one run of ``runner``."""

from __future__ import annotations

from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import plan as planning
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.classify import CHANGES_FROM_PEER
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.describe import bounded, grouped_ids, id_list, peer_of
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.expected import (
    REVERSE_DIFF_KEYS, planned_after, planned_after_resume, planned_after_reverse)
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.runner import Acted, Operation
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.session_jobs import act_per_session
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.suspend_jobs import act_suspend, warn_data_loss

RESUME_PATH = "/copysession/%d/resume"
REVERSE_PATH = "/copysession/%d/reverse"


def _forced_part(result: dict[str, Any], check_mode: bool) -> list[str]:
    if not result["forced"]:
        return []
    return ["%s forced: %s" % ("would be" if check_mode else "of them", id_list(result["forced"]))]


def _waited(result: dict[str, Any]) -> list[int]:
    """Sessions whose suspend was already finishing when the run read them: it waited, it did not suspend them."""
    finishing = {a["copysession_id"] for a in result["actions"] if a["action"] == planning.ACTION_WAIT}
    return [i for i in result["suspended"] if i in finishing]


def _not_done_here(result: dict[str, Any]) -> list[int]:
    return _waited(result) + [entry["copysession_id"] for entry in result["suspended_by_other_jobs"]]


def _suspended_elsewhere(result: dict[str, Any]) -> list[str]:
    parts = []
    waited = _waited(result)
    if waited:
        parts.append("a suspend already finishing, waited for: %s" % id_list(waited))
    others = result["suspended_by_other_jobs"]
    for job_id in dict.fromkeys(entry["job_id"] for entry in others):
        parts.append("suspended by %s, not by this run: %s" % (
            "job %s" % job_id if job_id is not None else "a request of another run (its job is no longer listed)",
            id_list(entry["copysession_id"] for entry in others if entry["job_id"] == job_id)))
    return parts


SUSPEND = Operation(
    name="suspend", participle="suspended",
    plan=lambda selected, p: planning.plan_suspend(selected, force=p["force"], on_ineligible=p["on_ineligible"],
                                                   force_scope=p["force_scope"]),
    planned=lambda plan: plan.to_suspend + plan.to_force,
    expect=lambda decision, session, _p: planned_after(decision, session),
    act=act_suspend,
    unchanged_key="already_suspended", unchanged_label=lambda _p: "already suspended",
    before_act=warn_data_loss,
    extra_result=lambda plan, _p: {"forced": plan.to_force, "data_loss": plan.data_loss, "suspended_by_other_jobs": []},
    extra_parts=_forced_part,
    not_done_here=_not_done_here,
    done_elsewhere=_suspended_elsewhere,
)


def _wait_for(params: dict[str, Any]) -> str:
    # Without a wait nothing waits for equivalence.
    return params["wait_for"] if params["wait"] else planning.WAIT_FOR_RESUMED


def refuse_unreachable_resume(plan: planning.Plan, params: dict[str, Any]) -> None:
    """Refuse before any request a wait that could only time out: Stack mode does not reach Equivalent by itself."""
    stack = planning.never_equivalent(plan, _wait_for(params))
    if stack:
        raise errors.InvalidInput(
            "nothing was changed: wait_for: equivalent cannot be met by session(s) %s: transfer mode %s does not reach "
            "%s by itself, so the wait could only time out. Use wait_for: resumed for them, or change their "
            "transfer mode while they are suspended" % (id_list(stack), vocabulary.TRANSFER_MODE_STACK, vocabulary.PHASE_EQUIVALENT),
            details={"changed": False, "actions": plan.actions})


def act_resume(module: Any, client: Any, plan: planning.Plan) -> Acted:
    wait_for = module.params["wait_for"]
    targets = planning.resume_targets(plan, wait_for)
    return act_per_session(
        module, client, plan, RESUME_PATH, applied=vocabulary.is_active,
        reached=lambda session: planning.resume_reached(session, wait_for),
        also_wait_for=[i for i in targets if i not in plan.to_act],
        what="the resume of session(s) %s (wait_for: %s)" % (id_list(targets), wait_for))


def _shown_changes(changes: dict[int, dict[str, Any]], ids: list[int]) -> str:
    return bounded(("%s (tracking_data_size %s%s)" % (i, changes[i]["destination_changes"],
                                                      " read on the peer" if changes[i]["destination_changes_source"] == CHANGES_FROM_PEER else "")
                    for i in ids), "actions", separator=", ")


def plan_resume(selected: dict[int, Any], params: dict[str, Any]) -> planning.Plan:
    """The resume plan; a destination_changes_on_peer that names no selected session (or a bad value) fails the task
    before any request."""
    try:
        return planning.plan_resume(selected, on_ineligible=params["on_ineligible"],
                                    discard_destination_changes=params.get("discard_destination_changes", False),
                                    destination_changes_on_peer=params.get("destination_changes_on_peer"))
    except ValueError as exc:
        raise errors.InvalidInput(str(exc), details={"changed": False}) from None


def warn_destination_changes(module: Any, plan: planning.Plan) -> None:
    """Say what a resume discards: the destination's recorded changes where they are known (this array shows them, or
    destination_changes_on_peer gave them) and they were consented to, and where they are not known, that it cannot
    tell (one warning each). A known 0 warns of nothing."""
    consent = module.params.get("discard_destination_changes")
    warn = module.ansible.warn
    entries = {decision.session_id: decision.extra for decision in plan.decisions}
    changes = {i: entries.get(i) or planning.destination_changes_entry(plan.sessions.get(i)) for i in plan.to_act}
    discarded = [i for i, entry in changes.items() if entry["destination_changes_shown"] and entry["destination_changes"]]
    if discarded:
        warn("%s the changes recorded on the destination volume since the suspend (discard_destination_changes: true): %s"
             % ("check mode: a real run would discard" if module.check_mode else "discarding", _shown_changes(changes, discarded)))
    if consent:
        return
    unseen = [i for i, entry in changes.items() if not entry["destination_changes_shown"]]
    holds_source = [i for i in unseen if plan.sessions[i].get("is_local_source_volume") is not False]
    unreported = [i for i in unseen if i not in holds_source]
    if holds_source:
        peers = ", ".join(dict.fromkeys(peer_of(plan.sessions[i]) for i in holds_source))
        warn("session(s) %s: this array holds the copy source, so it does not show the changes recorded on the destination "
             "volume since the suspend, which the resume discards; read tracking_data_size of these sessions on %s "
             "(fujitsu.eternus.rec_session_info there) if they may matter, and give what you read in destination_changes_on_peer "
             "to have the resume refuse where it is above 0" % (grouped_ids(holds_source, plan.sessions), peers))
    if unreported:
        warn("session(s) %s: the array does not report tracking_data_size, so the changes recorded on the destination volume "
             "(on this array) since the suspend are unknown; the resume discards them" % grouped_ids(unreported, plan.sessions))


def _discarded_part(result: dict[str, Any], check_mode: bool) -> list[str]:
    ids = [a["copysession_id"] for a in result["actions"]
           if a["action"] == planning.ACTION_RESUME and a.get("destination_changes_shown") and a.get("destination_changes")]
    if not ids:
        return []
    return ["%s the destination's recorded changes: %s" % ("would discard" if check_mode else "discarded", id_list(ids))]


RESUME = Operation(
    name="resume", participle="resumed",
    plan=plan_resume,
    planned=lambda plan: plan.to_act,
    expect=lambda decision, session, p: planned_after_resume(decision, session, p["wait_for"]),
    act=act_resume,
    unchanged_key="already_active", unchanged_label=lambda _p: "already active",
    refuse=refuse_unreachable_resume,
    before_act=warn_destination_changes,
    extra_parts=_discarded_part,
    waited_verb=lambda p: "resumed" if p["wait_for"] == planning.WAIT_FOR_RESUMED else "resumed and equivalent",
)


def with_reverse_hint(failure: dict[str, Any]) -> dict[str, Any]:
    """A 403 on reverse means the user's role may not reverse (tenant users never may): say so."""
    if failure.get("http_status") == 403:
        failure = dict(failure, message=failure["message"] + " - the array does not let this user reverse REC sessions "
                                                             "(tenant users never may); run the task as a user outside any tenant")
    return failure


def act_reverse(module: Any, client: Any, plan: planning.Plan) -> Acted:
    copy_source = module.params["copy_source"]

    def in_direction(session: Any) -> bool:
        return planning.reverse_reached(session, copy_source)

    return act_per_session(module, client, plan, REVERSE_PATH, applied=in_direction, reached=in_direction,
                           what="the reverse of session(s) %s to copy source %s" % (id_list(plan.to_act), copy_source),
                           explain=with_reverse_hint)


REVERSE = Operation(
    name="reverse", participle="reversed",
    plan=lambda selected, p: planning.plan_reverse(selected, copy_source=p["copy_source"], on_ineligible=p["on_ineligible"]),
    planned=lambda plan: plan.to_act,
    expect=lambda decision, session, _p: planned_after_reverse(decision, session),
    act=act_reverse,
    unchanged_key="already_in_direction", unchanged_label=lambda p: "already copy source %s" % p["copy_source"],
    failed_state_keys=("status", "is_local_source_volume"),
    diff_keys=REVERSE_DIFF_KEYS,
    done_suffix=lambda p: " to copy source %s" % p["copy_source"],
    extra_result=lambda _plan, p: {"copy_source": p["copy_source"]},
)
