"""Reading request bodies the way the arrays do: JSON only, 415 otherwise."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from .errors import ApiError


async def json_body(request: Request, required: bool) -> Any:
    raw = await request.body()
    if not raw.strip():
        if required:
            raise ApiError(400, "A request body is required.")
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "The request body must be sent with Content-Type: application/json.")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"The request body is not valid JSON ({exc.msg}).") from exc


def id_list(body: Any) -> list[int]:
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    ids = body.get("copysession_id_list")
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "'copysession_id_list' is required and must be a non-empty array.")
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise ApiError(400, "'copysession_id_list' must contain integers only.")
    if len(set(ids)) != len(ids):
        raise ApiError(400, "'copysession_id_list' contains an id twice.")
    return ids


def force_flag(body: Any) -> bool:
    if body is None:
        return False
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    force = body.get("force", False)
    if not isinstance(force, bool):
        raise ApiError(400, "'force' must be a boolean.")
    return force
