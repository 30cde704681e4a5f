#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: rec_session_reverse
short_description: Set the copy direction of suspended REC (Remote Equivalent Copy) sessions of an ETERNUS AF/DX array
version_added: 1.0.0
description:
  - Makes the copy source of REC sessions the side named by O(copy_source), reversing with
    C(POST /copysession/{id}/reverse) (one request and one job per session) only the sessions whose copy source is on
    the other side. Stating the wanted direction, not "reverse", makes a rerun safe; a session already in that
    direction is left alone.
  - O(copy_source=local) - the array the module talks to (O(host)) holds the copy source; the peer array holds the copy
    destination. O(copy_source=remote) - the peer array (C(remote_boxid)) holds the copy source; this array holds the
    destination. The module compares this with the session's C(is_local_source_volume).
  - The array reverses only suspended sessions. A reverse changes no data; it decides which side a later resume
    (M(fujitsu.eternus.rec_session_resume)) copies from, and that resume overwrites the other side.
  - "What happens to each session (the transition table):
    copy source already on the wanted side - nothing, whatever its status;
    other side, status V(Suspend) - reversed;
    other side, a suspend still finishing - not eligible, run again once it shows V(Suspend);
    other side, status V(Active) - not eligible, only suspended sessions can be reversed: suspend it first;
    other side, V(Halt), V(Error), V(Reserved) or a status the collection does not know - not eligible, with the reason;
    a session that is not REC, an unknown id, or a session that does not report its direction - not eligible."
  - Tenant users cannot reverse REC sessions; the array refuses them (HTTP 403) and the task fails saying so, after a
    single refused request.
  - Many sessions are reversed with at most 64 of this run's jobs unfinished at a time (the array registers at most 512),
    each finished job this run created is deleted, and an array that answers 503 (busy) is waited out.
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
    details: Reads the live state and reports the same plan a real run would carry out, without sending any reverse.
  diff_mode:
    support: full
    details: Shows C(status), C(phase), C(is_local_source_volume) and the volume names of each selected session before and after.
options:
  copy_source:
    description:
      - The side that must hold the copy source when the task is done.
      - V(local) - this array (O(host)); V(remote) - the peer array.
    type: str
    choices: [local, remote]
    required: true
  on_ineligible:
    description:
      - V(fail) - if any selected session cannot be reversed, fail and change nothing.
      - V(skip) - reverse the others and report the ineligible ones in RV(skipped_sessions) with their reasons.
      - An id that does not exist on the array is an error in either case, before anything is sent (a typo, or the
        id the pair has on its peer array, must not pass unnoticed).
    type: str
    choices: [fail, skip]
    default: fail
  wait:
    description:
      - Wait until every job has finished and each session shows the wanted direction.
      - With V(false) the module returns once the array has accepted every reverse; wait for RV(jobs) with M(fujitsu.eternus.job_info).
    type: bool
    default: true
notes:
  - After a failover the applications write to the former destination volumes. To copy those writes back, reverse so
    that the copy source is the side where the applications ran, then resume.
seealso:
  - module: fujitsu.eternus.rec_session_suspend
  - module: fujitsu.eternus.rec_session_resume
  - module: fujitsu.eternus.rec_session_info
"""

EXAMPLES = r"""
- name: Failback, step 1 - the DR site (the peer of this array) becomes the copy source
  fujitsu.eternus.rec_session_reverse:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    ca_path: /etc/pki/eternus/ca.pem
    session_ids: [1, 2, 3]
    copy_source: remote

- name: Rehearse switching back - check mode shows the plan and sends nothing
  fujitsu.eternus.rec_session_reverse:
    session_ids: [1, 2, 3]
    copy_source: local
  check_mode: true
  diff: true
  register: rehearsal

- name: Switch every database session back to this array as copy source, leaving out what is not suspended
  fujitsu.eternus.rec_session_reverse:
    match:
      remote_boxid: "00ETERNUSDXM##ET44S20A####HK000104######"
    copy_source: local
    on_ineligible: skip
  register: switched_back
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
  description: Whether a reverse was accepted by the array (or, in check mode, would be sent).
  returned: always
  type: bool
  sample: true
