from __future__ import annotations

import os
import uuid
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    SimpleUser,
    requires,
)
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MEDIA_ROOT = Path(os.environ.get("GALLERY_MEDIA_ROOT", "/var/lib/gallery/originals"))
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# multipart boundaries and the form fields around the file
FORM_OVERHEAD = 16 * 1024
IMAGE_TYPES = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "webp": "webp"}


class SessionBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        member_id = conn.session.get("member_id")
        if not isinstance(member_id, int):
            return None
        return AuthCredentials(["authenticated"]), SimpleUser(str(member_id))


def json_error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


@requires("authenticated")
async def upload_photo(request: Request) -> JSONResponse:
    declared = request.headers.get("content-length")
    if declared is None:
        return json_error("Content-Length is required", 411)
    if not declared.isdigit():
        return json_error("bad Content-Length", 400)
    if int(declared) > MAX_PHOTO_BYTES + FORM_OVERHEAD:
        return json_error("photos may be at most 5 MiB", 413)

    async with request.form(max_files=1, max_fields=4) as form:
        photo = form.get("photo")
        if not isinstance(photo, UploadFile) or not photo.filename:
            return json_error("photo is required", 400)

        ext = photo.filename.rsplit(".", 1)[-1].lower() if "." in photo.filename else ""
        if (kind := IMAGE_TYPES.get(ext)) is None:
            return json_error("only PNG, JPEG and WebP images are accepted", 415)

        stored_name = f"{uuid.uuid4().hex}.{kind}"
        member_dir = MEDIA_ROOT / request.user.username
        member_dir.mkdir(parents=True, exist_ok=True)
        target = member_dir / stored_name
        size = 0
        async with await anyio.open_file(target, "xb") as out:
            while chunk := await photo.read(256 * 1024):
                size += len(chunk)
                if size > MAX_PHOTO_BYTES:
                    break
                await out.write(chunk)
        if size > MAX_PHOTO_BYTES:
            await anyio.Path(target).unlink(missing_ok=True)
            return json_error("photos may be at most 5 MiB", 413)

    return JSONResponse({"name": stored_name, "bytes": size}, status_code=201)


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/photos", upload_photo, methods=["POST"]),
    ],
    middleware=[
        Middleware(SessionMiddleware, secret_key=os.environ["GALLERY_SESSION_KEY"], https_only=True),
        Middleware(AuthenticationMiddleware, backend=SessionBackend()),
    ],
)
