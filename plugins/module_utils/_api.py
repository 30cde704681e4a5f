# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The array's calls the REC operations make, and the decoding of their answers (the one href parser)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils import _errors as errors
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

# The manual states 512 values as the limit of an array parameter; the limit of copysession_id_list is cut off in
# the vendor's page. So at most 512 ids go in one query or request, and fewer once the array refused a list as too
# long (400 or 413, which registers nothing): the list is split and the smaller size kept for the rest of the run.
IDS_PER_REQUEST = 512
TOO_LONG = (400, 413)

_COPYSESSION_HREF = re.compile(r"/copysession/(\d+)/?$")


def session_id_from_href(href: Any) -> int | None:
    """The copy session id of an href such as /api/v1/copysession/7; None for anything else."""
    if not isinstance(href, str):
        return None
    found = _COPYSESSION_HREF.search(href)
    return int(found.group(1)) if found else None


def ids_from_hrefs(hrefs: Any) -> list[int]:
    ids = (session_id_from_href(href) for href in _as_list(hrefs))
    return [session_id for session_id in ids if session_id is not None]


def unreadable_hrefs(hrefs: Any) -> list[Any]:
    """The hrefs of a list that name no copy session this parser can read."""
    return [href for href in _as_list(hrefs) if session_id_from_href(href) is None]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def id_list_limit(client: Any) -> int:
    return getattr(client, "id_list_limit", None) or IDS_PER_REQUEST


def refused_as_too_long(exc: errors.EternusError, ids: Sequence[int]) -> bool:
    return isinstance(exc, errors.BadRequest) and exc.status in TOO_LONG and len(ids) > 1


