#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: api_info
short_description: Check what an ETERNUS AF/DX array's REST API answers for REC, against what the collection knows
version_added: 1.2.0
description:
  - Run it once against each array before the first DR test. It only reads - C(GET /storagesystem) (the array's
    Box ID and name, RV(array)), C(GET /copysession) (every page) and C(GET /job) - and sends nothing that changes the array.
  - The vendor's manual leaves some of the API's answers open (the words for some statuses, the shape of a failed
    item, paging links). The collection accepts every plausible form; this module shows which ones this array uses,
    and flags anything the collection does not know (RV(all_known=false)), so that it can be reported before it matters.
  - The report has no secrets and no volume names. The playbook C(fujitsu.eternus.rec_api_check) (C(playbooks/rec_api_check.yml))
    prints it and says what to send to the maintainers.
extends_documentation_fragment:
  - fujitsu.eternus.connection
  - fujitsu.eternus.connection.ATTRIBUTES
  - fujitsu.eternus.connection.READS
options: {}
seealso:
  - module: fujitsu.eternus.rec_session_info
"""

EXAMPLES = r"""
- name: What does this array answer?
  fujitsu.eternus.api_info:
    host: eternus-a.example.com
    username: "{{ eternus_user }}"
    password: "{{ eternus_password }}"
    ca_path: /etc/pki/eternus/ca.pem
  register: api

- name: Stop before a DR test if the collection does not know something the array says
  ansible.builtin.assert:
    that: api.all_known
    fail_msg: "{{ api.unknown_words }} {{ api.fields_missing }} {{ api.jobs }}"
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
all_known:
  description: V(true) when every word, field and form seen is one the collection knows.
  returned: always
  type: bool
  sample: true
sessions:
  description: How many copy sessions (and REC sessions) the array shows this user, by type, and their id range.
  returned: always
  type: dict
  sample: {count: 14, rec_count: 13, types: {REC: 13, QuickOPC: 1}, id_range: [1, 20], id_zero_present: false}
words:
  description: The distinct words the REC sessions carry in C(status), C(phase), C(transfer_mode) and C(concurrent_suspend_result).
  returned: always
  type: dict
  sample: {status: [Active, Halt, Suspend], phase: [Copying, Equivalent], transfer_mode: [Stack, Synchronous],
           concurrent_suspend_result: [Succeeded]}
unknown_words:
  description: The words of RV(words) the collection does not know, by field; a session with one of them is never acted on.
  returned: always
  type: dict
  sample: {status: [Suspendiert]}
fields_present:
  description: Every field seen in a REC session record.
  returned: always
  type: list
  elements: str
  sample: [copysession_id, is_local_source_volume, phase, remote_boxid, status, transfer_mode, type]
fields_missing:
  description: Fields the collection reads that no REC session record carried.
  returned: always
  type: list
  elements: str
  sample: [remain_time_to_finish_suspend]
paging:
  description:
    - The paging seen on C(GET /copysession) - total count, page size (when there was a second page), and whether
      C(next_href) is a relative or absolute link.
  returned: always
  type: dict
  sample: {total_count: 14, page_size: null, next_href_form: null}
jobs:
  description:
    - The user's recent jobs - their statuses, the fields of failed items, failed items that name no session and hrefs
      the collection cannot read (at most five of each), and statuses the collection does not know.
  returned: always
  type: dict
  sample: {count: 2, statuses: [Success], unknown_statuses: [], failed_item_fields: [error_code, message, resource_href],
           failed_items_without_session: [], unreadable_hrefs: []}
"""

from ansible_collections.fujitsu.eternus.plugins.module_utils._module import EternusModule
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.survey import survey

# The connection options only (EternusModule adds them).
ARGUMENT_SPEC: dict = {}


def read_api(module, client):
    # One pass over the pages: the first one also tells how the array pages.
    pages = list(client.follow_pages("/copysession"))
    sessions = [item for page in pages for item in page.get("copysession_list") or [] if isinstance(item, dict)]
    first_page = pages[0]
    jobs = client.get_all("/job", "job_list")
    return dict(survey(first_page, sessions, jobs), changed=False)


def main():
    module = EternusModule(ARGUMENT_SPEC, supports_check_mode=True)
    module.run(read_api)


if __name__ == "__main__":
    main()
