"""The model catalog (models/catalog.toml): the models Airlock knows by name, and their origin."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import ModelError, UserInputError
from app.core.resources import models_path

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class EmbeddedSource:
    """A model shipped as PyPI data packages: their data files, in order, make the GGUF."""

    extra: str
    version: str
    distributions: tuple[str, ...]


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    display_name: str
    repo: str
    revision: str
    file: str
    sha256: str | None
    size_bytes: int | None
    approx_size_bytes: int | None
    license: str
    context_length: int
    ram_mb: int
    roles: tuple[str, ...]
    notes: str
    embedded: EmbeddedSource | None

    @property
    def revision_pinned(self) -> bool:
        return bool(_COMMIT.match(self.revision))

    @property
    def display_size(self) -> int | None:
        return self.size_bytes or self.approx_size_bytes


@dataclass(frozen=True)
class Catalog:
    default_id: str
    entries: tuple[CatalogEntry, ...]

    def get(self, model_id: str) -> CatalogEntry | None:
        return next((entry for entry in self.entries if entry.id == model_id), None)

    def require(self, model_id: str) -> CatalogEntry:
        entry = self.get(model_id)
        if entry is None:
            known = ", ".join(entry.id for entry in self.entries)
            raise UserInputError(f"unknown model {model_id!r}; the catalog has: {known}")
        return entry

    def by_sha256(self, sha256: str) -> CatalogEntry | None:
        return next((entry for entry in self.entries if entry.sha256 == sha256), None)

    def by_file_name(self, name: str) -> CatalogEntry | None:
        return next((entry for entry in self.entries if entry.file == name), None)

    @property
    def default(self) -> CatalogEntry:
        return self.require(self.default_id)


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate the catalog; a broken catalog is a packaging bug, reported clearly."""
    source = path or models_path("catalog.toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read the model catalog {source}: {exc}") from exc
    try:
        entries = tuple(_entry(raw) for raw in data["model"])
        catalog = Catalog(default_id=str(data["default"]), entries=entries)
        catalog.default  # noqa: B018 - validates that the default exists
    except (KeyError, TypeError, ValueError, UserInputError) as exc:
        raise ModelError(f"the model catalog {source} is invalid: {exc}") from exc
    return catalog


def _entry(raw: dict[str, Any]) -> CatalogEntry:
    sha256 = str(raw.get("sha256", "")).lower() or None
    if sha256 is not None and not _SHA256.match(sha256):
        raise ValueError(f"model {raw['id']}: sha256 must be 64 hex digits")
    embedded = _embedded(raw.get("embedded"))
    if embedded is not None and (sha256 is None or "size_bytes" not in raw):
        raise ValueError(f"model {raw['id']}: an embedded model needs size_bytes and sha256")
    approx_gb = raw.get("approx_size_gb")
    return CatalogEntry(
        id=str(raw["id"]),
        display_name=str(raw["display_name"]),
        repo=str(raw["repo"]),
        revision=str(raw["revision"]),
        file=str(raw["file"]),
        sha256=sha256,
        size_bytes=int(raw["size_bytes"]) if "size_bytes" in raw else None,
        approx_size_bytes=int(float(approx_gb) * 1e9) if approx_gb is not None else None,
        license=str(raw["license"]),
        context_length=int(raw["context_length"]),
        ram_mb=int(raw["ram_mb"]),
        roles=tuple(str(role) for role in raw.get("roles", ())),
        notes=str(raw.get("notes", "")),
        embedded=embedded,
    )


def _embedded(raw: dict[str, Any] | None) -> EmbeddedSource | None:
    if raw is None:
        return None
    return EmbeddedSource(
        extra=str(raw["extra"]),
        version=str(raw["version"]),
        distributions=tuple(str(name) for name in raw["distributions"]),
    )
