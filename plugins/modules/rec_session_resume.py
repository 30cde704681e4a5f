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
  - B(No silent overwrite.) Each array shows in C(tracking_data_size) the changes recorded on its own volume since the
    suspend. When this array holds the destination (C(is_local_source_volume=false)), a suspended session whose
    C(tracking_data_size) is above 0 has changes that the resume would discard - it is not eligible unless
    O(discard_destination_changes=true), and the refusal names the session, its volumes, the direction, the peer's
    Box ID and the amount. When this array holds the copy source it cannot see the destination's changes (they are
    recorded on the peer); unless O(destination_changes_on_peer) gives them, the module then warns, naming the sessions
    and the peer, resumes them all the same, and RV(actions) shows C(destination_changes_shown=false). With
    O(destination_changes_on_peer) (what the caller read on the peer array) the given amount decides as the array's own
    would - above 0 not eligible without O(discard_destination_changes=true), 0 resumed without a warning. An array
    that does not report C(tracking_data_size) is never refused on the missing value either; the warning says so.
  - The module reads the sessions first, plans what each one needs, refuses before any change if the plan is not
    acceptable, then sends the resumes.
  - "What happens to each session (the transition table):
    status V(Suspend), this array holds the destination and it shows changes recorded since the suspend
    (C(tracking_data_size) > 0) - not eligible, or resumed (discarding them) with O(discard_destination_changes=true);
    status V(Suspend), this array holds the copy source and O(destination_changes_on_peer) gives an amount above 0 for
    it - not eligible, or resumed (discarding them) with O(discard_destination_changes=true);
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
  - fujitsu.eternus.connection.SESSION_FIELDS
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
  discard_destination_changes:
    description:
      - A resume copies the source volume over the destination; changes recorded on the destination volume since the
        suspend are discarded.
      - V(false) - a suspended session whose destination volume is on this array and shows recorded changes
        (C(tracking_data_size) > 0, in the array's units) is not eligible; the task fails (or skips it with
        O(on_ineligible=skip)) before any request, saying how much would be discarded.
        To keep those changes, reverse the session first with M(fujitsu.eternus.rec_session_reverse), so that the side
        holding them becomes the copy source.
      - V(true) - resume such sessions anyway and discard their destination's changes; a warning names each one with the amount.
      - Where this array holds the copy source (C(is_local_source_volume=true)) it cannot see the changes recorded on the
        destination - they are on the peer array. Without O(destination_changes_on_peer) for such a session the module
        warns and resumes it, discarding whatever the destination recorded, whatever this option says. Read them on the
        peer with M(fujitsu.eternus.rec_session_info) and give them in O(destination_changes_on_peer); then an amount
        above 0 is refused unless this option is V(true), exactly as on the destination's array. The roles
        (C(fujitsu.eternus.rec_failback), C(fujitsu.eternus.rec_dr_test)) read the peer and pass what they read.
    type: bool
    default: false
    version_added: 1.2.0
  destination_changes_on_peer:
    description:
      - The changes recorded on the destination volume since the suspend, as the caller read them on the peer array
        (its C(tracking_data_size) there, in the array's units), for sessions whose copy source is on this array.
        A mapping of this array's C(copysession_id) (an integer, or its decimal string) to a non-negative integer.
      - A run on the array that holds the copy source cannot see the destination's changes. For a session given here the
        module uses the given amount instead of warning that it cannot see them - above 0 the session is not eligible
        unless O(discard_destination_changes=true), and the message gives the amount C((read on the peer)); 0 resumes it
        without a warning. RV(actions) then shows the amount in C(destination_changes) with
        C(destination_changes_source=peer).
      - For a session whose destination is on this array the array's own C(tracking_data_size) is used and the given
        value is ignored.
      - A key that is not the id of a selected session on this array (for example the id the pair has on the peer array),
        or a value that is not a non-negative integer, fails the task before anything is sent, in check mode too.
      - Read the peer shortly before the resume - changes made there afterwards are not counted.
    type: dict
    version_added: 1.2.0
  on_ineligible:
    description:
      - V(fail) - if any selected session cannot be resumed, fail and change nothing.
      - V(skip) - resume the others and report the ineligible ones in RV(skipped_sessions) with their reasons.
      - An id that does not exist on the array is an error in either case, before anything is sent (a typo, or the
        id the pair has on its peer array, must not pass unnoticed).
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
  - A run on the array that holds the copy source cannot see the changes recorded on the destination volume (the array
    shows only its own volume's changes). It warns, naming the sessions and the peer, and resumes them - discarding
    those changes - unless O(destination_changes_on_peer) gives what was read on the peer (then above 0 is refused
    without O(discard_destination_changes=true)). The roles C(fujitsu.eternus.rec_failback) and
    C(fujitsu.eternus.rec_dr_test) read the peer array before they resume and pass what they read.
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

- name: On the array that holds the destination, resume even though its volume was written to since the suspend
  fujitsu.eternus.rec_session_resume:
    session_ids: [101]
    discard_destination_changes: true

- name: On the peer array (the one holding the destination), read the changes recorded on the destination volumes
  fujitsu.eternus.rec_session_info:
    host: eternus-b.example.com
    session_ids: [101, 102]
  register: on_peer

- name: On the copy source's array, resume only if the destination recorded nothing (keys are this array's ids)
  fujitsu.eternus.rec_session_resume:
    host: eternus-a.example.com
    session_ids: [1, 2]
    destination_changes_on_peer:
      1: "{{ (on_peer.sessions | selectattr('copysession_id', 'equalto', 101) | first).tracking_data_size }}"
      2: "{{ (on_peer.sessions | selectattr('copysession_id', 'equalto', 102) | first).tracking_data_size }}"

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
  description: Whether a resume was accepted by the array (or, in check mode, would be sent).
  returned: always
  type: bool
  sample: true
msg:
  description:
    - One line saying what was done on which array (its Box ID, or its URL where the array does not give it), with the
      direction and peer of the sessions done (C(here -> peer <Box ID>) when this array holds the copy source), and the
      sessions whose destination's recorded changes were discarded.
    - Bounded whatever the number of sessions - up to ten ids are listed one by one, longer lists as ranges
      (C(1-1000)) and at most ten of them, then C(and N more (see <key>)) naming the result key that holds them all;
      refusals and failures describe at most five sessions. The full lists are in the other keys.
  returned: always
  type: str
  sample: >-
    resumed 3 session(s) on array 00ETERNUSDXM##ET503S20A####SIMA00001####:
    1, 2, 3 (here -> peer 00ETERNUSDXM##ET503S20A####SIMB00002####); already active: 4
actions:
  description:
    - The plan, one entry per selected session. Its C(action) is V(resume), V(none) (already active), V(skip)
      (ineligible, O(on_ineligible=skip)) or V(ineligible).
    - C(destination_changes) is the amount of changes recorded on the destination volume since the suspend that a resume
      discards (C(tracking_data_size), in the array's units) - as this array shows it where it holds the destination, or
      as O(destination_changes_on_peer) gives it where it holds the copy source; V(null) where neither tells.
      C(destination_changes_shown) is V(true) when the amount is known, and C(destination_changes_source) says where it
      came from - V(array) (this array holds the destination and reports it), V(peer) (O(destination_changes_on_peer)),
      or V(null) (not known; where this array holds the copy source a warning says so).
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, action: resume, reason: "suspended: resume; ...", destination_changes: null, destination_changes_shown: false,
       destination_changes_source: null}
    - {copysession_id: 2, action: resume, reason: "suspended: resume; ... (tracking_data_size 0 (read on the peer))",
       destination_changes: 0, destination_changes_shown: true, destination_changes_source: peer}
    - {copysession_id: 4, action: none, reason: "already active (phase Equivalent)", destination_changes: null,
       destination_changes_shown: false, destination_changes_source: null}
    - {copysession_id: 101, action: ineligible, destination_changes: 128, destination_changes_shown: true, destination_changes_source: array,
       reason: "suspended, and the destination volume (on this array) has recorded changes since the suspend (tracking_data_size 128, ...)"}
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
    - Each with the fields O(session_fields) asks for - the compact set by default, V(all) for every field.
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
  description:
    - When the task fails because selected sessions cannot be resumed (O(on_ineligible=fail)), each of them with the reason
      and C(destination_changes), C(destination_changes_shown), C(destination_changes_source) as in RV(actions).
  returned: failure
  type: list
  elements: dict
  sample:
    - {copysession_id: 10, reason: "status Reserved: the copy has not started, there is nothing to resume",
       destination_changes: null, destination_changes_shown: false, destination_changes_source: null}
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
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.plan import (
    WAIT_FOR_CHOICES, WAIT_FOR_RESUMED, check_destination_changes_on_peer)

ARGUMENT_SPEC = {
    **OPERATION_ARGSPEC,
    "wait_for": {"type": "str", "choices": list(WAIT_FOR_CHOICES), "default": WAIT_FOR_RESUMED},
    "discard_destination_changes": {"type": "bool", "default": False},
    "destination_changes_on_peer": {"type": "dict"},
}


def check_params(params):
    """Before any request: destination_changes_on_peer's keys and values, and with session_ids, that each key is one of them
    (with match the selected ids are known only after the read, and checked then, before any resume)."""
    check_destination_changes_on_peer(params.get("destination_changes_on_peer"), params.get("session_ids"))


def main():
    module = EternusModule.for_selection(ARGUMENT_SPEC, check=check_params)
    module.run(RESUME)


if __name__ == "__main__":
    main()