msg:
  description:
    - One line saying what was done on which array, with the direction and peer of the sessions done.
    - Bounded whatever the number of sessions - up to ten ids are listed one by one, longer lists as ranges
      (C(1-1000)) and at most ten of them, then C(and N more (see <key>)) naming the result key that holds them all;
      refusals and failures describe at most five sessions. The full lists are in the other keys.
  returned: always
  type: str
  sample: >-
    reversed 3 session(s) to copy source remote on array 00ETERNUSDXM##ET503S20A####SIMA00001####:
    1, 2, 3 (peer 00ETERNUSDXM##ET503S20A####SIMB00002#### -> here)
copy_source:
  description: The wanted side of the copy source, as given.
  returned: always
  type: str
  sample: remote
actions:
  description:
    - The plan, one entry per selected session. Its C(action) is V(reverse), V(none) (already in the wanted direction),
      V(skip) (ineligible, O(on_ineligible=skip)) or V(ineligible).
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, action: reverse, reason: "suspended, copy source local: reverse so that the copy source is remote"}
reversed:
  description:
    - Ids that now show the wanted direction after this run's reverse (with O(wait=true)), that would be reversed
      (check mode), or whose reverse the array accepted (O(wait=false)).
  returned: always
  type: list
  elements: int
  sample: [1, 2, 3]
already_in_direction:
  description: Ids whose copy source was already on the wanted side; no reverse was sent for them.
  returned: always
  type: list
  elements: int
  sample: [12]
skipped_sessions:
  description: Ineligible sessions left alone because of O(on_ineligible=skip), with the reason.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 4, reason: "status Active (phase Equivalent): only suspended sessions can be reversed; suspend it first"}
failed_sessions:
  description:
    - Sessions whose reverse failed, with the array's C(error_code) and message, the HTTP status when the request itself
      was refused (403 for a tenant user), and the session's last status and direction. The task fails when this is not empty.
    - Named C(failed_sessions), not C(failed), because Ansible reserves C(failed) and C(skipped) for the task's own status.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 13, error_code: "0003", http_status: 403, job_id: null, status: Suspend, is_local_source_volume: true,
       message: "POST https://eternus-a.example.com:5665/api/v1/copysession/13/reverse failed with HTTP 403 (error_code 0003): ..."}
sessions:
  description:
    - The selected sessions in their final state (as last read; in check mode as expected after the run;
      with O(wait=false) as read before acting). C(is_local_source_volume) tells the direction.
    - Each with the fields O(session_fields) asks for - the compact set by default, V(all) for every field.
    - When the task fails because selected sessions cannot be reversed (O(on_ineligible=fail)), the selected sessions
      as read, sorted by id (ids not found left out).
  returned: always; on failure when selected sessions cannot be reversed
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, type: REC, status: Suspend, phase: Equivalent, is_local_source_volume: false,
       source_volume_name: db_data01, destination_volume_name: db_data01}
jobs:
  description: One entry per reverse this run sent, with the job's final status and whether the run deleted the finished job.
  returned: always
  type: list
  elements: dict
  sample:
    - {copysession_id: 1, job_id: 8192001, job_href: /api/v1/job/8192001, status: Success, deleted: true}
elapsed:
  description: Seconds spent waiting.
  returned: always
  type: float
  sample: 1.2
polls:
  description: Number of polls made while waiting.
  returned: always
  type: int
  sample: 2
ineligible_sessions:
  description: When the task fails because selected sessions cannot be reversed (O(on_ineligible=fail)), each of them with the reason.
  returned: failure
  type: list
  elements: dict
  sample:
    - {copysession_id: 4, reason: "status Active (phase Equivalent): only suspended sessions can be reversed; suspend it first"}
diff:
  description: Status, phase, C(is_local_source_volume) and volume names of each selected session before and after (with C(--diff)).
  returned: always
  type: dict
  sample:
    before: {"1": {status: Suspend, phase: Equivalent, is_local_source_volume: true}}
    after: {"1": {status: Suspend, phase: Equivalent, is_local_source_volume: false}}
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils._module import OPERATION_ARGSPEC, EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.classify import COPY_SOURCE_CHOICES
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.operations import REVERSE

ARGUMENT_SPEC = {
    **OPERATION_ARGSPEC,
    "copy_source": {"type": "str", "choices": list(COPY_SOURCE_CHOICES), "required": True},
}


def main():
    module = EternusModule.for_selection(ARGUMENT_SPEC)
    module.run(REVERSE)


if __name__ == "__main__":
    main()
