from __future__ import annotations

import os
import uuid
from pathlib import Path

IMPORT_ROOT = Path(os.environ.get("INVOICING_IMPORT_ROOT", "/var/lib/invoicing/imports"))


class StoredImport:
    __slots__ = ("path", "size")

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size


def write_import(account_id: int, suffix: str, chunks: list[bytes]) -> StoredImport:
    """Write an uploaded import under a fresh random name in the account's folder."""
    folder = IMPORT_ROOT / str(account_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    size = 0
    with open(target, "xb") as fh:
        for chunk in chunks:
            fh.write(chunk)
            size += len(chunk)
    os.chmod(target, 0o640)
    return StoredImport(target, size)
