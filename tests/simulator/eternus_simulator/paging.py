"""Lists in pages of ascending ids, linked by next_href with last_get_id."""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar
from urllib.parse import urlencode

from .errors import ApiError

T = TypeVar("T")


def int_param(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise ApiError(400, f"'{name}' must be an integer.") from exc


def page(
    items: Sequence[T],
    item_id: Callable[[T], int],
    query: list[tuple[str, str]],
    base_path: str,
    list_key: str,
    page_size: int,
    render: Callable[[T], dict[str, Any]],
    origin: str = "",
) -> dict[str, Any]:
    """origin: prepended to next_href ("" for a relative link, "https://host:port" for an absolute one)."""
    last_get_id = int_param(dict(query).get("last_get_id"), "last_get_id")
    remaining = [i for i in items if last_get_id is None or item_id(i) > last_get_id]
    chunk = remaining[:page_size]
    reply: dict[str, Any] = {
        "total_count": len(items),
        "list_count": len(chunk),
        list_key: [render(i) for i in chunk],
    }
    if len(remaining) > len(chunk):
        kept = [(k, v) for k, v in query if k != "last_get_id"]
        params = [("last_get_id", str(item_id(chunk[-1])))] + kept
        reply["next_href"] = f"{origin}{base_path}?{urlencode(params, safe=',')}"
    return reply