def learn_shorter_limit(client: Any, refused: int) -> int:
    """After the array refused ``refused`` ids as too many: the size to send from now on."""
    limit = min(max(1, refused // 2), id_list_limit(client))
    client.id_list_limit = limit
    return limit


def chunked(ids: Sequence[int], size: int) -> list[list[int]]:
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    return [list(ids[start:start + size]) for start in range(0, len(ids), size)]


def read_sessions(client: Any, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """Sessions by id: the given ids (missing ones are simply absent) or, with ids=None, every session."""
    if ids is None:
        return _checked_sessions(client, client.get_all("/copysession", "copysession_list"), "GET /copysession")
    wanted = sorted(set(ids))
    sessions: dict[int, dict[str, Any]] = {}
    pending = chunked(wanted, id_list_limit(client))
    while pending:
        group = pending.pop(0)
        query = ",".join(str(i) for i in group)
        try:
            items = client.get_all("/copysession", "copysession_list", params={"copysession_id": query})
        except errors.BadRequest as exc:
            if not refused_as_too_long(exc, group):
                raise
            pending[:0] = chunked(group, learn_shorter_limit(client, len(group)))
            continue
        found = _checked_sessions(client, items, "GET /copysession?copysession_id=%s" % query)
        # An array that ignores the filter answers with every session: keep the asked ones.
        sessions.update((i, found[i]) for i in group if i in found)
    return sessions


# Fields the collection decides on, and the types the API documents for them (None: the field may be absent).
_SESSION_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "type": (str,), "status": (str,), "phase": (str,), "transfer_mode": (str,), "concurrent_suspend_result": (str,),
    "remote_boxid": (str,), "is_local_source_volume": (bool,), "remain_time_to_finish_suspend": (int, float),
    "uncopied_data_size": (int, float), "tracking_data_size": (int, float),
}


def _session_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "a session that is not an object"
    session_id = item.get("copysession_id")
    if isinstance(session_id, bool) or not isinstance(session_id, int) or session_id < 0:
        return "a session whose copysession_id is %r" % (session_id,)
    for key, types in _SESSION_FIELD_TYPES.items():
        value = item.get(key)
        wrong_number = isinstance(value, bool) and bool not in types
        if value is not None and (wrong_number or not isinstance(value, types)):
            return "session %d with %s %r (expected %s)" % (session_id, key, value, " or ".join(t.__name__ for t in types))
    if vocabulary.is_rec(item) and item.get("status") is None:
        return "REC session %d without a status" % session_id
    return None


def _checked_sessions(client: Any, items: list[Any], request: str) -> dict[int, dict[str, Any]]:
    """The sessions by id, or an error naming the host, the request and the record that is not what the API documents."""
    for item in items:
        problem = _session_problem(item)
        if problem:
            raise errors.unexpected_answer(getattr(client, "host", "the array"), request, problem, item)
    return {item["copysession_id"]: item for item in items}


STORAGESYSTEM_PATH = "/storagesystem"
STORAGESYSTEM_FIELDS = "boxid,storage_system_name"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _identity_record(answer: Any) -> Mapping[str, Any]:
    """The storage system record of an answer: the object itself, or the one object of a list in it (a wrapper)."""
    if isinstance(answer, Mapping):
        if "boxid" in answer or "storage_system_name" in answer:
            return answer
        lists = [value for value in answer.values() if isinstance(value, list) and len(value) == 1 and isinstance(value[0], Mapping)]
        return lists[0][0] if len(lists) == 1 else answer
    if isinstance(answer, list) and len(answer) == 1 and isinstance(answer[0], Mapping):
        return answer[0]
    return {}


def read_array_identity(client: Any) -> dict[str, Any]:
    """This array as it names itself: ``{"url", "boxid", "name"}`` from one ``GET /storagesystem``.

    [choice] The identity only labels results: an array that does not answer it (404 on older firmware, 403 for the
    user's role, any other 4xx or 5xx, an answer that is not JSON) or that leaves ``boxid`` out or empty gives null
    for what it does not say, never a failure. A 401 after the client's one new login is still an authentication
    error, and a connection that fails is the run's failure whichever request meets it.
    """
    identity: dict[str, Any] = {"url": getattr(client, "root_url", None), "boxid": None, "name": None}
    try:
        answer = client.get(STORAGESYSTEM_PATH, params={"fields": STORAGESYSTEM_FIELDS})
    except (errors.AuthError, errors.ConnectionFailed):
        raise
    except errors.EternusError:
        return identity
    record = _identity_record(answer)
    identity.update(boxid=_text(record.get("boxid")), name=_text(record.get("storage_system_name")))
    return identity


def read_job(client: Any, job_id: int) -> dict[str, Any]:
    job = client.get("/job/%d" % job_id)
    if not isinstance(job, dict):
        raise errors.unexpected_answer(getattr(client, "host", "the array"), "GET /job/%d" % job_id, "a job that is not an object", job)
    return job


def post_for_job(client: Any, path: str, body: Any = None, *, retry: str) -> dict[str, Any]:
    """POST a state-changing request; the job the array registered for it (202 with job_id and job_href).

    An answer that names no job leaves open whether the array took the request: that is an OutcomeUnknown, which
    callers handle like a dropped connection (look for the job or the effect, never resend).
    """
    request = "POST %s" % path
    try:
        answer = client.post(path, body, retry=retry) if body is not None else client.post(path, retry=retry)
    except errors.UnexpectedAnswer as exc:
        raise errors.OutcomeUnknown(exc.message) from None
    job_id = answer.get("job_id") if isinstance(answer, dict) else None
    if isinstance(job_id, bool) or not isinstance(job_id, int):
        raise errors.OutcomeUnknown(errors.unexpected_answer(getattr(client, "host", "the array"), request,
                                                             "an answer that names no job", answer).message)
    return {"job_id": job_id, "job_href": answer.get("job_href")}


def delete_job(client: Any, job_id: int) -> bool:
    """Delete a finished job: True when this call deleted it, False when it was already gone (404, purged)."""
    try:
        client.delete("/job/%d" % job_id)
    except errors.NotFound:
        return False
    return True


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
    # Hrefs of succeeded_resource_href_list / progress_href_list that name no session this parser reads: the job
    # accepted sessions it cannot say which, so all of its sessions are to be read again, never taken as done.
    unreadable: list[Any] = field(default_factory=list)
    _accepted: frozenset = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Asked once per session of the job: a set, not two list scans of up to 512 ids each.
        object.__setattr__(self, "_accepted", frozenset(self.succeeded) | frozenset(self.in_progress))

    def accepted(self, session_id: int) -> bool:
        """The job took this session (succeeded or still finishing it), or cannot say which sessions it took."""
        return session_id in self._accepted or bool(self.unreadable)


def _first_of(item: Mapping[str, Any], *paths: tuple[str, ...]) -> Any:
    for path in paths:
        value: Any = item
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is not None:
            return value
    return None


def failed_entry(item: Any) -> dict[str, Any]:
    """One item of failed_resource_info_list, whatever its shape: the session it names, the array's code and message.

    Only resource_href, error_code and message are seen in the vendor's samples; an id of its own, or a nested
    resource or error, are read as well. The array's words always reach the user: an item that names no session
    keeps everything it said in ``item``.
    """
    if not isinstance(item, Mapping):
        return {"copysession_id": None, "error_code": None, "message": str(item), "resource_href": None, "item": item}
    href = _first_of(item, ("resource_href",), ("resource", "href"), ("href",))
    session_id = session_id_from_href(href)
    own_id = _first_of(item, ("copysession_id",), ("resource", "copysession_id"))
    if session_id is None and isinstance(own_id, int) and not isinstance(own_id, bool):
        session_id = own_id
    entry = {
        "copysession_id": session_id,
        "error_code": _first_of(item, ("error_code",), ("error", "error_code"), ("error", "code"), ("code",)),
        "message": _first_of(item, ("message",), ("error", "message"), ("detail",), ("error", "detail")),
        "resource_href": href,
    }
    if session_id is None or entry["message"] is None:
        entry["item"] = dict(item)
    if entry["message"] is None:
        entry["message"] = "the array reported a failure without a message: %s" % errors.shortened(dict(item))
    return entry


def decode_job_results(job: Mapping[str, Any]) -> JobResults:
    return JobResults(
        status=job.get("status"),
        succeeded=ids_from_hrefs(job.get("succeeded_resource_href_list")),
        failed=[failed_entry(item) for item in _as_list(job.get("failed_resource_info_list"))],
        in_progress=ids_from_hrefs(job.get("progress_href_list")),
        unreadable=unreadable_hrefs(job.get("succeeded_resource_href_list")) + unreadable_hrefs(job.get("progress_href_list")),
    )
