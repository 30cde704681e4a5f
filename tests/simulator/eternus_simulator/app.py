"""The ASGI application of one simulated array."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from .admin import add_admin_routes
from .api import add_api_routes
from .errors import ApiError
from .middleware import ArrayMiddleware
from .world import World


def build_app(world: World, array_name: str) -> ASGIApp:
    app = FastAPI(title=f"ETERNUS simulator {array_name}", openapi_url=None, docs_url=None, redoc_url=None)
    add_api_routes(app, world, array_name)
    add_admin_routes(app, world, array_name)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        error = ApiError(exc.status_code, str(exc.detail))
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        error = ApiError(400, f"Invalid request ({where}).")
        return JSONResponse(error.body(), status_code=400)

    return ArrayMiddleware(app, world, array_name, list(app.router.routes))
