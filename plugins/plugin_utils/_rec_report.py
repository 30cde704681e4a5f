# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit envelope of the JSON reports of the rec_failover and rec_failback roles.

Every report is one JSON object described by ``docs/schemas/rec_report.schema.json`` (schema ``SCHEMA``, version
``SCHEMA_VERSION``): who ran what against which array, when, and in which mode, around the role's own record of the
sessions. A unit test validates every report the tests write against that file, and compares ``COLLECTION_VERSION``
with galaxy.yml.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Mapping

SCHEMA = "fujitsu.eternus.rec_report"
SCHEMA_VERSION = 1
# The version of the collection that wrote a report; a unit test keeps it equal to galaxy.yml's.
COLLECTION_VERSION = "1.2.0"
KINDS = ("failover", "failback")
MODES = {"failover": ("planned", "unplanned"), "failback": ("failback", "switch_back")}
# A report is written before the first state-changing request (result "running") and again at the end.
RESULTS = ("running", "succeeded", "failed", "refused", "stopped")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_PORT = 5665


def table(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> list[str]:
    """Fixed-width lines, each column as wide as its widest cell (header or value), two spaces between columns; the
    last column is not padded. Every value of a column starts where its header does, whatever the values' lengths."""
    lines = [[str(cell) for cell in header]] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]) - 1)]
    return ["  ".join([cell.ljust(width) for cell, width in zip(line, widths)] + [line[-1]]).rstrip() for line in lines]


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime(TIME_FORMAT)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def array_identity(module_result: Any, host: Any = None, port: Any = None) -> dict[str, Any]:
    """The array a run talked to: the module result's ``array`` ({url, boxid, name}) where the module gives it, else
    the URL the role connected to, with the Box ID and name unknown (null)."""
    given = module_result.get("array") if isinstance(module_result, Mapping) else None
    if isinstance(given, Mapping) and given.get("url"):
        return {"url": str(given["url"]), "boxid": _text_or_none(given.get("boxid")), "name": _text_or_none(given.get("name"))}
    url = None
    if _text_or_none(host):
        url = "https://%s:%s" % (host, port if port not in (None, "") else DEFAULT_PORT)
    return {"url": url, "boxid": None, "name": None}


def run_by(user: Any = None, awx_job_id: Any = None, awx_user_name: Any = None, tower_job_id: Any = None,
           tower_user_name: Any = None) -> dict[str, Any]:
    """Who ran it: the controller's user, and the AWX (or Tower) job id and user when the job gives them."""
    job_id = awx_job_id if awx_job_id not in (None, "") else tower_job_id
    job_user = awx_user_name if awx_user_name not in (None, "") else tower_user_name
    if isinstance(job_id, str) and job_id.isdigit():
        job_id = int(job_id)
    return {"user": _text_or_none(user), "awx_job_id": job_id if job_id not in (None, "") else None,
            "awx_user_name": _text_or_none(job_user)}


def envelope(kind: str, mode: str, body: Mapping[str, Any], *, started_at: str, finished_at: str | None, check_mode: bool,
             array: Mapping[str, Any], run_by_: Mapping[str, Any], expected_peer_boxid: str | None,
             result: str, host: str | None = None, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report: the envelope's keys first, then the role's own record (body: summary, sessions, ...)."""
    if kind not in KINDS:
        raise ValueError("kind must be one of %s, got %r" % (", ".join(KINDS), kind))
    if mode not in MODES[kind]:
        raise ValueError("mode of a %s report must be one of %s, got %r" % (kind, ", ".join(MODES[kind]), mode))
    if result not in RESULTS:
        raise ValueError("result must be one of %s, got %r" % (", ".join(RESULTS), result))
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "collection_version": COLLECTION_VERSION,
        "started_at": started_at,
        "finished_at": finished_at,
        "result": result,
        "check_mode": bool(check_mode),
        "mode": mode,
        "run_by": dict(run_by_),
        "host": host,
        "array": {"url": array.get("url"), "boxid": array.get("boxid"), "name": array.get("name")},
        "expected_peer_boxid": _text_or_none(expected_peer_boxid),
    }
    report.update(extra or {})
    report.update(body)
    return report
