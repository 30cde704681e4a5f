# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every list in a message is bounded, whatever the number of sessions; session records are compact unless asked."""

from __future__ import annotations

from hypothesis import given, strategies as st

from ansible_collections.fujitsu.eternus.plugins.module_utils import _module
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import describe
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.vocabulary import COMPACT_SESSION_FIELDS

BOXID_B = "00ETERNUSDXM##ET503S20A####SIMB00002####"


def rec(session_id, local_source=True, peer=BOXID_B):
    return {"copysession_id": session_id, "type": "REC", "is_local_source_volume": local_source, "remote_boxid": peer}


def test_counts_have_thousands_separators():
    assert [describe.count(n) for n in (0, 999, 1000, 10000, 1234567)] == ["0", "999", "1,000", "10,000", "1,234,567"]


def test_up_to_ten_ids_are_listed_one_by_one_in_the_given_order():
    assert describe.id_list([3, 1, 2]) == "3, 1, 2"
    assert describe.id_list(range(1, 11)) == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10"
    assert describe.id_list([]) == ""


def test_longer_lists_become_ascending_ranges():
    assert describe.id_list(range(1, 1001)) == "1-1000"
    assert describe.id_list(list(range(1, 101)) + list(range(113, 2001)), "suspended") == "1-100, 113-2000"
    # Runs of two stay two ids.
    assert describe.id_list([1, 2, 5, 6, 7, 9, 10, 20, 21, 22, 23]) == "1, 2, 5-7, 9, 10, 20-23"


def test_past_ten_items_the_rest_is_counted_and_the_key_named():
    text = describe.id_list(range(0, 40, 2), "skipped_sessions")
    assert text == "0, 2, 4, 6, 8, 10, 12, 14, 16, 18 and 10 more (see skipped_sessions)"
    scattered = describe.id_list(list(range(0, 20000, 2)), "suspended")
    assert scattered.endswith(" and 9,990 more (see suspended)")


@given(st.sets(st.integers(min_value=0, max_value=2**32 - 1), max_size=3000))
def test_any_id_list_is_short_and_accounts_for_every_id(ids):
    text = describe.id_list(sorted(ids), "key")
    assert len(text) <= 10 * 23 + 40
    shown = text.split(" and ")[0].split(", ") if text else []
    counted = sum(int(item.split("-")[1]) - int(item.split("-")[0]) + 1 if "-" in item else 1 for item in shown)
    more = int(text.rsplit(" and ", 1)[1].split(" ")[0].replace(",", "")) if " more (see key)" in text else 0
    assert counted + more == len(ids)


def test_bounded_describes_five_then_points_to_the_key():
    assert describe.bounded(["a", "b"], "failed_sessions") == "a; b"
    assert describe.bounded(["s%d" % i for i in range(12)], "failed_sessions") == \
        "s0; s1; s2; s3; s4; and 7 more (see failed_sessions)"
    assert describe.bounded(["s%d" % i for i in range(1006)], "actions", separator=", ").endswith("s4, and 1,001 more (see actions)")


def test_grouped_ids_give_each_direction_once_and_at_most_three_groups():
    sessions = {i: rec(i) for i in range(1, 1001)}
    sessions.update({i: rec(i, local_source=False) for i in range(1001, 1006)})
    assert describe.grouped_ids(range(1, 1006), sessions) == \
        "1-1000 (here -> peer %s), 1001, 1002, 1003, 1004, 1005 (peer %s -> here)" % (BOXID_B, BOXID_B)
    peers = {i: rec(i, peer="PEER%02d" % (i % 5)) for i in range(1, 51)}
    text = describe.grouped_ids(range(1, 51), peers, "suspended")
    assert text.count("(here -> peer PEER") == 3
    assert text.endswith("and 20 more in 2 other group(s) of direction and peer (see suspended)")


def test_session_fields_compact_by_default_all_on_request_names_as_given():
    full = {key: key for key in COMPACT_SESSION_FIELDS + ("copysession_href", "split_mode", "recovery_mode", "requestor")}
    full["copysession_id"] = 7
    result = {"sessions": [full], "msg": "m"}

    assert list(_module.only_session_fields(result, None)["sessions"][0]) == list(COMPACT_SESSION_FIELDS)
    assert list(_module.only_session_fields(result, ["compact"])["sessions"][0]) == list(COMPACT_SESSION_FIELDS)
    assert _module.only_session_fields(result, ["all"]) is result
    assert _module.only_session_fields(result, ["status", "split_mode", "not_a_field"])["sessions"] == [
        {"copysession_id": 7, "status": "status", "split_mode": "split_mode"}]
    assert list(_module.only_session_fields(result, ["compact", "requestor"])["sessions"][0]) == \
        list(COMPACT_SESSION_FIELDS) + ["requestor"]
    assert _module.only_session_fields({"msg": "no sessions"}, ["status"]) == {"msg": "no sessions"}
