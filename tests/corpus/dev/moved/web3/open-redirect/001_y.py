"""Session endpoints for the dashboard (Starlette)."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from dashboard.auth import verify_credentials

DEFAULT_LANDING = "/dashboard"


def _is_local_path(target: str) -> bool:
    if not target or any(ch in target for ch in "\\\r\n\t"):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _landing_for(request: Request) -> str:
    target = request.query_params.get("next", "")
    # keep people inside the app after sign-in
    if _is_local_path(target):
        return target
    return DEFAULT_LANDING


async def login(request: Request):
    form = await request.form()
    username = str(form.get("username", ""))
    password = str(form.get("password", ""))

    user = await verify_credentials(username, password)
    if user is None:
        return JSONResponse({"error": "invalid credentials"}, status_code=401)

    request.session["uid"] = user.id
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(_landing_for(request), status_code=303)


async def logout(request: Request):
    request.session.clear()
    return RedirectResponse(_landing_for(request), status_code=303)


routes = [
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]

app = Starlette(routes=routes)
