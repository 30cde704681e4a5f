# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The array's calls the REC operations make, and the decoding of their answers (the one href parser)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

# Ids travel in the query string (copysession_id=1,2,3). 1024 ids keep each URL under about
# 11 KB even with 10-digit ids, inside what HTTP servers accept by default, so a selection as
# large as a suspend chunk is read with one request (plus its pages).
IDS_PER_QUERY = 1024

_COPYSESSION_HREF = re.compile(r"/copysession/(\d+)/?$")


def session_id_from_href(href: Any) -> int | None:
    """The copy session id of an href such as /api/v1/copysession/7; None for anything else."""
    if not isinstance(href, str):
        return None
    found = _COPYSESSION_HREF.search(href)
    return int(found.group(1)) if found else None


def ids_from_hrefs(hrefs: Any) -> list[int]:
    ids = (session_id_from_href(href) for href in hrefs or ())
    return [session_id for session_id in ids if session_id is not None]


def read_sessions(client: Any, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """Sessions by id: the given ids (missing ones are simply absent) or, with ids=None, every session."""
    sessions: dict[int, dict[str, Any]] = {}
    if ids is None:
        batches: list[dict[str, Any] | None] = [None]
    else:
        wanted = sorted(set(ids))
        if not wanted:
            return sessions
        batches = [{"copysession_id": ",".join(str(i) for i in wanted[start:start + IDS_PER_QUERY])}
                   for start in range(0, len(wanted), IDS_PER_QUERY)]
    for params in batches:
        for item in client.get_all("/copysession", "copysession_list", params=params):
            sessions[int(item["copysession_id"])] = item
    return sessions


def read_job(client: Any, job_id: int) -> dict[str, Any]:
    return client.get("/job/%d" % job_id)


def delete_job(client: Any, job_id: int) -> None:
    """Delete a finished job; one already gone (404) counts as deleted."""
    try:
        client.delete("/job/%d" % job_id)
    except errors.NotFound:
        pass


def find_unfinished_job(client: Any, session_ids: Iterable[int]) -> dict[str, Any] | None:
    """The newest job of this user that covers exactly these sessions and has not finished."""
    wanted = set(session_ids)
    candidates = [job for job in client.get_all("/job", "job_list")
                  if not vocabulary.job_is_terminal(job) and set(ids_from_hrefs(job.get("resource_href_list"))) == wanted]
    return max(candidates, key=lambda job: job.get("job_id") or 0, default=None)


@dataclass(frozen=True)
class JobResults:
    """The per-session outcome of a finished (or running) job."""

    status: str | None
    succeeded: list[int]
    failed: list[dict[str, Any]]
    in_progress: list[int]


def failed_entry(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        return {"copysession_id": None, "error_code": None, "message": str(item), "resource_href": None, "item": item}
    href = item.get("resource_href")
    entry = {
        "copysession_id": session_id_from_href(href),
        "error_code": item.get("error_code"),
        "message": item.get("message"),
        "resource_href": href,
    }
    # The failed item's shape is not fully documented: keep everything when it cannot be tied to a session.
    if entry["copysession_id"] is None:
        entry["item"] = dict(item)
    return entry


def decode_job_results(job: Mapping[str, Any]) -> JobResults:
    return JobResults(
        status=job.get("status"),
        succeeded=ids_from_hrefs(job.get("succeeded_resource_href_list")),
        failed=[failed_entry(item) for item in job.get("failed_resource_info_list") or ()],
        in_progress=ids_from_hrefs(job.get("progress_href_list")),
    )
