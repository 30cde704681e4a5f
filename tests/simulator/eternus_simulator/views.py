"""How sessions and jobs look in API responses, seen from one array."""

from __future__ import annotations

import math
from typing import Any, Callable

from .model import Array, CopyPair, FailedItem, Job

SESSION_FIELDS: tuple[str, ...] = (
    "copysession_id",
    "copysession_href",
    "type",
    "status",
    "phase",
    "source_volume_number",
    "source_volume_href",
    "source_volume_name",
    "destination_volume_number",
    "destination_volume_href",
    "destination_volume_name",
    "error_code",
    "copy_range",
    "concurrent_suspend_result",
    "remain_time_to_finish_suspend",
    "elapsed_time",
    "backup_time",
    "error_ocurrence_time",
    "total_data_size",
    "uncopied_data_size",
    "tracking_data_size",
    "progress",
    "requestor",
    "remote_copysession_id",
    "transfer_mode",
    "split_mode",
    "recovery_mode",
    "remote_boxid",
    "is_local_source_volume",
)


def copy_figures(pair: CopyPair, now: float) -> tuple[int, int]:
    """(uncopied_data_size, progress), interpolated while a resumed copy runs."""
    resync = pair.resync
    if resync is None:
        return pair.uncopied_data_size, pair.progress
    span = resync.end - resync.start
    share = 1.0 if span <= 0 else min(1.0, max(0.0, (now - resync.start) / span))
    uncopied = int(round(resync.uncopied_at_start * (1.0 - share)))
    progress = int(resync.progress_at_start + (100 - resync.progress_at_start) * share)
    return uncopied, progress


def session_view(pair: CopyPair, array: str, boxids: dict[str, str], now: float) -> dict[str, Any]:
    session_id = pair.local_ids[array]
    peer = pair.peer_array(array) if pair.is_rec else None
    uncopied, progress = copy_figures(pair, now)
    remain: int | None = None
    if pair.is_rec:
        remain = 0
        if pair.suspend_due is not None:
            remain = max(0, math.ceil(pair.suspend_due - now))
    src, dst = pair.source.volume, pair.destination.volume
    return {
        "copysession_id": session_id,
        "copysession_href": f"/api/v1/copysession/{session_id}",
        "type": pair.type,
        "status": pair.status,
        "phase": pair.phase,
        "source_volume_number": src.number,
        "source_volume_href": f"/api/v1/volume/{src.number}",
        "source_volume_name": src.name,
        "destination_volume_number": dst.number,
        "destination_volume_href": f"/api/v1/volume/{dst.number}",
        "destination_volume_name": dst.name,
        "error_code": pair.error_code,
        "copy_range": pair.copy_range,
        "concurrent_suspend_result": pair.concurrent_suspend_result if pair.is_rec else None,
        "remain_time_to_finish_suspend": remain,
        "elapsed_time": int(pair.elapsed_base + max(0.0, now - pair.loaded_at)),
        "backup_time": pair.backup_time,
        "error_ocurrence_time": pair.error_ocurrence_time,
        "total_data_size": pair.total_data_size,
        "uncopied_data_size": uncopied,
        # The changes recorded on this array's own volume (dialect key tracking_data_size_view: other views).
        "tracking_data_size": pair.local_tracking(array),
        "progress": progress,
        "requestor": pair.requestor,
        "remote_copysession_id": pair.local_ids[peer] if peer else None,
        "transfer_mode": pair.transfer_mode,
        "split_mode": pair.split_mode,
        "recovery_mode": pair.recovery_mode,
        "remote_boxid": boxids[peer] if peer else None,
        "is_local_source_volume": (pair.source.array == array) if pair.is_rec else None,
    }


def admin_extras(pair: CopyPair) -> dict[str, Any]:
    """What only the admin API shows of a pair: the changes recorded on each side, and the last resume's discard."""
    return {
        "source_tracking_data_size": pair.tracking_data_size,
        "destination_tracking_data_size": pair.destination_tracking_data_size,
        "last_resume_discarded": pair.last_resume_discarded,
    }


STORAGE_SYSTEM_FIELDS: tuple[str, ...] = (
    "storage_system_name",
    "status",
    "model_name",
    "serial_number",
    "wwn",
    "boxid",
    "firmware_version",
)


def storage_system_view(array: Array) -> dict[str, Any]:
    """GET /api/v1/storagesystem as the default dialect answers it."""
    identity = array.identity
    assert identity is not None
    return {
        "storage_system_name": array.system_name or array.name,
        "status": "Normal",
        "model_name": identity.model_name,
        "serial_number": identity.serial_number,
        "wwn": identity.wwn,
        "boxid": array.boxid,
        "firmware_version": identity.firmware_version,
    }


def job_view(
    job: Job, iso: Any, failed_item: Callable[[FailedItem], dict[str, Any]] = FailedItem.as_dict
) -> dict[str, Any]:
    hrefs = [f"/api/v1/copysession/{sid}" for sid in job.session_ids]
    operations: list[dict[str, str]] = []
    if job.is_terminal:
        result = {"Success": "Succeeded", "Canceled": "Canceled"}.get(job.status, "Failed")
        operations.append({"result": result, "operation": job.cli_command})
    return {
        "job_id": job.job_id,
        "job_href": f"/api/v1/job/{job.job_id}",
        "description": job.description,
        "status": job.status,
        "created_time": iso(job.created),
        "modified_time": iso(job.modified),
        "resource_href_list": hrefs,
        "operation_list": operations,
        "progress_href_list": list(job.progress_hrefs),
        "succeeded_resource_href_list": list(job.succeeded_hrefs),
        "failed_resource_info_list": [failed_item(item) for item in job.failed],
    }
