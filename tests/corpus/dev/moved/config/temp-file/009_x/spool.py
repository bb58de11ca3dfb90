"""Spooling of incoming blobs before they are moved into the content store."""
import hashlib
import os
import shutil
import tempfile
from typing import BinaryIO

STORE_DIR = os.environ.get("BLOB_STORE_DIR", "/srv/blobs")
COPY_CHUNK = 256 * 1024


class SpoolTooLarge(Exception):
    pass


def _open_spool() -> tuple[BinaryIO, str]:
    fd, path = tempfile.mkstemp(prefix="blob-ingest-", suffix=".part")
    return os.fdopen(fd, "wb"), path


def spool_stream(src: BinaryIO, length: int, limit: int) -> tuple[str, str]:
    """Copy ``length`` bytes from ``src`` to a spool file.

    Returns the spool path and the sha256 hex digest of the content.
    """
    if length > limit:
        raise SpoolTooLarge(length)
    out_fh, path = _open_spool()
    digest = hashlib.sha256()
    remaining = length
    with out_fh as out:
        while remaining > 0:
            chunk = src.read(min(COPY_CHUNK, remaining))
            if not chunk:
                break
            digest.update(chunk)
            out.write(chunk)
            remaining -= len(chunk)
    return path, digest.hexdigest()


def commit(spool_path: str, digest: str) -> str:
    shard = os.path.join(STORE_DIR, digest[:2])
    os.makedirs(shard, mode=0o750, exist_ok=True)
    final = os.path.join(shard, digest)
    if os.path.exists(final):
        os.remove(spool_path)
    else:
        shutil.move(spool_path, final)
    return final


def discard(spool_path: str) -> None:
    try:
        os.remove(spool_path)
    except FileNotFoundError:
        pass
