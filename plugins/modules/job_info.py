#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: job_info
short_description: Read, and optionally wait for, a job of an ETERNUS AF/DX array
version_added: 1.0.0
description:
  - Every state-changing call of the ETERNUS RESTful API runs as a job. This module reads one job (C(GET /job/{job_id})),
    decodes its per-session results and, with O(wait=true), waits until it has finished.
  - In Synchronous and Consistency transfer modes a suspend can still be finishing when its job reports V(Success);
    the job then lists those sessions in C(progress_href_list). With O(wait=true) the module also waits until each of
    them has finished its suspend, so that a following step sees the final state.
  - Finished jobs are deleted by the array 30 minutes after they end. A job that was seen and then disappears during
    the wait is reported with RV(expired=true) and its last seen state; a job that is unknown from the start fails the task.
  - The module reports a failed job (V(Error), V(Partial_Error), V(Canceled)) without failing; check RV(status) or RV(failed_sessions).
extends_documentation_fragment:
  - fujitsu.eternus.connection
  - fujitsu.eternus.connection.WAIT
  - fujitsu.eternus.connection.ATTRIBUTES
  - fujitsu.eternus.connection.READS
attributes:
  check_mode:
    details: The module only reads. In check mode it does not wait, since a rehearsal started no job.
options:
  job_id:
    description: Id of the job, as returned by the module that started it (for example RV(fujitsu.eternus.rec_session_suspend#module:jobs)).
    type: int
    required: true
  wait:
    description:
      - Wait until the job is terminal (V(Success), V(Error), V(Partial_Error), V(Canceled)) and every session in its
        C(progress_href_list) has finished its suspend.
    type: bool
    default: false
seealso:
  - module: fujitsu.eternus.rec_session_info
"""

EXAMPLES = r"""
- name: Read a job once
  fujitsu.eternus.job_info:
    job_id: 8192001
  register: job

- name: Start a suspend without waiting (a suspend that waits deletes its jobs once they have ended)
  fujitsu.eternus.rec_session_suspend:
    session_ids: [1, 2, 3]
    wait: false
  register: suspend

- name: Wait for a suspend job and for its sessions to finish suspending
  fujitsu.eternus.job_info:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    job_id: "{{ suspend.jobs[0].job_id }}"
    wait: true
    wait_timeout: 900
  register: job

- name: Stop the runbook if any session failed
  ansible.builtin.assert:
    that: job.failed_sessions | length == 0
    fail_msg: "{{ job.failed_sessions }}"
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
job:
  description: The job as the array returned it last (all its fields).
  returned: always
  type: dict
  sample:
    job_id: 8192001
    job_href: /api/v1/job/8192001
    description: Suspend REC sessions
    status: Success
    created_time: "2026-11-26T03:02:11Z"
    modified_time: "2026-11-26T03:02:13Z"
    resource_href_list: [/api/v1/copysession/1, /api/v1/copysession/2, /api/v1/copysession/3]
    progress_href_list: [/api/v1/copysession/1]
    succeeded_resource_href_list: [/api/v1/copysession/1, /api/v1/copysession/2, /api/v1/copysession/3]
    failed_resource_info_list: []
status:
  description: The job's status; V(Queued), V(Running), V(Success), V(Error), V(Partial_Error) or V(Canceled).
  returned: always
  type: str
  sample: Success
finished:
  description: Whether the job is terminal (or expired) and no session of it is still finishing its suspend.
  returned: always
  type: bool
  sample: true
expired:
  description: The job was seen and then purged by the array while waiting; RV(job) holds its last seen state.
  returned: always
  type: bool
  sample: false
succeeded_sessions:
  description: Ids of the sessions the job succeeded on (from C(succeeded_resource_href_list)).
  returned: always
  type: list
  elements: int
  sample: [1, 2, 3]
failed_sessions:
  description: The sessions the job failed on, with the array's error code and message.
  returned: always
  type: list
  elements: dict
  sample:
    - copysession_id: 2
      resource_href: /api/v1/copysession/2
      error_code: "0033"
      message: The copy session is already suspended.
progress_sessions:
  description:
    - Sessions whose suspend was still finishing when the job ended (C(progress_href_list)), with their state as last read.
    - Read only with O(wait=true).
  returned: always
  type: list
  elements: dict
  sample:
    - copysession_id: 1
      status: Suspend
      phase: Equivalent
      concurrent_suspend_result: Succeeded
elapsed:
  description: Seconds spent waiting.
  returned: always
  type: float
  sample: 2.4
polls:
  description: Number of polls made while waiting.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._api import decode_job_results, read_job as read_job_of
from ansible_collections.fujitsu.eternus.plugins.module_utils._module import WAIT_ARGSPEC, EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.progress import JobProgress, wait_for_job

ARGUMENT_SPEC = {
    "job_id": {"type": "int", "required": True},
    "wait": {"type": "bool", "default": False},
    **WAIT_ARGSPEC,
}


def read_job(module, client):
    job_id = module.params["job_id"]
    try:
        return report_job(module, client, job_id)
    except errors.NotFound as exc:
        raise errors.NotFound("job %d does not exist on %s: finished jobs are deleted 30 minutes after they end, "
                              "and jobs of other users are not visible (%s)" % (job_id, module.params["host"], exc.message),
                              status=exc.status, error_code=exc.error_code) from None


def report_job(module, client, job_id):
    if module.params["wait"]:
        progress, waited = wait_for_job(client, job_id, module.waiter())
        elapsed, polls = waited.elapsed, waited.polls
    else:
        progress = JobProgress(job_id=job_id)
        progress.job = read_job_of(client, job_id)
        elapsed, polls = 0.0, 0
    if progress.job is None:
        progress.job = read_job_of(client, job_id)
    outcome = decode_job_results(progress.job)
    sessions = progress.sessions or {}
    result = {
        "changed": False,
        "job": progress.job,
        "status": progress.job.get("status"),
        "finished": progress.done(),
        "expired": progress.expired,
        "succeeded_sessions": outcome.succeeded,
        "failed_sessions": outcome.failed,
        "progress_sessions": [sessions[i] for i in progress.progress_ids if i in sessions],
        "elapsed": elapsed,
        "polls": polls,
    }
    if progress.expired:
        module.ansible.warn("job %d was purged by the array while waiting; its last seen state is returned" % job_id)
    return result


def main():
    module = EternusModule(ARGUMENT_SPEC, supports_check_mode=True)
    module.check_wait_params()
    if module.params["job_id"] <= 0:
        module.fail("job_id must be a positive integer, got %d" % module.params["job_id"])
    module.run(read_job)


if __name__ == "__main__":
    main()
