"""What a successful suspend, resume or reverse does to a copy pair, over time."""

from __future__ import annotations

from typing import Callable

from .model import CopyPair, Resync
from .settings import Settings
from .timeline import Timeline
from .views import copy_figures


def settle(pair: CopyPair, now: float) -> None:
    """Freeze a running resync at its current figures before the state is overwritten."""
    if pair.resync is not None:
        pair.uncopied_data_size, pair.progress = copy_figures(pair, now)
        pair.resync = None


def overwrite(pair: CopyPair, now: float) -> None:
    """Drop every pending timed effect of the pair (admin patches, copy-path loss)."""
    settle(pair, now)
    pair.epoch += 1


def _while_unchanged(pair: CopyPair, effect: Callable[[float], None]) -> Callable[[float], None]:
    epoch = pair.epoch

    def run(due: float) -> None:
        if pair.epoch == epoch:
            effect(due)

    return run


def suspend(pair: CopyPair, now: float, later: bool, settings: Settings, timeline: Timeline) -> None:
    settle(pair, now)
    if not later:
        pair.status = "Suspend"
        pair.concurrent_suspend_result = "Succeeded"
        pair.suspend_due = None
        return
    pair.concurrent_suspend_result = "Running"
    pair.suspend_due = now + settings.suspend_finish_seconds

    def finish(_now: float) -> None:
        pair.status = "Suspend"
        pair.concurrent_suspend_result = "Succeeded"
        pair.suspend_due = None

    timeline.at(pair.suspend_due, _while_unchanged(pair, finish))


def resume(pair: CopyPair, now: float, settings: Settings, timeline: Timeline) -> None:
    # The resume copies the source over the destination: the changes recorded on the source are copied, the
    # blocks changed on the destination are copied back from the source (its changes are discarded).
    uncopied = pair.uncopied_data_size + pair.tracking_data_size + pair.destination_tracking_data_size
    pair.last_resume_discarded = pair.destination_tracking_data_size
    pair.tracking_data_size = 0
    pair.destination_tracking_data_size = 0
    pair.uncopied_data_size = uncopied
    pair.status = "Active"
    pair.phase = "Copying"
    pair.concurrent_suspend_result = None
    pair.suspend_due = None
    total = pair.total_data_size
    start_progress = 100 if not uncopied else max(0, int(100 * (total - uncopied) / total)) if total > 0 else 0
    pair.resync = Resync(
        start=now,
        end=now + settings.resume_copy_seconds,
        uncopied_at_start=uncopied,
        progress_at_start=start_progress,
        reaches_equivalent=pair.transfer_mode != "Stack",
    )

    def finish(_now: float) -> None:
        resync = pair.resync
        pair.resync = None
        pair.uncopied_data_size = 0
        pair.progress = 100
        # Stack mode does not reach Equivalent by itself (eternus-rest-api.md §4).
        if resync is not None and resync.reaches_equivalent:
            pair.phase = "Equivalent"

    timeline.at(pair.resync.end, _while_unchanged(pair, finish))


def reverse(pair: CopyPair) -> None:
    # The recorded changes stay with their volume: the trackers swap with the direction.
    pair.source, pair.destination = pair.destination, pair.source
    pair.tracking_data_size, pair.destination_tracking_data_size = pair.destination_tracking_data_size, pair.tracking_data_size
