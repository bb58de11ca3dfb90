"""`airlock models pull`: fetch a catalog model from the Hugging Face hub, resumably.

This is the only code that may use the network, and only inside offline.hub_online(). It
uses huggingface-hub's metadata call (which resolves the pinned revision and reports the LFS
SHA-256) and its http_get (retries with Range requests when a connection drops), but keeps
its own partial file in the models folder: hf_hub_download (huggingface-hub 1.x/2.x) deletes
a partial download when the call fails, so an interrupted 20 GB pull would start over; ours
continues where the last run stopped. The finished file is hashed and kept only if the
SHA-256 matches the catalog (or, for an entry without a pinned hash, the hub's LFS hash).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.core.errors import ModelError, ModelFileError, ModelHashMismatch, OperationCancelled
from app.llm.catalog import CatalogEntry
from app.llm.engine import Progress
from app.llm.hashing import CancelCheck, ProgressCallback, sha256_file
from app.llm.offline import hub_online

if TYPE_CHECKING:
    from huggingface_hub import HfFileMetadata

log = logging.getLogger(__name__)

STAGE = "download"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    commit: str | None


class _ProgressFile:
    """The partial file as http_get sees it: counts bytes and honours cancel per chunk."""

    def __init__(
        self,
        handle: BinaryIO,
        *,
        total: int | None,
        done: int,
        progress: ProgressCallback | None,
        should_cancel: CancelCheck | None,
        name: str,
    ) -> None:
        self._handle = handle
        self._total = total
        self._done = done
        self._progress = progress
        self._should_cancel = should_cancel
        self._name = name

    def write(self, data: bytes) -> int:
        if self._should_cancel is not None and self._should_cancel():
            raise OperationCancelled(
                f"download of {self._name} cancelled; run pull again to resume"
            )
        written = self._handle.write(data)
        self._done += len(data)
        if self._progress is not None:
            self._progress(Progress(STAGE, self._done, self._total, self._name))
        return written

    def tell(self) -> int:
        return self._handle.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        result = self._handle.seek(offset, whence)
        self._done = self._handle.tell()
        return result

    def truncate(self, size: int | None = None) -> int:
        return self._handle.truncate(size)

    def flush(self) -> None:
        self._handle.flush()


def pull(
    entry: CatalogEntry,
    directory: Path,
    *,
    endpoint: str | None = None,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
) -> Downloaded:
    """Download `entry` into `directory` and verify it; resumes a previous partial download."""
    directory.mkdir(parents=True, exist_ok=True)
    destination = directory / entry.file
    partial = directory / f".{entry.file}.part"
    with hub_online():
        meta = _metadata(entry, endpoint)
        expected = _expected_sha256(entry, meta)
        size = meta.size or entry.size_bytes
        _check_size(entry, size)
        _check_free_space(directory, partial, size)
        _fetch(meta, partial, size, progress, should_cancel, entry.file)
    digest = sha256_file(partial, progress=progress, should_cancel=should_cancel)
    if digest != expected:
        partial.unlink(missing_ok=True)
        raise ModelHashMismatch(
            f"the download of {entry.file} has SHA-256 {digest}, expected {expected}; "
            "the file was deleted (the server sent different bytes)"
        )
    partial.replace(destination)
    return Downloaded(path=destination, sha256=digest, commit=meta.commit_hash)


def _metadata(entry: CatalogEntry, endpoint: str | None) -> HfFileMetadata:
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    url = hf_hub_url(entry.repo, entry.file, revision=entry.revision, endpoint=endpoint)
    try:
        meta = get_hf_file_metadata(url, endpoint=endpoint)
    except Exception as exc:  # the hub client raises many types; all mean "cannot get it"
        raise ModelError(f"cannot reach {entry.repo} to download {entry.file}: {exc}") from exc
    if entry.revision_pinned and meta.commit_hash and meta.commit_hash != entry.revision:
        raise ModelError(
            f"the hub answered with revision {meta.commit_hash} for {entry.repo}, "
            f"not the pinned {entry.revision}"
        )
    return meta


def _expected_sha256(entry: CatalogEntry, meta: HfFileMetadata) -> str:
    hub_sha = str(meta.etag or "").strip('"').lower()
    hub_sha = hub_sha if _SHA256.match(hub_sha) else ""
    if entry.sha256:
        if hub_sha and hub_sha != entry.sha256:
            raise ModelHashMismatch(
                f"the hub's file {entry.file} has SHA-256 {hub_sha}, but the catalog pins "
                f"{entry.sha256}; not downloading it"
            )
        return entry.sha256
    if not hub_sha:
        raise ModelError(
            f"the catalog has no SHA-256 for {entry.id} and the hub did not report one; "
            "refusing to download a file that cannot be verified"
        )
    log.info("model %s: no pinned SHA-256, using the hub's LFS hash %s", entry.id, hub_sha)
    return hub_sha


def _check_size(entry: CatalogEntry, size: int | None) -> None:
    if entry.size_bytes and size and size != entry.size_bytes:
        raise ModelFileError(
            f"the hub's file {entry.file} has {size} bytes, the catalog pins {entry.size_bytes}"
        )


def _check_free_space(directory: Path, partial: Path, size: int | None) -> None:
    if not size:
        return
    have = partial.stat().st_size if partial.exists() else 0
    free = shutil.disk_usage(directory).free
    if free < size - have:
        raise ModelFileError(
            f"not enough free space in {directory}: {(size - have) / 1e6:.0f} MB to download, "
            f"{free / 1e6:.0f} MB free"
        )


def _fetch(
    meta: HfFileMetadata,
    partial: Path,
    size: int | None,
    progress: ProgressCallback | None,
    should_cancel: CancelCheck | None,
    name: str,
) -> None:
    resume = partial.stat().st_size if partial.exists() else 0
    if size is not None and resume > size:
        partial.unlink()
        resume = 0
    if size is not None and resume == size:
        return
    if resume:
        log.info("resuming download of %s at byte %d", name, resume)
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import (  # type: ignore[attr-defined]  # lazy re-exports
        build_hf_headers,
        disable_progress_bars,
    )

    disable_progress_bars()  # we report progress ourselves
    with partial.open("ab") as handle:
        target = _ProgressFile(
            handle,
            total=size,
            done=resume,
            progress=progress,
            should_cancel=should_cancel,
            name=name,
        )
        try:
            http_get(
                meta.location,
                target,  # type: ignore[arg-type]  # file-like enough for http_get
                resume_size=resume,
                headers=build_hf_headers(),
                expected_size=size,
            )
        except (OperationCancelled, ModelError):
            raise
        except Exception as exc:
            raise ModelError(
                f"the download of {name} stopped: {exc}; run pull again to resume"
            ) from exc
