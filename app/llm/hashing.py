"""Streamed SHA-256 of large files, with progress and cancel between chunks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from app.core.errors import ModelFileError, OperationCancelled
from app.llm.engine import Progress

CHUNK_SIZE = 8 * 1024 * 1024

ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


def _never() -> bool:
    return False


def _ignore(_: Progress) -> None:
    return None


class HashingReporter:
    """Counts bytes for a progress callback and checks for cancel between chunks."""

    def __init__(
        self,
        *,
        stage: str,
        total: int | None,
        progress: ProgressCallback | None,
        should_cancel: CancelCheck | None,
        message: str = "",
    ) -> None:
        self.stage = stage
        self.total = total
        self.done = 0
        self.message = message
        self._progress = progress or _ignore
        self._should_cancel = should_cancel or _never

    def start(self) -> None:
        self._progress(Progress(self.stage, self.done, self.total, self.message))

    def advance(self, count: int) -> None:
        if self._should_cancel():
            raise OperationCancelled(f"{self.stage} cancelled ({self.message})")
        self.done += count
        self._progress(Progress(self.stage, self.done, self.total, self.message))


def sha256_file(
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    stage: str = "verify",
) -> str:
    """The file's SHA-256 as lowercase hex, read in chunks (a model can be 20 GB)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            reporter = HashingReporter(
                stage=stage,
                total=size,
                progress=progress,
                should_cancel=should_cancel,
                message=path.name,
            )
            return sha256_stream(_chunks(handle), reporter)
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc.strerror or exc}") from exc


def sha256_stream(chunks: Iterable[bytes], reporter: HashingReporter) -> str:
    digest = hashlib.sha256()
    reporter.start()
    for chunk in chunks:
        digest.update(chunk)
        reporter.advance(len(chunk))
    return digest.hexdigest()


def _chunks(handle: BinaryIO) -> Iterable[bytes]:
    while chunk := handle.read(CHUNK_SIZE):
        yield chunk
