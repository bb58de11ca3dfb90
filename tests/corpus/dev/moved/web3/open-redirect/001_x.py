"""Session endpoints for the dashboard (Starlette)."""
from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from dashboard.auth import verify_credentials

DEFAULT_LANDING = "/dashboard"


def _landing_for(request: Request) -> str:
    target = request.query_params.get("next", "")
    # keep people inside the app after sign-in
    if target.startswith("/"):
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
