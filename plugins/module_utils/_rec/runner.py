# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one run every state-changing REC module goes through: select, plan, refuse, act (or expect, in check mode),
wait, report. An operation (suspend, resume, reverse) is a small ``Operation`` that fills in its own steps.

The ``_rec`` package is the REC (Remote Equivalent Copy) domain: the array's words, selection, tables, plans and the
operations; this module is where they meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.describe import (
    array_label, bounded, count, describe_session, grouped_ids, id_list)
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.expected import DIFF_KEYS, session_diff
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import Decision, DecisionSet
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.selection import refuse_unknown_ids, select_sessions

Params = dict[str, Any]


@dataclass
class Acted:
    """What acting on a plan did: requests the array took, jobs, sessions as last read, failures, the wait's cost."""

    changed: bool
    done_ids: list[int]
    jobs: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    elapsed: float = 0.0
    polls: int = 0
    # Result keys of the operation's own (the suspend's suspended_by_other_jobs), over its extra_result defaults.
    extra: dict[str, Any] = field(default_factory=dict)


def _nothing(*_args: Any) -> list[Any]:
    return []


@dataclass(frozen=True)
class Operation:
    """One REC operation as the runner needs it; ``Operation(...)(module, client)`` is the module's whole run.

    ``planned(plan)`` are the ids the plan changes; ``unchanged_key``/``unchanged_label`` name the ids already as
    wanted; ``expect(decision, session, params)`` is check mode's "after"; ``act(module, client, plan)`` sends and
    waits; ``failed_state_keys`` are the session fields each failure entry shows.
    """

    name: str
    participle: str
    plan: Callable[[dict[int, Any], Params], DecisionSet]
    planned: Callable[[Any], list[int]]
    expect: Callable[[Decision, Any, Params], Any]
    act: Callable[[Any, Any, Any], Acted]
    unchanged_key: str
    unchanged_label: Callable[[Params], str]
    failed_state_keys: tuple[str, ...] = ("status", "phase")
    diff_keys: tuple[str, ...] = DIFF_KEYS
    refuse: Callable[[Any, Params], None] = _nothing
    before_act: Callable[[Any, Any], None] = _nothing
    waited_verb: Optional[Callable[[Params], str]] = None
    done_suffix: Callable[[Params], str] = lambda _params: ""
    extra_result: Callable[[Any, Params], dict[str, Any]] = lambda _plan, _params: {}
    extra_parts: Callable[[dict[str, Any], bool], list[str]] = _nothing
    # Done ids this run did not change (the suspend's sessions another job suspended, or whose suspend was already
    # finishing): left out of the message's done part, and said instead by done_elsewhere.
    not_done_here: Callable[[dict[str, Any]], list[int]] = _nothing
    done_elsewhere: Callable[[dict[str, Any]], list[str]] = _nothing

    def __call__(self, module: Any, client: Any) -> dict[str, Any]:
        return run(self, module, client)

    def verb(self, check_mode: bool, wait: bool, params: Params) -> str:
        if check_mode:
            return "would %s" % self.name
        if not wait:
            return "requested the %s of" % self.name
        return self.waited_verb(params) if self.waited_verb else self.participle


