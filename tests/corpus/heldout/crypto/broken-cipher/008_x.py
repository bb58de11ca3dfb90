"""Encrypted scratch-pad notes (aiohttp service)."""
import base64
import os
import uuid

from aiohttp import web
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

NOTES_KEY = base64.b64decode(os.environ["NOTES_MASTER_KEY"])
MAX_NOTE_BYTES = 64 * 1024
_aead = ChaCha20Poly1305(NOTES_KEY)

routes = web.RouteTableDef()


def encrypt_note(note_id: str, text: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + _aead.encrypt(nonce, text.encode("utf-8"), note_id.encode())


def decrypt_note(note_id: str, blob: bytes) -> str:
    try:
        plain = _aead.decrypt(blob[:12], blob[12:], note_id.encode())
    except InvalidTag:
        raise web.HTTPInternalServerError(text="note could not be decrypted")
    return plain.decode("utf-8", errors="replace")


@routes.post("/notes")
async def create_note(request: web.Request) -> web.Response:
    owner = request["user_id"]
    body = await request.json()
    text = body.get("text", "")
    if not isinstance(text, str) or len(text.encode()) > MAX_NOTE_BYTES:
        raise web.HTTPBadRequest(text="note text missing or too large")
    note_id = str(uuid.uuid4())
    async with request.app["db"].acquire() as conn:
        await conn.execute(
            "INSERT INTO notes (id, owner_id, body) VALUES ($1, $2, $3)",
            note_id, owner, encrypt_note(note_id, text),
        )
    return web.json_response({"id": note_id}, status=201)


@routes.put("/notes/{note_id}")
async def update_note(request: web.Request) -> web.Response:
    note_id = request.match_info["note_id"]
    body = await request.json()
    text = body.get("text", "")
    if not isinstance(text, str) or len(text.encode()) > MAX_NOTE_BYTES:
        raise web.HTTPBadRequest(text="note text missing or too large")
    async with request.app["db"].acquire() as conn:
        result = await conn.execute(
            "UPDATE notes SET body = $1 WHERE id = $2 AND owner_id = $3",
            encrypt_note(note_id, text), note_id, request["user_id"],
        )
    if result.endswith(" 0"):
        raise web.HTTPNotFound()
    return web.json_response({"id": note_id})


@routes.get("/notes/{note_id}")
async def read_note(request: web.Request) -> web.Response:
    note_id = request.match_info["note_id"]
    async with request.app["db"].acquire() as conn:
        row = await conn.fetchrow(
            "SELECT body FROM notes WHERE id = $1 AND owner_id = $2",
            note_id, request["user_id"],
        )
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response({"id": note_id, "text": decrypt_note(note_id, row["body"])})


def build_app(pool) -> web.Application:
    app = web.Application()
    app["db"] = pool
    app.add_routes(routes)
    return app
