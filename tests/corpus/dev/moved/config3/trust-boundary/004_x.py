from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .store import UserStore, AuditLog

hasher = PasswordHasher()
users = UserStore.from_env()
audit = AuditLog.from_env()

THEMES = {"light", "dark", "system"}
LOCALES = {"en", "de", "fr", "es", "pt-BR", "ja"}


async def login(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email", "")).lower()
    user = await users.by_email(email)
    if user is None:
        return JSONResponse({"error": "invalid credentials"}, status_code=401)
    try:
        hasher.verify(user.password_hash, str(form.get("password", "")))
    except VerifyMismatchError:
        return JSONResponse({"error": "invalid credentials"}, status_code=401)

    request.session.clear()
    request.session["user_id"] = user.id
    request.session["role"] = user.role
    request.session["theme"] = user.theme or "system"
    return JSONResponse({"ok": True})


async def logout(request: Request) -> Response:
    request.session.clear()
    return Response(status_code=204)


async def update_preferences(request: Request) -> Response:
    if "user_id" not in request.session:
        return JSONResponse({"error": "login required"}, status_code=401)
    body = await request.json()
    if not isinstance(body, dict):
        return JSONResponse({"error": "expected an object"}, status_code=400)
    prefs = {"theme": body.get("theme", "system"), "locale": body.get("locale", "en")}
    if prefs["theme"] not in THEMES or prefs["locale"] not in LOCALES:
        return JSONResponse({"error": "unsupported value"}, status_code=400)

    request.session.update(prefs)
    await users.save_preferences(
        request.session["user_id"], theme=request.session["theme"], locale=request.session.get("locale", "en")
    )
    return JSONResponse({"theme": request.session.get("theme"), "locale": request.session.get("locale")})


async def audit_export(request: Request) -> Response:
    if request.session.get("role") != "admin":
        return JSONResponse({"error": "forbidden"}, status_code=403)
    entries = await audit.recent(limit=int(request.query_params.get("limit", "500")))
    return JSONResponse([e.as_dict() for e in entries])


app = Starlette(
    routes=[
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/me/preferences", update_preferences, methods=["PUT"]),
        Route("/admin/audit", audit_export, methods=["GET"]),
    ],
    middleware=[
        Middleware(
            SessionMiddleware,
            secret_key=os.environ["SESSION_SECRET"],
            https_only=True,
            same_site="strict",
        )
    ],
)
