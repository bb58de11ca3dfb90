"""Assemble an embedded model from its PyPI data packages.

The packages come from a publisher we do not control, so they are treated as data only: we
find their data files through importlib.metadata (files()/locate_file) and never import them,
and the assembled file is kept only if its size and SHA-256 match the catalog.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import ModelFileError, ModelHashMismatch, ModelNotInstalled
from app.llm.catalog import CatalogEntry, EmbeddedSource
from app.llm.hashing import CHUNK_SIZE, CancelCheck, HashingReporter, ProgressCallback

log = logging.getLogger(__name__)

STAGE = "assemble"


@dataclass(frozen=True)
class DataPart:
    distribution: str
    path: Path
    size: int


def find_parts(source: EmbeddedSource) -> list[DataPart]:
    """The data file of each package, in order; ModelNotInstalled if a package is missing."""
    parts = []
    for name in source.distributions:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise ModelNotInstalled(
                f"the model package {name} is not installed; install Airlock with the "
                f"'{source.extra}' extra (pip install 'airlock[{source.extra}]')"
            ) from None
        if dist.version != source.version:
            raise ModelFileError(
                f"the model package {name} is version {dist.version}, but {source.version} "
                f"is pinned; reinstall with the '{source.extra}' extra"
            )
        parts.append(_data_part(name, dist))
    return parts


def parts_installed(source: EmbeddedSource) -> bool:
    try:
        find_parts(source)
    except (ModelNotInstalled, ModelFileError):
        return False
    return True


def _data_part(name: str, dist: importlib.metadata.Distribution) -> DataPart:
    data_files = [
        record
        for record in dist.files or ()
        if record.suffix == ".bin" and "data" in record.parts[:-1]
    ]
    if len(data_files) != 1:
        raise ModelFileError(
            f"the model package {name} should hold exactly one data/*.bin file, "
            f"found {len(data_files)}; reinstall it"
        )
    path = Path(str(dist.locate_file(data_files[0])))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelFileError(f"the model package {name} lacks its data file {path}") from exc
    return DataPart(distribution=name, path=path, size=size)


def assemble(
    entry: CatalogEntry,
    destination: Path,
    *,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
) -> Path:
    """Concatenate the parts into `destination`, atomically, only if size and SHA-256 match."""
    if entry.embedded is None or entry.sha256 is None or entry.size_bytes is None:
        raise ModelNotInstalled(f"model {entry.id} is not shipped as packages")
    parts = find_parts(entry.embedded)
    total = sum(part.size for part in parts)
    if total != entry.size_bytes:
        raise ModelFileError(
            f"the packages of model {entry.id} hold {total} bytes, but the model has "
            f"{entry.size_bytes}; reinstall the '{entry.embedded.extra}' extra"
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    _check_free_space(destination.parent, total)
    reporter = HashingReporter(
        stage=STAGE,
        total=total,
        progress=progress,
        should_cancel=should_cancel,
        message=entry.id,
    )
    with _temporary_beside(destination) as temporary:
        digest = _copy_and_hash(parts, temporary, reporter)
        if digest != entry.sha256:
            raise ModelHashMismatch(
                f"the model assembled from the packages of {entry.id} has SHA-256 {digest}, "
                f"not the pinned {entry.sha256}; the packages are corrupt or were replaced, "
                "so the file was deleted"
            )
        temporary.replace(destination)
    log.info("assembled model %s into %s", entry.id, destination)
    return destination


def _copy_and_hash(parts: list[DataPart], target: Path, reporter: HashingReporter) -> str:
    digest = hashlib.sha256()
    reporter.start()
    with target.open("wb") as out:
        for part in parts:
            with part.path.open("rb") as source:
                while chunk := source.read(CHUNK_SIZE):
                    out.write(chunk)
                    digest.update(chunk)
                    reporter.advance(len(chunk))
        out.flush()
        # The registry trusts a verified file until its size or mtime changes; make sure the
        # bytes we hashed are on disk before the file gets its final name.
        os.fsync(out.fileno())
    return digest.hexdigest()


@contextlib.contextmanager
def _temporary_beside(destination: Path) -> Iterator[Path]:
    """A temp file in the destination's folder (same filesystem: rename is atomic)."""
    temporary = destination.with_name(f".{destination.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise ModelFileError(
            f"not enough free space in {folder}: the model needs {needed / 1e6:.0f} MB, "
            f"{free / 1e6:.0f} MB are free"
        )
