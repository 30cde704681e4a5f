# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""First contact with an array: what its REST API answers for REC, checked against what the collection knows.

Only reads. Where the vendor's manual is silent the collection made choices (eternus-rest-api.md, open points);
this shows, on a real array, which of them hold and flags every word or form the collection does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.fujitsu.eternus.plugins.module_utils._api import failed_entry, session_id_from_href
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

# The fields the collection reads from a REC session record.
FIELDS_READ = ("copysession_id", "type", "status", "phase", "transfer_mode", "concurrent_suspend_result",
               "remain_time_to_finish_suspend", "uncopied_data_size", "tracking_data_size", "is_local_source_volume",
               "remote_boxid", "remote_copysession_id", "source_volume_name", "destination_volume_name")


def _paging(first_page: Mapping[str, Any]) -> dict[str, Any]:
    listed = first_page.get("copysession_list")
    next_href = first_page.get("next_href")
    form = None if not next_href else ("absolute" if str(next_href).startswith(("http://", "https://")) else "relative")
    return {"total_count": first_page.get("total_count"), "page_size": len(listed) if next_href and isinstance(listed, list) else None,
            "next_href_form": form}


def _words(sessions: list[Mapping[str, Any]]) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    seen = {field: sorted({str(s[field]) for s in sessions if s.get(field) is not None}) for field in vocabulary.WORD_FIELDS}
    unknown = {field: [word for word in words if vocabulary.canonical(field, word) is None] for field, words in seen.items()}
    return seen, {field: words for field, words in unknown.items() if words}


def _jobs(jobs: list[Mapping[str, Any]]) -> dict[str, Any]:
    statuses = sorted({str(job.get("status")) for job in jobs})
    shapes = sorted({", ".join(sorted(item)) for job in jobs for item in job.get("failed_resource_info_list") or []
                     if isinstance(item, Mapping)})
    unmatched = [entry["item"] for job in jobs for entry in map(failed_entry, job.get("failed_resource_info_list") or [])
                 if entry.get("copysession_id") is None]
    unreadable = sorted({str(href) for job in jobs for key in ("progress_href_list", "succeeded_resource_href_list")
                         for href in job.get(key) or [] if session_id_from_href(href) is None})
    return {"count": len(jobs), "statuses": statuses,
            "unknown_statuses": [s for s in statuses if vocabulary.canonical("job_status", s) is None],
            "failed_item_fields": shapes, "failed_items_without_session": unmatched[:5], "unreadable_hrefs": unreadable[:5]}


def survey(first_page: Mapping[str, Any], sessions: list[Mapping[str, Any]], jobs: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The report of what the array answered: words, fields, ids, paging and jobs, with what the collection does not know."""
    rec = [s for s in sessions if vocabulary.is_rec(s)]
    ids = [s.get("copysession_id") for s in sessions if isinstance(s.get("copysession_id"), int)]
    seen, unknown = _words(rec)
    present = sorted({key for s in rec for key in s})
    missing = [field for field in FIELDS_READ if rec and field not in present]
    types = {}
    for s in sessions:
        types[str(s.get("type"))] = types.get(str(s.get("type")), 0) + 1
    job_report = _jobs(jobs)
    unknown_jobs = job_report["unknown_statuses"] or job_report["failed_items_without_session"] or job_report["unreadable_hrefs"]
    unknown_anything = bool(unknown or missing or unknown_jobs)
    return {
        "sessions": {"count": len(sessions), "rec_count": len(rec), "types": types,
                     "id_range": [min(ids), max(ids)] if ids else None, "id_zero_present": 0 in ids},
        "words": seen,
        "unknown_words": unknown,
        "fields_present": present,
        "fields_missing": missing,
        "paging": _paging(first_page),
        "jobs": job_report,
        "all_known": not unknown_anything,
    }
