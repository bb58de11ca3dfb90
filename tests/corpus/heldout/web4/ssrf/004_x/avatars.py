"""Fetching and storing profile pictures from remote URLs.

Used by the profile settings page ("use a picture from the web") and by the
SSO sign-up flow, which passes the ``picture`` claim from the identity provider.
"""
from __future__ import annotations

import io
import logging
import uuid
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

log = logging.getLogger(__name__)

# image hosts we accept pictures from (gravatar, the SSO providers' CDNs)
AVATAR_HOSTS = frozenset({
    "www.gravatar.com",
    "secure.gravatar.com",
    "lh3.googleusercontent.com",
    "avatars.githubusercontent.com",
    "pbs.twimg.com",
})
MAX_AVATAR_BYTES = 2 * 1024 * 1024
AVATAR_SIZE = (256, 256)


class AvatarError(Exception):
    pass


def normalise_avatar_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AvatarError("that doesn't look like a valid URL") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in AVATAR_HOSTS or port is not None:
        raise AvatarError("pictures can only be imported from Gravatar, Google, GitHub or X")
    path = quote(parts.path or "/", safe="/-._~%")
    query = quote(parts.query, safe="=&-._~%")
    return urlunsplit(("https", host, path, query, ""))


def _download(url: str) -> bytes:
    with requests.get(url, stream=True, timeout=(3, 10), allow_redirects=False) as resp:
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
    fetch_url = normalise_avatar_url(url)

    try:
        raw = _download(fetch_url)
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

