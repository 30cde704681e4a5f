"""Admin routes (outside /api/v1, no auth, not counted): inspect the world and inject faults."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

from .bodies import json_body
from .counters import Counters
from .dialect_book import parse_mapping
from .errors import ApiError
from .faults import parse_fault
from .views import job_view
from .world import World


def add_admin_routes(app: FastAPI, world: World, array_name: str) -> None:

    @app.get("/admin/counters")
    async def get_counters() -> dict[str, Any]:
        return world.counters[array_name].as_dict(world.open_sessions(array_name))

    @app.delete("/admin/counters")
    async def reset_counters() -> dict[str, Any]:
        world.counters[array_name] = Counters()
        return world.counters[array_name].as_dict(world.open_sessions(array_name))

    @app.post("/admin/reset")
    async def reset() -> dict[str, Any]:
        world.load()
        return {"arrays": sorted(world.arrays)}

    @app.get("/admin/settings")
    async def get_settings() -> dict[str, Any]:
        return world.settings.as_dict()

    @app.put("/admin/settings")
    async def put_settings(request: Request) -> dict[str, Any]:
        body = await json_body(request, required=True)
        if not isinstance(body, dict):
            raise ApiError(400, "The body must be a JSON object of settings.")
        try:
            world.settings.update(body)
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc
        return world.settings.as_dict()

    @app.get("/admin/dialect")
    async def get_dialect() -> dict[str, Any]:
        return world.dialects.as_dict(array_name)

    @app.put("/admin/dialect")
    async def put_dialect(request: Request) -> dict[str, Any]:
        # World-wide like settings: every array gets the mapping's keys, plus its own under "arrays".
        try:
            mapping = parse_mapping(await json_body(request, required=True), world.arrays)
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc
        world.dialects.set(mapping)
        return world.dialects.as_dict(array_name)

    @app.delete("/admin/dialect")
    async def reset_dialect() -> dict[str, Any]:
        world.dialects.reset()
        return world.dialects.as_dict(array_name)

    @app.get("/admin/faults")
    async def get_faults() -> list[dict[str, Any]]:
        return world.faults[array_name].as_list()

    @app.post("/admin/faults")
    async def add_fault(request: Request) -> list[dict[str, Any]]:
        try:
            fault = parse_fault(await json_body(request, required=True))
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc
        world.faults[array_name].add(fault)
        return world.faults[array_name].as_list()

    @app.delete("/admin/faults")
    async def clear_faults() -> list[dict[str, Any]]:
        world.faults[array_name].clear()
        return []

    @app.post("/admin/expire_tokens")
    async def expire_tokens() -> dict[str, Any]:
        return {"expired": world.expire_tokens(array_name)}

    @app.get("/admin/sessions")
    async def all_sessions() -> list[dict[str, Any]]:
        return [world.render(array_name, pair) for _session_id, pair in world.visible_sessions(array_name, None)]

    @app.post("/admin/copysession/{copysession_id}/state")
    async def patch_state(copysession_id: int, request: Request) -> dict[str, Any]:
        body = await json_body(request, required=True)
        return world.render(array_name, world.patch_session(array_name, copysession_id, body))

    @app.post("/admin/copysession/{copysession_id}/write")
    async def write(copysession_id: int, request: Request) -> dict[str, Any]:
        body = await json_body(request, required=True)
        return world.render(array_name, world.write(array_name, copysession_id, body))

    @app.post("/admin/copysession/{copysession_id}/fail_in_job")
    async def fail_in_job(copysession_id: int, request: Request) -> dict[str, Any]:
        world.fail_in_job(array_name, copysession_id, await json_body(request, required=False))
        return world.render(array_name, world.session(array_name, copysession_id))

    @app.post("/admin/copy_path_loss")
    async def copy_path_loss(request: Request) -> dict[str, Any]:
        body = await json_body(request, required=False)
        boxid = body.get("remote_boxid") if isinstance(body, dict) else None
        return {"halted": world.copy_path_loss(array_name, boxid)}

    @app.post("/admin/copy_path_restore")
    async def copy_path_restore(request: Request) -> dict[str, Any]:
        body = await json_body(request, required=False)
        boxid = body.get("remote_boxid") if isinstance(body, dict) else None
        return {"restored": world.copy_path_restore(array_name, boxid)}

    @app.post("/admin/jobs/{job_id}/cancel")
    async def cancel_job(job_id: int) -> dict[str, Any]:
        job = world.any_job(array_name, job_id)
        world.jobs.cancel(world.array(array_name), job, world.clock.now())
        return job_view(job, world.clock.iso)

    @app.post("/admin/jobs/{job_id}/purge")
    async def purge_job(job_id: int) -> dict[str, Any]:
        world.any_job(array_name, job_id)
        del world.array(array_name).jobs[job_id]
        return {"purged": job_id}
