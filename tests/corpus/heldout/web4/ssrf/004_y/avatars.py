"""Fetching and storing profile pictures from remote URLs.

Used by the profile settings page ("use a picture from the web") and by the
SSO sign-up flow, which passes the ``picture`` claim from the identity provider.
"""
from __future__ import annotations

import io
import logging
import uuid
from urllib.parse import urlsplit

import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_AVATAR_BYTES = 2 * 1024 * 1024
AVATAR_SIZE = (256, 256)


class AvatarError(Exception):
    pass


def is_allowed_avatar_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return parts.path.lower().endswith(IMAGE_SUFFIXES)


def _download(url: str) -> bytes:
    with requests.get(url, stream=True, timeout=(3, 10)) as resp:
        resp.raise_for_status()
        chunks, size = [], 0
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_AVATAR_BYTES:
                raise AvatarError("image is larger than 2 MB")
            chunks.append(chunk)
    return b"".join(chunks)


def fetch_remote_avatar(url: str) -> str:
    """Download ``url``, normalise it to a 256px PNG and return the storage path."""
    if not is_allowed_avatar_url(url):
        raise AvatarError("that doesn't look like an image URL")

    try:
        raw = _download(url)
    except requests.RequestException as exc:
        log.info("avatar download failed: %s", exc)
        raise AvatarError("could not download the image") from exc

    try:
        img = Image.open(io.BytesIO(raw))
        img.thumbnail(AVATAR_SIZE)
        out = io.BytesIO()
        img.convert("RGBA").save(out, format="PNG")
    except (OSError, Image.DecompressionBombError) as exc:
        raise AvatarError("the file is not a usable image") from exc

    return default_storage.save(f"avatars/{uuid.uuid4().hex}.png", ContentFile(out.getvalue()))
