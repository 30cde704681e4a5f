# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Options shared by every module; kept equal to CONNECTION_ARGSPEC in module_utils/_module.py.
    DOCUMENTATION = r"""
author:
  - fujitsu.eternus maintainers (@fujitsu-eternus)
options:
  host:
    description:
      - Host name or IP address of the ETERNUS AF/DX array whose RESTful API is called.
      - The API is served by the array itself; give the array that holds the sessions to act on.
      - If not set, the value of the E(ETERNUS_HOST) environment variable is used.
    type: str
    required: true
  port:
    description:
      - TCP port of the RESTful API.
      - If not set, the value of the E(ETERNUS_PORT) environment variable is used.
    type: int
    default: 5665
  username:
    description:
      - User name to log in with. A tenant user sees and acts only on sessions whose local volume belongs to the tenant.
      - If not set, the value of the E(ETERNUS_USERNAME) environment variable is used.
    type: str
    required: true
    aliases: [user]
  password:
    description:
      - Password of O(username). Never shown in output or logs.
      - If not set, the value of the E(ETERNUS_PASSWORD) environment variable is used.
    type: str
    required: true
  validate_certs:
    description:
      - Verify the array's TLS certificate.
      - Set to V(false) only in a lab; give the CA that signed the array's certificate with O(ca_path) instead.
      - If not set, the value of the E(ETERNUS_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file with the CA certificate(s) that signed the array's certificate.
      - If not set, the value of the E(ETERNUS_CA_PATH) environment variable is used, then the system's trusted CAs.
    type: path
  timeout:
    description:
      - Seconds to wait for the array to answer one request; a module that waits for a job bounds the whole wait separately.
      - If not set, the value of the E(ETERNUS_TIMEOUT) environment variable is used.
    type: int
    default: 30
notes:
  - Every module logs in once, reuses that login for all its requests, and logs out when it ends, also when it fails.
  - Requests that only read are retried with backoff when the array answers 503 (busy) or the connection fails;
    state-changing requests are resent only after a 503, which the array answers before doing anything.
  - A token that expires during a long wait is renewed once by logging in again.
requirements:
  - requests
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the array.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
  action_group:
    description: Use C(group/fujitsu.eternus.eternus) in C(module_defaults) to set the connection options once for all modules.
    support: full
    membership:
      - fujitsu.eternus.eternus
"""

    WAIT = r"""
options:
  wait_timeout:
    description:
      - Seconds to wait in total before failing with the last state seen.
      - Must be positive.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds before the first poll. Later polls back off by a factor of 1.5 up to 5 seconds (or O(poll_interval) if larger),
        except that a poll comes right after the time the array says a suspend still needs (C(remain_time_to_finish_suspend)),
        and a poll never sleeps past O(wait_timeout).
      - Must be positive.
    type: float
    default: 0.4
"""

    SELECTION = r"""
options:
  session_ids:
    description:
      - Ids (C(copysession_id)) of the REC sessions on this array to act on. Ids must be unique integers from 0 (the vendor's samples use 0) to 4294967295.
      - The same REC pair has a different id on its peer array (C(remote_copysession_id)).
      - Mutually exclusive with O(match); one of the two is required, and a O(match) must select at least one session.
    type: list
    elements: int
"""

    SESSION_FIELDS = r"""
options:
  session_fields:
    description:
      - Which fields of each session RV(sessions) returns; C(copysession_id) is always returned.
      - V(compact) (the default) - the fields the collection's roles, their reports and a person at the console read -
        C(copysession_id), C(status), C(phase), C(transfer_mode), C(source_volume_name), C(destination_volume_name),
        C(is_local_source_volume), C(remote_boxid), C(remote_copysession_id), C(error_code), C(concurrent_suspend_result),
        C(uncopied_data_size), C(tracking_data_size) and C(progress).
      - V(all) - every field the array returns (about thirty, also C(type), the volume numbers and links,
        C(total_data_size), C(remain_time_to_finish_suspend), C(split_mode), C(recovery_mode), C(error_ocurrence_time),
        C(elapsed_time), C(backup_time), C(copy_range) and C(requestor)).
      - Field names - only those, for instance V([status, phase]); V(compact) can be one of them, for instance
        V([compact, error_ocurrence_time]). Names the array does not return are left out.
      - A result over ten thousand sessions with every field weighs several megabytes, which Ansible masks, registers
        and prints and AWX stores as a job event; the compact set is about half of that, a list of names less still. Every
        field of every session passes Ansible's masking of secrets, which at 10,000 sessions takes most of a module's time
        after the array has answered.
      - Before version 2.0.0 the default was every field.
    type: list
    elements: str
    default: [compact]
    version_added: 1.1.0
"""

    MATCH = r"""
options:
  match:
    description:
      - Only the REC sessions of this array that match all the given keys.
      - Volume names are matched as the array shows them now (after a reverse, source and destination trade places).
      - The keys select which sessions, never their state (C(status) and C(phase) are not keys). The module's plan decides
        what each session's state calls for, so a rehearsal in check mode and the run after it cover the same sessions.
        To find sessions by state, use M(fujitsu.eternus.rec_session_info) (its O(fujitsu.eternus.rec_session_info#module:status)
        and O(fujitsu.eternus.rec_session_info#module:phase) filters) and pass the ids it returns as O(session_ids).
    type: dict
    suboptions:
      remote_boxid:
        description: Box ID of the peer array.
        type: str
      transfer_mode:
        description: Transfer mode.
        type: str
        choices: [Synchronous, Consistency, Stack, Through]
      source_volume_name:
        description: Copy source volume name; a case-sensitive shell-style glob such as V(db_*).
        type: str
      destination_volume_name:
        description: Copy destination volume name; a case-sensitive shell-style glob.
        type: str
"""

    # The attributes of the modules that only read.
    READS = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: The module only reads, so check mode returns the same result.
  diff_mode:
    support: none
"""
