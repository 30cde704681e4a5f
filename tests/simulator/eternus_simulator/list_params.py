"""List parameters of a query (copysession_id=1,2,3; fields=a,b) and id-list caps, read in a dialect.

The raw query string is read because a percent-encoded comma must be told apart from a literal one.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from .dialect import Dialect
from .errors import ApiError


def raw_values(query_string: bytes, name: str) -> list[str]:
    """Every value of name, still percent-encoded, in order."""
    values: list[str] = []
    for part in query_string.decode("latin-1").split("&"):
        key, _sep, value = part.partition("=")
        if unquote_plus(key) == name:
            values.append(value)
    return values


def list_param(query_string: bytes, name: str, dialect: Dialect) -> list[str] | None:
    """The comma-separated items of name, or None when it is absent or empty."""
    raws = raw_values(query_string, name)
    if not raws:
        return None
    if dialect.encoded_comma == "refused":
        for raw in raws:
            if "%2c" in raw.lower():
                raise ApiError(400, f"Invalid value '{raw}' for '{name}': list items are separated by ','.")
    # Without merging, a repeated parameter's last value wins (as Starlette's query_params.get).
    chosen = raws if dialect.repeated_params == "merged" else raws[-1:]
    parts = [p for raw in chosen if raw for p in unquote_plus(raw).split(",")]
    return parts or None


def int_list(parts: list[str] | None, name: str) -> set[int] | None:
    if parts is None:
        return None
    try:
        return {int(part) for part in parts}
    except ValueError as exc:
        raise ApiError(400, f"'{name}' must be a comma-separated list of integers.") from exc


def check_cap(count: int, dialect: Dialect, name: str) -> None:
    """An id list beyond the array's cap is refused as a whole (nothing is registered)."""
    cap = dialect.id_list_cap
    if cap is not None and count > cap:
        raise ApiError(dialect.id_list_cap_status, f"'{name}' has {count} ids; at most {cap} are accepted.")
