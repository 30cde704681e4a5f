"""ASGI layer in front of one array's app: time, counters, request log, faults, latency."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError
from .faults import FIELD_KINDS
from .rewrite import send_html, send_rewritten
from .world import World

log = logging.getLogger("eternus_simulator.requests")

API_PREFIX = "/api/v1"


def route_template(routes: list[BaseRoute], scope: Scope) -> str:
    partial: str | None = None
    for route in routes:
        match, _child_scope = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "path", scope["path"]))
        if match == Match.PARTIAL and partial is None:
            partial = str(getattr(route, "path", scope["path"]))
    return partial or scope["path"]


async def read_all(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def parsed(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        return None


async def send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def drop_connection(send: Send) -> None:
    # ASGI cannot close a socket directly; promising a body and returning without it
    # makes the server close the connection mid-response (client: ChunkedEncodingError).
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1024")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"job', "more_body": True})


class ArrayMiddleware:
    def __init__(self, app: ASGIApp, world: World, array_name: str, routes: list[BaseRoute]) -> None:
        self.app = app
        self.world = world
        self.array_name = array_name
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.world.advance()
        if not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        received = time.monotonic()
        method, path = scope["method"], scope["path"]
        template = route_template(self.routes, scope)
        raw = await read_all(receive)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": raw, "more_body": False}

        status: dict[str, int] = {}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]

        delay, fault = self.world.faults[self.array_name].take(method, path, template)
        delay += self.world.settings.latency
        if delay > 0:
            await asyncio.sleep(delay)
            self.world.advance()
        dropped = fault is not None and fault.kind == "drop"
        if fault is not None and fault.kind == "busy":
            await send_error(send, ApiError(503, "The array is busy; retry later."))
            status["code"] = 503
        elif dropped and fault is not None and fault.when == "after":
            await self.app(scope, replay, swallow)
            await drop_connection(send)
        elif dropped:
            await drop_connection(send)
        elif fault is not None and fault.kind == "html":
            if fault.when == "after":
                await self.app(scope, replay, swallow)
            await send_html(send)
            status["code"] = 200
        elif fault is not None and fault.kind in FIELD_KINDS:
            await send_rewritten(self.app, scope, replay, capture, fault)
        else:
            await self.app(scope, replay, capture)
        code = status.get("code")
        self.world.counters[self.array_name].record(method, path, template, code, parsed(raw), dropped, received, time.monotonic())
        log.info("%s %s %s %s", self.array_name, method, path, "dropped" if dropped else code)
