#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: rec_session_resume
short_description: Resume suspended REC (Remote Equivalent Copy) sessions of an ETERNUS AF/DX array, idempotently
version_added: 1.0.0
description:
  - Resumes suspended REC sessions with C(POST /copysession/{id}/resume), one request (and one job) per session, and by
    default waits until each session is V(Active) again (O(wait_for=resumed)) or V(Equivalent) (O(wait_for=equivalent)).
  - B(A resume overwrites the destination.) The changes made on the copy source side since the suspend are copied over
    the copy destination, and whatever was written to the destination volume while the session was suspended is lost.
    Before resuming after a failover, make sure the copy source is the side that holds the data you want to keep; if the
    applications ran on the destination, reverse the sessions first with M(fujitsu.eternus.rec_session_reverse).
  - The module reads the sessions first, plans what each one needs, refuses before any change if the plan is not
    acceptable, then sends the resumes.
  - "What happens to each session (the transition table):
    status V(Suspend) - resumed;
    status V(Active) (phase V(Copying) or V(Equivalent)) - nothing, it is already resumed;
    a suspend still finishing (C(concurrent_suspend_result=Running)) - not eligible, run again once it shows V(Suspend);
    V(Halt) (the copy path is lost) - not eligible: once the copy path is back, suspend it with force and
    C(force_reason=copy_path_recovery) (M(fujitsu.eternus.rec_session_suspend)), then resume;
    V(Error), V(Reserved), a status the collection does not know, a session that is not REC, or an unknown id - not eligible, with the reason."
  - Many sessions are resumed with at most 64 of this run's jobs unfinished at a time, far under the array's limit of
    512 registered jobs, and each job this run created is deleted as soon as it has finished. An array that answers
    503 (busy, or too many jobs) is waited out, not a failure.
  - A second run finds the sessions active, reports RV(changed=false) and sends no request that changes anything.
extends_documentation_fragment:
  - fujitsu.eternus.connection
  - fujitsu.eternus.connection.SELECTION
  - fujitsu.eternus.connection.MATCH
  - fujitsu.eternus.connection.WAIT
  - fujitsu.eternus.connection.ATTRIBUTES
attributes:
  check_mode:
    support: full
    details: Reads the live state and reports the same plan a real run would carry out, without sending any resume.
  diff_mode:
    support: full
    details: Shows C(status) and C(phase) of each selected session before and after (expected after, in check mode).
options:
  on_ineligible:
    description:
      - V(fail) - if any selected session cannot be resumed, fail and change nothing.
      - V(skip) - resume the others and report the ineligible ones in RV(skipped_sessions) with their reasons.
    type: str
    choices: [fail, skip]
    default: fail
  wait:
    description:
      - Wait until every resumed session has reached O(wait_for).
      - With V(false) the module returns once the array has accepted every resume; with more sessions than it keeps
        jobs in flight it still waits for jobs to finish before sending the next requests. Wait for RV(jobs) with
        M(fujitsu.eternus.job_info), or run the module again with O(wait=true).
    type: bool
    default: true
  wait_for:
    description:
      - V(resumed) - the job finished and the session shows V(Active) (it may still be copying, phase V(Copying)).
      - V(equivalent) - the session shows phase V(Equivalent), source and destination hold the same data. Sessions
        already V(Active) but still copying are waited for too, without a request.
        Sessions in transfer mode V(Stack) never reach V(Equivalent) by themselves; with O(wait=true) the task refuses
        before any request if it would have to wait for one.
    type: str
    choices: [resumed, equivalent]
    default: resumed
notes:
  - Run it against the array that holds the copy source of the sessions' current direction; RV(sessions) shows
    C(is_local_source_volume).
  - While waiting, each poll reads the sessions' C(progress) and C(uncopied_data_size); they are in RV(sessions),
    and a timeout reports them for every session still pending in C(last_state.sessions_pending).
seealso:
  - module: fujitsu.eternus.rec_session_suspend
  - module: fujitsu.eternus.rec_session_reverse
  - module: fujitsu.eternus.rec_session_info
  - module: fujitsu.eternus.job_info
"""

EXAMPLES = r"""
- name: Resume the database sessions and wait until they are equivalent again
  fujitsu.eternus.rec_session_resume:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    ca_path: /etc/pki/eternus/ca.pem
    session_ids: [1, 2, 3]
    wait_for: equivalent
    wait_timeout: 3600

