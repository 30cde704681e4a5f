#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: rec_session_info
short_description: Read REC (Remote Equivalent Copy) sessions of an ETERNUS AF/DX array
version_added: 1.0.0
description:
  - Reads REC sessions from the array's RESTful API (C(GET /copysession), following every page).
  - Select sessions by O(session_ids), by filters, by O(match) (the selection the modules that change sessions take), or any
    of them together (a session must pass all of them). Without any, all REC sessions are returned.
  - Only REC sessions are returned; other copy types (OPC, QuickOPC, SnapOPC, EC, ...) are left out of filter selections
    and rejected when asked for by id.
  - Read-only; runs the same in check mode.
extends_documentation_fragment:
  - fujitsu.eternus.connection
  - fujitsu.eternus.connection.MATCH
  - fujitsu.eternus.connection.SESSION_FIELDS
  - fujitsu.eternus.connection.ATTRIBUTES
  - fujitsu.eternus.connection.READS
options:
  session_ids:
    description:
      - Copy session ids (C(copysession_id)) on this array. Each must exist and be a REC session, otherwise the task fails naming it.
      - The same REC pair has a different id on its peer array (RV(sessions[].remote_copysession_id)).
    type: list
    elements: int
  remote_boxid:
    description: Only sessions whose peer array has this 40-character Box ID.
    type: str
  status:
    description: Only sessions in one of these statuses.
    type: list
    elements: str
    choices: [Active, Reserved, Suspend, Halt, Error]
  phase:
    description: Only sessions in one of these phases.
    type: list
    elements: str
    choices: [Copying, Equivalent, Tracking, Copying_and_Tracking, Readying]
  transfer_mode:
    description: Only sessions with one of these transfer modes.
    type: list
    elements: str
    choices: [Synchronous, Consistency, Stack, Through]
  source_volume_name:
    description: Only sessions whose copy source volume name matches this shell-style glob (V(db_*), V(vol0?)); case-sensitive.
    type: str
  destination_volume_name:
    description: Only sessions whose copy destination volume name matches this shell-style glob; case-sensitive.
    type: str
seealso:
  - module: fujitsu.eternus.job_info
"""

EXAMPLES = r"""
- name: All REC sessions of the array
  fujitsu.eternus.rec_session_info:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    ca_path: /etc/pki/eternus/ca.pem
  register: rec

- name: Three sessions by id, connection from module_defaults
  module_defaults:
    group/fujitsu.eternus.eternus:
      host: eternus-a.example.com
      username: "{{ eternus_user }}"
      password: "{{ eternus_password }}"
  fujitsu.eternus.rec_session_info:
    session_ids: [1, 2, 3]

- name: Database volumes replicated to the DR array that are not equivalent
  fujitsu.eternus.rec_session_info:
    remote_boxid: "00ETERNUSDXM##ET44S20A####HK000104######"
    source_volume_name: "db_*"
    phase: [Copying, Copying_and_Tracking]
  register: lagging

- name: The sessions a rec_session_suspend with the same match would act on
  fujitsu.eternus.rec_session_info:
    match:
      source_volume_name: "db_*"
      transfer_mode: Synchronous
  register: planned

- name: Ad hoc, connection from ETERNUS_* environment variables
  # ansible localhost -m fujitsu.eternus.rec_session_info -a 'status=Halt'
  fujitsu.eternus.rec_session_info:
    status: [Halt]
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
count:
  description: Number of sessions returned.
  returned: always
  type: int
  sample: 3
sessions:
  description:
    - The selected REC sessions, ascending by id, with the fields O(session_fields) asks for (by default the compact
      set; V(all) for every field the array returns).
  returned: always
  type: list
  elements: dict
  contains:
    copysession_id:
      description: Id of the session on this array.
      type: int
      sample: 1
    type:
      description: Copy type; always V(REC) here. With O(session_fields=all) only.
      type: str
      sample: REC
    status:
      description: V(Active), V(Suspend), V(Halt) (copy path lost), V(Error) or V(Reserved).
      type: str
      sample: Active
    phase:
      description: V(Equivalent) when source and destination hold the same data, V(Copying) while data is still being sent.
      type: str
      sample: Equivalent
    transfer_mode:
      description: V(Synchronous), V(Consistency), V(Stack) or V(Through).
      type: str
      sample: Synchronous
    source_volume_name:
      description: Name of the copy source volume.
      type: str
      sample: db_data_01
    destination_volume_name:
      description: Name of the copy destination volume.
      type: str
      sample: db_data_01_dr
    uncopied_data_size:
      description: Data not yet copied to the destination (as the array reports it).
      type: int
      sample: 0
    progress:
      description: Copy progress in percent.
      type: int
      sample: 100
    concurrent_suspend_result:
      description: V(Running) while a suspend is still finishing after its job succeeded (Synchronous and Consistency modes).
      type: str
      sample: null
    remote_copysession_id:
      description: Id of the same REC pair on the peer array.
      type: int
      sample: 1
    remote_boxid:
      description: Box ID of the peer array.
      type: str
      sample: 00ETERNUSDXM##ET44S20A####HK000104######
    is_local_source_volume:
      description: V(true) when this array holds the copy source.
      type: bool
      sample: true
  sample:
    - copysession_id: 1
      status: Active
      phase: Equivalent
      transfer_mode: Synchronous
      source_volume_name: db_data_01
      destination_volume_name: db_data_01_dr
      is_local_source_volume: true
      remote_boxid: 00ETERNUSDXM##ET44S20A####HK000104######
      remote_copysession_id: 1
      error_code: null
      concurrent_suspend_result: null
      uncopied_data_size: 0
      tracking_data_size: 0
      progress: 100
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils._module import MATCH_ARGSPEC, SESSION_FIELDS_ARGSPEC, EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.selection import (
    INFO_FILTER_OPTIONS, read_rec_sessions, session_matches)

ARGUMENT_SPEC = {
    "session_ids": {"type": "list", "elements": "int"},
    **INFO_FILTER_OPTIONS,
    **MATCH_ARGSPEC,
    **SESSION_FIELDS_ARGSPEC,
}


def read_selected(module, client):
    filters = {key: module.params[key] for key in INFO_FILTER_OPTIONS}
    sessions = read_rec_sessions(client, module.params["session_ids"], filters)
    if module.params["match"]:
        sessions = [session for session in sessions if session_matches(session, module.params["match"])]
    return {"changed": False, "count": len(sessions), "sessions": sessions}


def main():
    module = EternusModule(ARGUMENT_SPEC, supports_check_mode=True)
    module.run(read_selected)


if __name__ == "__main__":
    main()