def run(operation: Operation, module: Any, client: Any) -> dict[str, Any]:
    """The whole run of a state-changing module; raises a collection error to fail the task."""
    params = module.params
    array = array_label(getattr(module, "array", None))
    selected = select_sessions(client, params["session_ids"], params["match"])
    refuse_unknown_ids(selected, array)
    plan = operation.plan(selected, params)
    if plan.blocking:
        # The sessions as read, so a caller can show the refused ones without reading them again.
        raise errors.InvalidInput(blocking_message(operation, plan.blocking, selected, array), details={
            "changed": False, "actions": plan.actions, "ineligible_sessions": plan.ineligible_sessions,
            "sessions": [selected[i] for i in sorted(selected) if selected[i] is not None]})
    operation.refuse(plan, params)
    operation.before_act(module, plan)

    if module.check_mode:
        decisions = {d.session_id: d for d in plan.decisions}
        final = {i: operation.expect(decisions[i], s, params) for i, s in selected.items()}
        acted = Acted(changed=plan.changed, done_ids=operation.planned(plan))
    else:
        acted = operation.act(module, client, plan)
        final = dict(selected)
        final.update(acted.sessions)

    result = {
        "changed": acted.changed,
        "actions": plan.actions,
        operation.participle: sorted(acted.done_ids),
        operation.unchanged_key: plan.unchanged,
        # Not "skipped"/"failed": Ansible reads those result keys as the task's own status.
        "skipped_sessions": plan.skipped_sessions,
        "failed_sessions": [dict(f, **{key: (final.get(f["copysession_id"]) or {}).get(key) for key in operation.failed_state_keys})
                            for f in acted.failed],
        "sessions": [final[i] for i in sorted(final) if final[i] is not None],
        "jobs": acted.jobs,
        "elapsed": acted.elapsed,
        "polls": acted.polls,
        "diff": session_diff(selected, final, plan.eligible_ids, keys=operation.diff_keys),
        **operation.extra_result(plan, params),
        **acted.extra,
    }
    result["msg"] = summary_message(operation, result, module.check_mode, params, array=array, sessions=selected)
    if acted.failed:
        raise errors.JobFailed(failure_message(operation, result["failed_sessions"], result[operation.participle], array),
                               details=result)
    return result


def blocking_message(operation: Operation, blocking: list[Decision], sessions: Optional[dict[int, Any]] = None,
                     array: str = "") -> str:
    sessions = sessions or {}
    lines = bounded(("%s: %s" % (describe_session(d.session_id, sessions.get(d.session_id)), d.reason) for d in blocking),
                    "ineligible_sessions")
    return ("nothing was changed%s: %s selected session(s) cannot be %s (%s). Fix them, leave them out of the selection, "
            "or set on_ineligible: skip to %s the others" % (" on array %s" % array if array else "", count(len(blocking)),
                                                             operation.participle, lines, operation.name))


def failure_message(operation: Operation, failed: list[dict[str, Any]], done_ids: list[int], array: str = "") -> str:
    details = bounded(("session %s: %s%s" % (f["copysession_id"], f["message"], " (error_code %s)" % f["error_code"] if f.get("error_code") else "")
                       for f in failed), "failed_sessions")
    return "%s failed%s for session(s) %s: %s; %s: %s" % (
        operation.name, " on array %s" % array if array else "", id_list((f["copysession_id"] for f in failed), "failed_sessions"),
        details, operation.participle, id_list(done_ids, operation.participle) or "none")


def summary_message(operation: Operation, result: dict[str, Any], check_mode: bool, params: Params, *, array: str = "",
                    sessions: Optional[dict[int, Any]] = None) -> str:
    """One line: what was done on which array, the done ids with their direction and peer, then the rest by id; every
    list bounded (describe.id_list), the full lists in the result."""
    on_array = " on array %s" % array if array else ""
    parts = []
    elsewhere = set(operation.not_done_here(result))
    done = [i for i in result[operation.participle] if i not in elsewhere]
    if done:
        parts.append("%s %s session(s)%s%s: %s" % (operation.verb(check_mode, params["wait"], params), count(len(done)),
                                                   operation.done_suffix(params), on_array,
                                                   grouped_ids(done, sessions or {}, operation.participle)))
    parts.extend(operation.done_elsewhere(result))
    parts.extend(operation.extra_parts(result, check_mode))
    if result[operation.unchanged_key]:
        parts.append("%s: %s" % (operation.unchanged_label(params), id_list(result[operation.unchanged_key], operation.unchanged_key)))
    if result["skipped_sessions"]:
        parts.append("skipped: %s" % id_list((s["copysession_id"] for s in result["skipped_sessions"]), "skipped_sessions"))
    if done:
        return "; ".join(parts)
    nothing = "nothing to %s" % operation.name if check_mode else "nothing %s" % operation.participle
    return "%s%s%s" % (nothing, on_array, ": " + "; ".join(parts) if parts else "")
