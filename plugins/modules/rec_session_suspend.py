#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: rec_session_suspend
short_description: Suspend REC (Remote Equivalent Copy) sessions of an ETERNUS AF/DX array, safely and idempotently
version_added: 1.0.0
description:
  - Suspends many REC sessions in one task with C(POST /copysession/suspend). After the suspend the copy source and
    destination volumes can be used independently (for example by the applications at the disaster-recovery site);
    both sides keep track of their changes until the sessions are resumed.
  - The module reads the sessions first, plans what each one needs, refuses before any change if the plan is not
    acceptable, then sends one request for the sessions that are suspended normally and one for those that are forced
    (each split into chunks of 512 sessions), and by default waits until every session shows V(Suspend).
  - "What happens to each session (the transition table, also in C(docs/rec_transitions.md)):
    status V(Suspend) - nothing, it is already suspended;
    a suspend still finishing (C(concurrent_suspend_result=Running)) - no request, the module waits for it;
    V(Active) and phase V(Equivalent) - suspended normally, never forced, also when O(force=true);
    V(Active) but not V(Equivalent) (V(Copying)) - not eligible (the message says how much data is not yet copied),
    or forced with O(force=true);
    V(Halt) (the copy path is lost) - not eligible (use O(force=true) with O(force_reason=copy_path_recovery)), or forced;
    V(Error), V(Reserved), transfer mode V(Through), a session that is not REC, or an unknown id - not eligible, with the reason.
    With O(force_scope=halted) only the V(Halt) sessions are forced; one that is V(Active) but not V(Equivalent) is not eligible."
  - A forced suspend leaves the data not yet copied behind and makes the destination copy unusable. The vendor allows it
    only to change the REC configuration, to restore data from the connected array, or to recover a session halted by a
    copy path error; O(force_reason) names which one, and the task fails before any request if it is missing.
    Forced sessions are reported in RV(data_loss) with a warning, in check mode too, so a rehearsal shows what a forced run would throw away.
  - A second run finds the sessions suspended, reports RV(changed=false) and sends no request that changes anything.
    Two runs started together for the same sessions both succeed - the one whose suspend the array refused because the
    other's job was already suspending them reports RV(changed=false), lists them in RV(suspended_by_other_jobs) and
    warns naming that job; it fails only if the sessions do not end suspended. Any other failure of its job fails the task,
    naming the session, the job and the array's error, even if the session ends suspended - unless another job
    suspending it is listed on the array.
  - With O(wait=true) the jobs this run created are deleted from the array once they have ended, like the resume and
    reverse modules do (C(deleted) in RV(jobs)).
extends_documentation_fragment:
  - fujitsu.eternus.connection
  - fujitsu.eternus.connection.SELECTION
  - fujitsu.eternus.connection.SESSION_FIELDS
  - fujitsu.eternus.connection.MATCH
  - fujitsu.eternus.connection.WAIT
  - fujitsu.eternus.connection.ATTRIBUTES
attributes:
  check_mode:
    support: full
    details: Reads the live state and reports the same plan, warnings and RV(data_loss) a real run would, without sending any suspend.
  diff_mode:
    support: full
    details: Shows C(status) and C(phase) of each selected session before and after (expected after, in check mode).
options:
  force:
    description:
      - Force the suspend of sessions that are not equivalent (V(Copying), V(Halt)). Only those sessions are forced;
        equivalent sessions are suspended normally in their own request. O(force_scope) narrows it to V(Halt) sessions.
      - Requires O(force_reason).
    type: bool
    default: false
  force_reason:
    description:
      - Why a forced suspend is acceptable; one of the three cases the vendor allows.
      - V(config_change) - the REC session configuration is being changed.
      - V(restore_from_remote) - data is being restored from the connected array.
      - V(copy_path_recovery) - manual recovery of a session halted by a copy path error (the unplanned failover case).
      - Only valid with O(force=true).
    type: str
    choices: [config_change, restore_from_remote, copy_path_recovery]
  force_scope:
    description:
      - Which sessions O(force=true) forces.
      - V(any) - every session that is not equivalent, V(Active) but not V(Equivalent) (V(Copying)) as well as V(Halt).
      - V(halted) - only V(Halt) sessions (the copy path is lost). A session that is V(Active) but not V(Equivalent)
        (its copy path is up and the array is still copying) is not eligible, with the reason, and handled as
        O(on_ineligible) says. Every other session is planned as with V(any).
      - V(halted) is for the unplanned failover of the C(fujitsu.eternus.rec_failover) role, which must force halted
        sessions only and decide that on the same read as the suspend itself; a separate check-mode preflight would
        leave a window in which a session whose copy path came back gets forced.
      - V(halted) requires O(force=true).
    type: str
    choices: [any, halted]
    default: any
    version_added: 1.1.0
  on_ineligible:
    description:
      - V(fail) - if any selected session cannot be suspended, fail and change nothing.
      - V(skip) - suspend the others and report the ineligible ones in RV(skipped_sessions) with their reasons.
      - An id that does not exist on the array is an error in either case, before anything is sent (a typo, or the
        id the pair has on its peer array, must not pass unnoticed).
    type: str
    choices: [fail, skip]
    default: fail
  wait:
    description:
      - Wait until the jobs are finished and every session shows V(Suspend). In Synchronous and Consistency modes a
        suspend finishes after its job; the module waits for that too.
      - With V(false) the module returns after the array accepted the requests; wait for RV(jobs) with M(fujitsu.eternus.job_info).
    type: bool
    default: true
