"""Session records and failed job items as an array speaking a dialect shows them."""

from __future__ import annotations

from typing import Any, Callable

from .dialect import Dialect
from .model import FailedItem

WORD_FIELDS = (("status", "status"), ("phase", "phase"), ("transfer_mode", "transfer_mode"),
               ("concurrent_suspend_result", "suspend_result"))


def _drop_or_null(record: dict[str, Any], key: str, how: str) -> None:
    if how == "null":
        record[key] = None
    elif how == "absent":
        record.pop(key, None)


def session_in_dialect(view: dict[str, Any], dialect: Dialect, both_sides_tracking: int | None = None) -> dict[str, Any]:
    """view: the simulator's own rendering (views.session_view); both_sides_tracking: the source's plus the
    destination's recorded changes (the `sum` view of tracking_data_size; None: the view's own value)."""
    shown = dict(view)
    how = dialect.tracking_data_size_view
    if how == "sum" and both_sides_tracking is not None:
        shown["tracking_data_size"] = both_sides_tracking
    elif how in ("null", "missing"):
        _drop_or_null(shown, "tracking_data_size", "absent" if how == "missing" else "null")
    finishing = view["concurrent_suspend_result"] == "Running"
    for key, kind in WORD_FIELDS:
        shown[key] = dialect.word(kind, view[key])
    # Only while a suspend finishes: the fields an array without this hint would not fill.
    if finishing:
        _drop_or_null(shown, "concurrent_suspend_result", dialect.finishing_result)
    _drop_or_null(shown, "remain_time_to_finish_suspend", dialect.remain_time)
    return shown


def storage_system_in_dialect(view: dict[str, Any], dialect: Dialect) -> dict[str, Any]:
    """view: views.storage_system_view; the route's own refusals (absent, forbidden) are the API's business."""
    shown = dict(view)
    how = dialect.storagesystem
    if how in ("no_boxid", "boxid_unknown"):
        shown.pop("boxid")
    elif how == "empty_boxid":
        shown["boxid"] = ""
    elif how == "null_boxid":
        shown["boxid"] = None
    return shown


def failed_item(item: FailedItem, shape: str) -> dict[str, Any]:
    if shape == "href":
        return item.as_dict()
    error = {"error_code": item.error_code, "message": item.message, "internal_code": item.internal_code}
    if shape == "id":
        return {"copysession_id": item.session_id, **error}
    if shape == "nested":
        return {
            "resource": {"href": item.resource_href},
            "error": {"code": item.error_code, "message": item.message, "internal_code": item.internal_code},
        }
    return error


def failed_items_in(dialect: Dialect) -> Callable[[FailedItem], dict[str, Any]]:
    return lambda item: failed_item(item, dialect.failed_item_shape)
