"""The /api/v1 routes of one array, per eternus-rest-api.md."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .bodies import force_flag, id_list, json_body
from .dialect import Dialect
from .dialect_views import failed_items_in
from .errors import ApiError
from .list_params import check_cap, int_list, list_param
from .paging import page
from .views import SESSION_FIELDS, STORAGE_SYSTEM_FIELDS, job_view
from .world import World


def _accepted(job_id: int) -> JSONResponse:
    return JSONResponse({"job_id": job_id, "job_href": f"/api/v1/job/{job_id}"}, status_code=202)


def _fields(request: Request, dialect: Dialect) -> list[str] | None:
    wanted = [f for f in list_param(request.scope["query_string"], "fields", dialect) or [] if f]
    if not wanted:
        return None
    unknown = [f for f in wanted if f not in SESSION_FIELDS]
    if unknown:
        raise ApiError(400, f"Unknown field(s) in 'fields': {', '.join(unknown)}.")
    # [choice] copysession_id is always returned: paging and every follow-up call need it.
    return ["copysession_id"] + [f for f in wanted if f != "copysession_id"]


def _wanted_ids(request: Request, dialect: Dialect) -> set[int] | None:
    if dialect.copysession_id_filter == "ignored":
        return None
    parts = list_param(request.scope["query_string"], "copysession_id", dialect)
    check_cap(len(parts or []), dialect, "copysession_id")
    return int_list(parts, "copysession_id")


def _origin(request: Request, dialect: Dialect) -> str:
    """Where next_href starts: the path alone, or the array's URL as the client addressed it."""
    return str(request.base_url).rstrip("/") if dialect.next_href == "absolute" else ""


def add_api_routes(app: FastAPI, world: World, array_name: str) -> None:

    def principal(request: Request) -> Any:
        return world.authenticate(array_name, request.headers.get("authorization"))

    @app.post("/api/v1/session")
    async def create_session(request: Request) -> dict[str, Any]:
        return world.login(array_name, await json_body(request, required=True))

    @app.get("/api/v1/session/{session_id}")
    async def get_session(session_id: int, request: Request) -> dict[str, Any]:
        return world.session_info(array_name, principal(request), session_id)

    @app.delete("/api/v1/session/{session_id}")
    async def delete_session(session_id: int, request: Request) -> dict[str, Any]:
        world.logout(array_name, principal(request), session_id)
        return {}

    @app.get("/api/v1/storagesystem")
    async def get_storage_system(request: Request) -> dict[str, Any]:
        principal(request)
        dialect = world.dialect(array_name)
        answer = world.storage_system(array_name)
        wanted = [f for f in list_param(request.scope["query_string"], "fields", dialect) or [] if f]
        known = [f for f in STORAGE_SYSTEM_FIELDS if dialect.storagesystem != "boxid_unknown" or f != "boxid"]
        unknown = [f for f in wanted if f not in known]
        if unknown:
            raise ApiError(400, f"Unknown field(s) in 'fields': {', '.join(unknown)}.")
        # A field the dialect leaves out stays out, even when asked for.
        return {f: answer[f] for f in wanted if f in answer} if wanted else answer

    @app.get("/api/v1/copysession")
    async def list_copysessions(request: Request) -> dict[str, Any]:
        user = principal(request).user
        dialect = world.dialect(array_name)
        query = list(request.query_params.multi_items())
        fields = _fields(request, dialect)
        wanted_ids = _wanted_ids(request, dialect)
        items = [
            (sid, pair)
            for sid, pair in world.visible_sessions(array_name, user.tenant)
            if wanted_ids is None or sid in wanted_ids
        ]

        def render(item: tuple[int, Any]) -> dict[str, Any]:
            view = world.show(array_name, item[1])
            # A field the dialect leaves out stays out, even when asked for.
            return view if fields is None else {f: view[f] for f in fields if f in view}

        return page(
            items,
            lambda item: item[0],
            query,
            "/api/v1/copysession",
            "copysession_list",
            world.settings.page_size,
            render,
            _origin(request, dialect),
        )

    @app.post("/api/v1/copysession/suspend")
    async def suspend_many(request: Request) -> JSONResponse:
        who = principal(request)
        body = await json_body(request, required=True)
        ids = id_list(body)
        check_cap(len(ids), world.dialect(array_name), "copysession_id_list")
        job = world.submit(array_name, who, "suspend", ids, force_flag(body))
        return _accepted(job.job_id)

    @app.get("/api/v1/copysession/{copysession_id}")
    async def get_copysession(copysession_id: int, request: Request) -> dict[str, Any]:
        user = principal(request).user
        pair = world.visible_session(array_name, user.tenant, copysession_id)
        return world.show(array_name, pair)

    async def submit_one(operation: str, copysession_id: int, request: Request) -> JSONResponse:
        who = principal(request)
        body = await json_body(request, required=False)
        force = force_flag(body) if operation == "suspend" else False
        # The manual: only users outside any tenant may reverse a REC session.
        if operation == "reverse" and who.user.tenant is not None:
            raise ApiError(403, "Tenant users may not reverse REC sessions.")
        return _accepted(world.submit(array_name, who, operation, [copysession_id], force).job_id)

    @app.post("/api/v1/copysession/{copysession_id}/suspend")
    async def suspend_one(copysession_id: int, request: Request) -> JSONResponse:
        return await submit_one("suspend", copysession_id, request)

    @app.post("/api/v1/copysession/{copysession_id}/resume")
    async def resume_one(copysession_id: int, request: Request) -> JSONResponse:
        return await submit_one("resume", copysession_id, request)

    @app.post("/api/v1/copysession/{copysession_id}/reverse")
    async def reverse_one(copysession_id: int, request: Request) -> JSONResponse:
        return await submit_one("reverse", copysession_id, request)

    @app.get("/api/v1/job")
    async def list_jobs(request: Request) -> dict[str, Any]:
        jobs = world.own_jobs(array_name, principal(request))
        dialect = world.dialect(array_name)
        return page(
            jobs,
            lambda job: job.job_id,
            list(request.query_params.multi_items()),
            "/api/v1/job",
            "job_list",
            world.settings.page_size,
            lambda job: job_view(job, world.clock.iso, failed_items_in(dialect)),
            _origin(request, dialect),
        )

    @app.get("/api/v1/job/{job_id}")
    async def get_job(job_id: int, request: Request) -> dict[str, Any]:
        job = world.own_job(array_name, principal(request), job_id)
        return job_view(job, world.clock.iso, failed_items_in(world.dialect(array_name)))

    @app.delete("/api/v1/job/{job_id}")
    async def delete_job(job_id: int, request: Request) -> dict[str, Any]:
        world.delete_job(array_name, principal(request), job_id)
        return {}