notes:
  - Run it against the array whose sessions you suspend. In a planned failover that is usually the array that holds
    the copy source; when the source site is lost, run it against the surviving array, where the sessions show V(Halt).
seealso:
  - module: fujitsu.eternus.rec_session_info
  - module: fujitsu.eternus.job_info
"""

EXAMPLES = r"""
- name: Planned failover - suspend the equivalent sessions 1, 2 and 3 and wait until they are suspended
  fujitsu.eternus.rec_session_suspend:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    ca_path: /etc/pki/eternus/ca.pem
    session_ids: [1, 2, 3]

- name: Rehearse it first - check mode shows the plan and sends nothing
  fujitsu.eternus.rec_session_suspend:
    session_ids: [1, 2, 3]
  check_mode: true
  diff: true
  register: rehearsal

- name: Every database session to the DR array, leaving out what cannot be suspended
  fujitsu.eternus.rec_session_suspend:
    match:
      remote_boxid: "00ETERNUSDXM##ET44S20A####HK000104######"
      source_volume_name: "db_*"
    on_ineligible: skip
    wait_timeout: 900
  register: suspended

- name: Unplanned failover - the source site is lost, force only the halted sessions on the surviving array
  # A session still copying over a copy path that is up is refused (nothing is changed, see ineligible_sessions)
  fujitsu.eternus.rec_session_suspend:
    host: eternus-dr.example.com
    session_ids: [101, 102, 103]
    force: true
    force_reason: copy_path_recovery
    force_scope: halted
  register: forced

- name: Show what the forced suspend left behind
  ansible.builtin.debug:
    var: forced.data_loss

- name: Start the suspend without waiting, wait for the job in a later step
  fujitsu.eternus.rec_session_suspend:
    session_ids: [1, 2, 3]
    wait: false
  register: started
"""

RETURN = r"""
array:
  description:
    - The array this run talked to, as it names itself (one C(GET /storagesystem) per run, in check mode too) -
      C(url) as the module reached it, C(boxid) (its 40-character Box ID) and C(name) (C(storage_system_name)).
    - C(boxid) and C(name) are V(null) where the array does not say (an older firmware without the request, a user
      not allowed to read it, the field left out); that never fails the task. Compare C(boxid) with the
      C(remote_boxid) of the sessions on the peer array to tell which array a result came from.
  returned: always; on failure once the module has built its connection
  type: dict
  sample: {url: "https://eternus-a.example.com:5665", boxid: "00ETERNUSDXM##ET503S20A####SIMA00001####", name: DX-HOME}
changed:
  description: Whether a suspend request was sent (or, in check mode, would be).
  returned: always
  type: bool
  sample: true
msg:
  description:
    - One line saying what was done on which array (its Box ID, or its URL where the array does not give it), with the
      direction and peer of the sessions done (C(here -> peer <Box ID>) when this array holds the copy source).
    - Sessions another run's job suspended are named with that job; ineligible sessions with their volumes, direction and peer.
    - Bounded whatever the number of sessions - up to ten ids are listed one by one, longer lists as ranges
      (C(1-1000)) and at most ten of them, then C(and N more (see <key>)) naming the result key that holds them all;
      refusals and failures describe at most five sessions. The full lists are in the other keys.
  returned: always
  type: str
  sample: >-
    suspended 3 session(s) on array 00ETERNUSDXM##ET503S20A####SIMA00001####:
    1, 2, 3 (here -> peer 00ETERNUSDXM##ET503S20A####SIMB00002####); already suspended: 12
actions:
  description:
    - The plan, one entry per selected session. Its C(action) is V(suspend), V(force_suspend), V(wait) (a suspend
      already finishing), V(none) (already suspended), V(skip) (ineligible, O(on_ineligible=skip)) or V(ineligible).
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, action: suspend, reason: "equivalent: suspended normally"}
    - {copysession_id: 12, action: none, reason: "already suspended"}
suspended:
  description:
    - Ids that are now suspended by this run (with O(wait=true)), that would be (check mode),
      or whose suspend the array accepted (O(wait=false)).
    - With O(wait=true) also the ids whose suspend was already finishing when the run read them (it waited for them)
      and those another request suspended (RV(suspended_by_other_jobs)); neither makes the task RV(changed), and the
      message names them apart.
  returned: always
  type: list
  elements: int
  sample: [1, 2, 3]
already_suspended:
  description: Ids that were already suspended; nothing was sent for them.
  returned: always
  type: list
  elements: int
  sample: [12]
forced:
  description: Ids suspended (or, in check mode, to be suspended) with force.
  returned: always
  type: list
  elements: int
  sample: [8]
