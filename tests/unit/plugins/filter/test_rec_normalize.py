# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_normalize filter: the collection's words for the array's, the rest of the record untouched."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.filter.rec_normalize import FilterModule, rec_normalize


@pytest.mark.parametrize("array_says, collection_says", [
    ({"status": "Suspended", "phase": "equivalent", "transfer_mode": "Asynchronous Stack"},
     {"status": "Suspend", "phase": "Equivalent", "transfer_mode": "Stack"}),
    ({"status": "HALTED", "concurrent_suspend_result": "running"}, {"status": "Halt", "concurrent_suspend_result": "Running"}),
    ({"status": "Error Suspend", "transfer_mode": "asynchronous consistency"}, {"status": "Error", "transfer_mode": "Consistency"}),
    ({"status": "Frozen", "phase": None}, {"status": "Frozen", "phase": None}),
])
def test_known_words_become_the_collections_and_unknown_ones_stay(array_says, collection_says):
    record = dict(array_says, copysession_id=4, source_volume_name="db_01")
    assert rec_normalize(record) == dict(collection_says, copysession_id=4, source_volume_name="db_01")
    assert rec_normalize([record, record]) == [rec_normalize(record)] * 2
    assert record["status"] == array_says["status"], "the input is not changed"


@pytest.mark.parametrize("bad", ["Suspend", 3, None, [{"status": "Active"}, "x"]])
def test_anything_but_records_is_refused_by_name(bad):
    with pytest.raises(AnsibleFilterError, match="rec_normalize: the input must be a session"):
        rec_normalize(bad)


def test_the_filter_is_registered():
    assert FilterModule().filters() == {"rec_normalize": rec_normalize}
