import io
import logging
from urllib.parse import quote

import requests
from PIL import Image, UnidentifiedImageError

from .storage import save_avatar
from .worker import celery_app

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 4 * 1024 * 1024
AVATAR_SIZE = (256, 256)

AVATAR_SOURCES = {
    "github": "https://github.com/{handle}.png?size=256",
    "gitlab": "https://gitlab.com/{handle}.png",
    "identicon": "https://api.dicebear.com/7.x/identicon/png?seed={handle}&size=256",
}


def _avatar_url(provider: str, handle: str) -> str:
    template = AVATAR_SOURCES.get(provider)
    if template is None:
        raise ValueError(f"unknown avatar provider {provider!r}")
    return template.format(handle=quote(handle, safe=""))


def _download(url: str) -> tuple[int, str, bytes]:
    with requests.get(url, timeout=(3, 10), stream=True) as resp:
        data = bytearray()
        for chunk in resp.iter_content(64 * 1024):
            data.extend(chunk)
            if len(data) > MAX_DOWNLOAD:
                raise ValueError("avatar too large")
        return resp.status_code, resp.headers.get("Content-Type", ""), bytes(data)


@celery_app.task(bind=True, max_retries=3, default_retry_delay=30)
def import_avatar(self, user_id: int, provider: str, handle: str) -> dict:
    source_url = _avatar_url(provider, handle)
    try:
        status, content_type, data = _download(source_url)
    except requests.RequestException as exc:
        raise self.retry(exc=exc)

    if status != 200:
        return {"user_id": user_id, "ok": False, "status": status, "detail": data[:200].decode("utf-8", "replace")}

    try:
        img = Image.open(io.BytesIO(data))
        img.thumbnail(AVATAR_SIZE)
    except (UnidentifiedImageError, OSError):
        log.info("not an image: %s (%s)", source_url, content_type)
        return {"user_id": user_id, "ok": False, "status": status, "detail": f"unsupported content type {content_type!r}"}

    out = io.BytesIO()
    img.convert("RGB").save(out, format="PNG")
    key = save_avatar(user_id, out.getvalue())
    return {"user_id": user_id, "ok": True, "key": key}