skipped_sessions:
  description: Ineligible sessions left alone because of O(on_ineligible=skip), with the reason.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 9, reason: "status Error: the array refuses to suspend a REC session in Error"}
failed_sessions:
  description:
    - Sessions whose suspend failed, with the array's C(error_code) and message and the session's last status and phase.
      The task fails when this is not empty; a rerun after the cause is fixed suspends only what is left.
    - Named C(failed_sessions), not C(failed), because Ansible reserves C(failed) and C(skipped) for the task's own status.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 2, error_code: "0033", message: "The copy session is not in a state that allows this operation.",
       job_id: 8192001, status: Active, phase: Equivalent}
data_loss:
  description:
    - For every forced session, the amount of data not yet copied that a forced suspend leaves behind.
    - A warning names each forced session with its volumes, direction and peer, except where C(uncopied_data_size) is 0
      (nothing is left behind, the destination holds every write).
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 8, uncopied_data_size: 1024, source_volume_name: app_halt01, destination_volume_name: app_halt01}
sessions:
  description:
    - The selected sessions in their final state (as last read; in check mode as expected after the run;
      with O(wait=false) as read before acting).
    - Each with the fields O(session_fields) asks for - the compact set by default, V(all) for every field.
    - When the task fails because selected sessions cannot be suspended (O(on_ineligible=fail)), the selected sessions
      as read, sorted by id (ids not found left out), so that the status, volumes and C(uncopied_data_size) of the
      refused ones can be shown without another read.
  returned: always; on failure when selected sessions cannot be suspended
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, type: REC, status: Suspend, phase: Equivalent, transfer_mode: Synchronous,
       source_volume_name: db_data01, destination_volume_name: db_data01, uncopied_data_size: 0}
jobs:
  description:
    - The jobs this run started, with the sessions each one covers.
    - C(status) is how the job ended, with O(wait=true) (V(Expired) when the array purged it first). The wait reads the
      sessions and each job until it has ended; C(status) is V(null) only for a job still running when its sessions
      were already suspended (or with O(wait=false)).
    - C(deleted) is V(true) when the run deleted the finished job from the array, as the resume and reverse modules do
      (finished jobs count against the array's limit of 512 until deleted or purged 30 minutes after they end). With
      O(wait=true) the jobs that ended are deleted once the wait is over; with O(wait=false) none is, so that
      M(fujitsu.eternus.job_info) can wait for them. C(delete_error) says why a delete failed (never fatal).
  returned: always
  type: list
  elements: dict
  sample:
    - {job_id: 8192001, job_href: /api/v1/job/8192001, force: false, copysession_ids: [1, 2, 3], status: Success, deleted: true}
suspended_by_other_jobs:
  description:
    - Sessions that another request suspended, not this run - this run's job did not take them, they ended suspended
      all the same, and either the array refused this run's suspend because a suspend of them was still running (another
      job was already suspending them), or another job that takes them is listed on the array. They do not make the
      task RV(changed), the message names them apart from what this run suspended, and a warning names the other job.
    - C(job_id) is that other job (V(null) when it is no longer listed, or belongs to another user), C(refused_job_id)
      this run's job, with the array's C(error_code) and C(message) for the refusal.
    - A session whose suspend failed and that did not end suspended is in RV(failed_sessions) and fails the task; so
      is one that ended suspended after any other failure of this run's job with no other job listed for it.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, job_id: 8192001, refused_job_id: 8192002, error_code: "0108",
       message: "A suspend of the REC session is still running."}
elapsed:
  description: Seconds spent waiting.
  returned: always
  type: float
  sample: 2.1
polls:
  description: Number of polls made while waiting.
  returned: always
  type: int
  sample: 4
ineligible_sessions:
  description: When the task fails because selected sessions cannot be suspended (O(on_ineligible=fail)), each of them with the reason.
  returned: failure
  type: list
  elements: dict
  sample:
    - {copysession_id: 9, reason: "status Error: the array refuses to suspend a REC session in error; resolve the error first"}
diff:
  description: Status and phase of each selected session before and after (with C(--diff)).
  returned: always
  type: dict
  sample:
    before: {"1": {status: Active, phase: Equivalent}}
    after: {"1": {status: Suspend, phase: Equivalent}}
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils._module import OPERATION_ARGSPEC, EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.operations import SUSPEND
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import FORCE_REASONS, validate_force
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.tables import FORCE_SCOPE_ANY, FORCE_SCOPES

ARGUMENT_SPEC = {
    **OPERATION_ARGSPEC,
    "force": {"type": "bool", "default": False},
    "force_reason": {"type": "str", "choices": list(FORCE_REASONS)},
    "force_scope": {"type": "str", "choices": list(FORCE_SCOPES), "default": FORCE_SCOPE_ANY},
}


def main():
    # The force guard holds before any request: a forced suspend throws data away.
    module = EternusModule.for_selection(
        ARGUMENT_SPEC, check=lambda p: validate_force(p["force"], p["force_reason"], force_scope=p["force_scope"]))
    module.run(SUSPEND)


if __name__ == "__main__":
    main()
