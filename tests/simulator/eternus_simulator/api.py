"""The /api/v1 routes of one array, per eternus-rest-api.md."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .bodies import force_flag, id_list, json_body
from .errors import ApiError
from .paging import int_list_param, page
from .views import SESSION_FIELDS, job_view
from .world import World


def _accepted(job_id: int) -> JSONResponse:
    return JSONResponse({"job_id": job_id, "job_href": f"/api/v1/job/{job_id}"}, status_code=202)


def _fields(value: str | None) -> list[str] | None:
    if not value:
        return None
    wanted = [f for f in value.split(",") if f]
    unknown = [f for f in wanted if f not in SESSION_FIELDS]
    if unknown:
        raise ApiError(400, f"Unknown field(s) in 'fields': {', '.join(unknown)}.")
    # [choice] copysession_id is always returned: paging and every follow-up call need it.
    return ["copysession_id"] + [f for f in wanted if f != "copysession_id"]


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

    @app.get("/api/v1/copysession")
    async def list_copysessions(request: Request) -> dict[str, Any]:
        user = principal(request).user
        query = list(request.query_params.multi_items())
        fields = _fields(request.query_params.get("fields"))
        wanted_ids = int_list_param(request.query_params.get("copysession_id"), "copysession_id")
        items = [
            (sid, pair)
            for sid, pair in world.visible_sessions(array_name, user.tenant)
            if wanted_ids is None or sid in wanted_ids
        ]

        def render(item: tuple[int, Any]) -> dict[str, Any]:
            view = world.render(array_name, item[1])
            return view if fields is None else {f: view[f] for f in fields}

        return page(
            items,
            lambda item: item[0],
            query,
            "/api/v1/copysession",
            "copysession_list",
            world.settings.page_size,
            render,
        )

    @app.post("/api/v1/copysession/suspend")
    async def suspend_many(request: Request) -> JSONResponse:
        who = principal(request)
        body = await json_body(request, required=True)
        ids = id_list(body)
        job = world.submit(array_name, who, "suspend", ids, force_flag(body))
        return _accepted(job.job_id)

    @app.get("/api/v1/copysession/{copysession_id}")
    async def get_copysession(copysession_id: int, request: Request) -> dict[str, Any]:
        user = principal(request).user
        pair = world.visible_session(array_name, user.tenant, copysession_id)
        return world.render(array_name, pair)

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
        return page(
            jobs,
            lambda job: job.job_id,
            list(request.query_params.multi_items()),
            "/api/v1/job",
            "job_list",
            world.settings.page_size,
            lambda job: job_view(job, world.clock.iso),
        )

    @app.get("/api/v1/job/{job_id}")
    async def get_job(job_id: int, request: Request) -> dict[str, Any]:
        return job_view(world.own_job(array_name, principal(request), job_id), world.clock.iso)

    @app.delete("/api/v1/job/{job_id}")
    async def delete_job(job_id: int, request: Request) -> dict[str, Any]:
        world.delete_job(array_name, principal(request), job_id)
        return {}