- name: Rehearse it first - check mode shows the plan and sends nothing
  fujitsu.eternus.rec_session_resume:
    session_ids: [1, 2, 3]
  check_mode: true
  diff: true
  register: rehearsal

- name: Resume every suspended db_* session, leaving out what cannot be resumed
  fujitsu.eternus.rec_session_resume:
    match:
      source_volume_name: "db_*"
    on_ineligible: skip
  register: resumed

- name: Show how far each copy got
  ansible.builtin.debug:
    msg: "{{ resumed.sessions | map(attribute='progress') | list }}"
"""

RETURN = r"""
changed:
  description: Whether a resume was accepted by the array (or, in check mode, would be sent).
  returned: always
  type: bool
  sample: true
msg:
  description: One line saying what was done.
  returned: always
  type: str
  sample: "resumed 3 session(s): 1, 2, 3; already active: 4"
actions:
  description:
    - The plan, one entry per selected session. Its C(action) is V(resume), V(none) (already active), V(skip)
      (ineligible, O(on_ineligible=skip)) or V(ineligible).
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, action: resume, reason: "suspended: resume; ..."}
    - {copysession_id: 4, action: none, reason: "already active (phase Equivalent)"}
resumed:
  description:
    - Ids that have reached O(wait_for) after this run's resume (with O(wait=true)), that would be resumed (check mode),
      or whose resume the array accepted (O(wait=false)).
  returned: always
  type: list
  elements: int
  sample: [1, 2, 3]
already_active:
  description: Ids that were already active; no resume was sent for them.
  returned: always
  type: list
  elements: int
  sample: [4]
skipped_sessions:
  description: Ineligible sessions left alone because of O(on_ineligible=skip), with the reason.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 9, reason: "status Error: the array refuses to resume a REC session in error; resolve the error first"}
failed_sessions:
  description:
    - Sessions whose resume failed, with the array's C(error_code) and message and the session's last status and phase.
      The task fails when this is not empty; a rerun after the cause is fixed resumes only what is left.
    - Named C(failed_sessions), not C(failed), because Ansible reserves C(failed) and C(skipped) for the task's own status.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 2, error_code: "0199", message: "Simulated failure.", job_id: 8192002, status: Suspend, phase: Equivalent}
sessions:
  description:
    - The selected sessions in their final state, with C(progress) and C(uncopied_data_size) of the copy
      (as last read; in check mode as expected after the run; with O(wait=false) as read before acting).
    - When the task fails because selected sessions cannot be resumed (O(on_ineligible=fail)), the selected sessions
      as read, sorted by id (ids not found left out).
  returned: always; on failure when selected sessions cannot be resumed
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, type: REC, status: Active, phase: Equivalent, transfer_mode: Synchronous, progress: 100,
       uncopied_data_size: 0, is_local_source_volume: true, source_volume_name: db_data01, destination_volume_name: db_data01}
jobs:
  description:
    - One entry per resume this run sent, with the job's final status (with O(wait=true)) and whether the run deleted the
      finished job from the array.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, job_id: 8192001, job_href: /api/v1/job/8192001, status: Success, deleted: true}
elapsed:
  description: Seconds spent waiting.
  returned: always
  type: float
  sample: 3.4
polls:
  description: Number of polls made while waiting.
  returned: always
  type: int
  sample: 5
ineligible_sessions:
  description: When the task fails because selected sessions cannot be resumed (O(on_ineligible=fail)), each of them with the reason.
  returned: failure
  type: list
  elements: dict
  sample:
    - {copysession_id: 10, reason: "status Reserved: the copy has not started, there is nothing to resume"}
diff:
  description: Status and phase of each selected session before and after (with C(--diff)).
  returned: always
  type: dict
  sample:
    before: {"1": {status: Suspend, phase: Equivalent}}
    after: {"1": {status: Active, phase: Equivalent}}
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils._module import OPERATION_ARGSPEC, EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.operations import RESUME
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import WAIT_FOR_CHOICES, WAIT_FOR_RESUMED

ARGUMENT_SPEC = {
    **OPERATION_ARGSPEC,
    "wait_for": {"type": "str", "choices": list(WAIT_FOR_CHOICES), "default": WAIT_FOR_RESUMED},
}


def main():
    module = EternusModule.for_selection(ARGUMENT_SPEC)
    module.run(RESUME)


if __name__ == "__main__":
    main()
