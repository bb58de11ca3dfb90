from pathlib import PurePath

from aiohttp import web

from .storage import MediaStore, UploadTooLarge

routes = web.RouteTableDef()

PHOTO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.post("/albums/{album_id:\\d+}/photos")
async def upload_photo(request: web.Request) -> web.Response:
    album_id = int(request.match_info["album_id"])
    db = request.app["db"]
    album = await db.fetchrow(
        "SELECT id FROM albums WHERE id = $1 AND owner_id = $2", album_id, request["member_id"]
    )
    if album is None:
        raise web.HTTPNotFound()

    reader = await request.multipart()
    caption = ""
    while (part := await reader.next()) is not None:
        if part.name == "caption":
            caption = (await part.read_chunk(1200)).decode("utf-8", "replace")[:300]
            continue
        if part.name != "photo" or not part.filename:
            continue

        ext = PurePath(part.filename).suffix.lower().lstrip(".")
        if ext not in PHOTO_TYPES:
            raise web.HTTPUnsupportedMediaType(text="photos must be PNG, JPEG or WebP")

        store: MediaStore = request.app["media"]
        try:
            key, size = await store.save_stream(part, ext)
        except UploadTooLarge as exc:
            raise web.HTTPRequestEntityTooLarge(max_size=store.max_bytes, actual_size=exc.seen)

        photo_id = await db.fetchval(
            "INSERT INTO photos (album_id, storage_key, content_type, size, caption)"
            " VALUES ($1, $2, $3, $4, $5) RETURNING id",
            album_id, key, PHOTO_TYPES[ext], size, caption,
        )
        return web.json_response({"id": photo_id, "size": size}, status=201)

    raise web.HTTPBadRequest(text="no photo in the upload")
