"""Answers that are not what the API documents (faults html, missing_field, wrong_type)."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .faults import Fault

# What a proxy or a busy management controller may put in front of the API: 200, but no JSON.
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>ETERNUS Web GUI</title></head>\n"
    b"<body><h1>The system is busy.</h1><p>Please wait a moment and try again.</p></body></html>\n"
)
LIST_KEYS = ("copysession_list", "job_list")


async def send_html(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(HTML_PAGE)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": HTML_PAGE})


def records(body: Any) -> list[dict[str, Any]]:
    """The records of an answer: the items of a list envelope, else the answer itself."""
    if not isinstance(body, dict):
        return []
    for key in LIST_KEYS:
        if isinstance(body.get(key), list):
            return [item for item in body[key] if isinstance(item, dict)]
    return [body]


def other_type(value: Any) -> Any:
    """A value of another JSON type: non-strings become their JSON text, strings a one-item list."""
    return [value] if isinstance(value, str) else json.dumps(value)


def apply(body: Any, fault: Fault) -> Any:
    name = str(fault.field)
    for record in records(body):
        if name not in record:
            continue
        if fault.kind == "missing_field":
            del record[name]
        else:
            record[name] = fault.value if fault.has_value else other_type(record[name])
    return body


async def send_rewritten(app: ASGIApp, scope: Scope, receive: Receive, send: Send, fault: Fault) -> None:
    """Run the request, then send its JSON answer with the fault applied to its records (errors unchanged)."""
    start: Message = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    payload = b"".join(chunks)
    if start.get("status", 500) < 300:
        try:
            payload = json.dumps(apply(json.loads(payload), fault)).encode()
        except ValueError:
            pass
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
