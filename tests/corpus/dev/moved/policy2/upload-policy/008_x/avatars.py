from __future__ import annotations

import os
import secrets
from pathlib import Path

AVATAR_ROOT = Path(os.environ.get("AVATAR_ROOT", "/srv/mediahub/volume/avatars"))
ALLOWED_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "webp", "gif"})
MAX_AVATAR_BYTES = 10 * 1024 * 1024

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


class AvatarRejected(ValueError):
    pass


def sniff_extension(data: bytes) -> str:
    for magic, ext in _SIGNATURES:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    raise AvatarRejected("unsupported image type")


def store_avatar(member_id: int, data: bytes) -> str:
    ext = sniff_extension(data)
    if ext not in ALLOWED_EXTENSIONS:
        raise AvatarRejected("unsupported image type")
    name = f"{member_id}-{secrets.token_hex(12)}.{ext}"
    AVATAR_ROOT.mkdir(parents=True, exist_ok=True)
    with open(AVATAR_ROOT / name, "xb") as fh:
        fh.write(data)
    return name
