"""Logins on one array: password and refresh-token grants, bearer checks, logout."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .model import Array, Login, User
from .settings import Settings


@dataclass
class Principal:
    user: User
    login: Login


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"'{key}' is required and must be a string")
    return value


def login(
    array: Array, users: dict[str, User], body: Any, settings: Settings, now: float
) -> Login:
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    user_name = _text(body, "user_name")
    grant_type = body.get("grant_type", "password")
    wants_refresh = body.get("is_refresh_token_required", False)
    if not isinstance(wants_refresh, bool):
        raise ApiError(400, "'is_refresh_token_required' must be a boolean")
    user = users.get(user_name)
    if grant_type == "password":
        password = _text(body, "password")
        if user is None or not secrets.compare_digest(user.password, password):
            raise ApiError(401, "Authentication failed.")
    elif grant_type == "refresh_token":
        refresh = _text(body, "refresh_token")
        previous = _by_refresh_token(array, refresh, now)
        if user is None or previous is None or previous.user_name != user_name:
            raise ApiError(401, "Authentication failed (refresh token invalid or expired).")
        previous.closed = True
    else:
        raise ApiError(400, "'grant_type' must be 'password' or 'refresh_token'")
    session = Login(
        session_id=array.next_login_id,
        user_name=user_name,
        token=secrets.token_urlsafe(32),
        expires=now + settings.token_lifetime,
    )
    if wants_refresh:
        session.refresh_token = secrets.token_urlsafe(32)
        session.refresh_expires = now + settings.refresh_token_lifetime
    array.next_login_id += 1
    array.logins[session.session_id] = session
    return session


def _by_refresh_token(array: Array, refresh: str, now: float) -> Login | None:
    for session in array.logins.values():
        if (
            session.refresh_token is not None
            and secrets.compare_digest(session.refresh_token, refresh)
            and session.refresh_expires is not None
            and now < session.refresh_expires
        ):
            return session
    return None


def authenticate(
    array: Array, users: dict[str, User], authorization: str | None, now: float
) -> Principal:
    scheme, _space, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Authentication required (Authorization: Bearer <token>).")
    for session in array.logins.values():
        if secrets.compare_digest(session.token, token.strip()):
            if not session.is_live(now):
                raise ApiError(401, "The token has expired or the session was closed.")
            return Principal(user=users[session.user_name], login=session)
    raise ApiError(401, "The token is invalid.")


def own_session(array: Array, principal: Principal, session_id: int) -> Login:
    session = array.logins.get(session_id)
    if session is None or session.session_id != principal.login.session_id:
        raise ApiError(404, f"Session {session_id} was not found.")
    return session
