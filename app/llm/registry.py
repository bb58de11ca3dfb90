"""Installed models: assemble, pull, import, verify, remove and choose them per role.

Every model file's SHA-256 is checked before it is loaded. Hashing 0.5-20 GB on every start
would take seconds to minutes, so a verification records the file's size and mtime_ns with the
hash; later loads re-hash only if either changed. That trusts the file system not to change a
file's bytes without changing its mtime (true for normal writes and copies; a deliberate
attacker with write access to the models folder could keep the mtime, which is why
`airlock models verify` always re-hashes).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app.core.errors import ModelFileError, ModelHashMismatch, ModelNotInstalled, UserInputError
from app.core.paths import models_dir
from app.llm import embedded
from app.llm.catalog import Catalog, CatalogEntry, load_catalog
from app.llm.engine import MODEL_ROLES, EngineSettings
from app.llm.gguf import check_gguf
from app.llm.hashing import CancelCheck, ProgressCallback, sha256_file
from app.store.db import transaction
from app.store.models import ModelRecord, ModelRepository, ModelSource

log = logging.getLogger(__name__)

_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SETTINGS_PREFIX = "engine."
_MB = 1024 * 1024


@dataclass(frozen=True)
class ModelStatus:
    """One line of `airlock models list`."""

    id: str
    display_name: str
    installed: bool
    verified: bool
    state: str
    path: Path | None
    size_bytes: int | None
    ram_mb: int
    fits_ram: bool | None
    roles: tuple[str, ...]
    source: str | None
    in_catalog: bool
    hash_pinned: bool


@dataclass(frozen=True)
class VerifyResult:
    model_id: str
    ok: bool
    message: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def total_ram_bytes() -> int | None:
    """Physical memory, or None where the platform does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


class ModelRegistry:
    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        catalog: Catalog | None = None,
        directory: Path | None = None,
    ) -> None:
        self.db = db
        self.repo = ModelRepository(db)
        self.catalog = catalog or load_catalog()
        self.directory = directory or models_dir()

    # -- reading ------------------------------------------------------------------------

    def get(self, model_id: str) -> ModelRecord:
        record = self.repo.get(model_id)
        if record is None:
            raise ModelNotInstalled(f"model {model_id} is not installed; see `airlock models list`")
        return record

    def statuses(self) -> list[ModelStatus]:
        records = {record.id: record for record in self.repo.list()}
        roles = self.effective_roles()
        ids = [entry.id for entry in self.catalog.entries]
        ids += [model_id for model_id in records if model_id not in ids]
        return [self._status(model_id, records.get(model_id), roles) for model_id in ids]

    def effective_roles(self) -> dict[str, str]:
        """Each role's model: the one chosen with `use`, else the catalog default."""
        chosen = self.repo.roles()
        return {role: chosen.get(role, self.catalog.default_id) for role in MODEL_ROLES}

    def _status(
        self, model_id: str, record: ModelRecord | None, roles: dict[str, str]
    ) -> ModelStatus:
        entry = self.catalog.get(model_id)
        ram_mb = entry.ram_mb if entry else _estimate_ram_mb(record)
        total = total_ram_bytes()
        state, verified = self._state(entry, record)
        return ModelStatus(
            id=model_id,
            display_name=entry.display_name if entry else (record.display_name if record else ""),
            installed=record is not None,
            verified=verified,
            state=state,
            path=record.path if record else None,
            size_bytes=record.size_bytes if record else (entry.display_size if entry else None),
            ram_mb=ram_mb,
            fits_ram=None if total is None else ram_mb * _MB <= total,
            roles=tuple(role for role, chosen in roles.items() if chosen == model_id),
            source=record.source if record else None,
            in_catalog=entry is not None,
            hash_pinned=bool(entry and entry.sha256),
        )

    def _state(self, entry: CatalogEntry | None, record: ModelRecord | None) -> tuple[str, bool]:
        if record is None:
            if entry and entry.embedded:
                if embedded.parts_installed(entry.embedded):
                    return "not assembled yet (assembled on first use)", False
                return f"not installed (extra '{entry.embedded.extra}', or pull)", False
            return "not installed", False
        stamp = _stat_stamp(record.path)
        if stamp is None:
            return f"file missing: {record.path}", False
        if record.verified_at is None:
            return "NOT verified", False
        if stamp != (record.size_bytes, record.verified_mtime_ns):
            return "changed since verified (re-hashed on next use)", False
        return f"verified {record.verified_at}", True

    # -- installing ---------------------------------------------------------------------

    def ensure_embedded(
        self,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
        only: str | None = None,
    ) -> list[ModelRecord]:
        """Assemble every embedded model whose packages are installed but whose file is not."""
        installed = []
        for entry in self.catalog.entries:
            if entry.embedded is None or (only is not None and entry.id != only):
                continue
            record = self.repo.get(entry.id)
            if record is not None and record.path.is_file():
                continue
            if not embedded.parts_installed(entry.embedded):
                continue
            installed.append(
                self.install_embedded(entry.id, progress=progress, should_cancel=should_cancel)
            )
        return installed

    def install_embedded(
        self,
        model_id: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> ModelRecord:
        entry = self.catalog.require(model_id)
        destination = self.directory / entry.file
        if not self._existing_file_matches(entry, destination, progress, should_cancel):
            embedded.assemble(entry, destination, progress=progress, should_cancel=should_cancel)
        assert entry.sha256 is not None  # an embedded entry always pins its hash
        return self._register(entry.id, entry, destination, entry.sha256, "embedded")

    def _existing_file_matches(
        self,
        entry: CatalogEntry,
        path: Path,
        progress: ProgressCallback | None,
        should_cancel: CancelCheck | None,
    ) -> bool:
        # A database that was reset while the models folder survived: reuse the file.
        if not path.is_file() or path.stat().st_size != entry.size_bytes:
            return False
        return sha256_file(path, progress=progress, should_cancel=should_cancel) == entry.sha256

    def register_download(
        self, entry: CatalogEntry, path: Path, sha256: str, commit: str | None
    ) -> ModelRecord:
        """Record a file that download.pull() fetched and verified."""
        return self._register(entry.id, entry, path, sha256, "pull", revision=commit)

    def import_file(
        self,
        path: Path,
        *,
        model_id: str | None = None,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> ModelRecord:
        """Register a GGUF file in place (not copied) after a header check and SHA-256."""
        path = path.expanduser().resolve()
        check_gguf(path)
        digest = sha256_file(path, progress=progress, should_cancel=should_cancel)
        entry = self._catalog_entry_for_import(path, digest, model_id)
        if entry is not None:
            return self._register(entry.id, entry, path, digest, "import")
        new_id = _validated_id(model_id or _id_from_file_name(path))
        existing = self.repo.get(new_id)
        if existing is not None and existing.path != path:
            raise UserInputError(
                f"a model with id {new_id} is already installed from {existing.path}; "
                "remove it first or choose another --id"
            )
        return self._register(new_id, None, path, digest, "import")

    def _catalog_entry_for_import(
        self, path: Path, digest: str, model_id: str | None
    ) -> CatalogEntry | None:
        if model_id is not None:
            entry = self.catalog.get(model_id)
        else:
            entry = self.catalog.by_sha256(digest) or self.catalog.by_file_name(path.name)
        if entry is not None and entry.sha256 is not None and entry.sha256 != digest:
            raise ModelHashMismatch(
                f"{path} has SHA-256 {digest}, but catalog model {entry.id} is pinned to "
                f"{entry.sha256}; it is not that model's file (or it is damaged)"
            )
        return entry

    def _register(
        self,
        model_id: str,
        entry: CatalogEntry | None,
        path: Path,
        sha256: str,
        source: ModelSource,
        *,
        revision: str | None = None,
    ) -> ModelRecord:
        stat = path.stat()
        existing = self.repo.get(model_id)
        record = ModelRecord(
            id=model_id,
            display_name=entry.display_name if entry else path.name,
            path=path,
            size_bytes=stat.st_size,
            sha256=sha256,
            source=source,
            catalog_revision=revision or (entry.revision if entry else None),
            added_at=existing.added_at if existing else now(),
            verified_at=now(),
            verified_mtime_ns=stat.st_mtime_ns,
        )
        with transaction(self.db):
            self.repo.save(record)
        log.info("registered model %s (%s) at %s", model_id, source, path)
        return record

    # -- verifying and loading ----------------------------------------------------------

    def expected_sha256(self, record: ModelRecord) -> str:
        entry = self.catalog.get(record.id)
        return entry.sha256 if entry and entry.sha256 else record.sha256

    def verify(
        self,
        model_id: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> list[VerifyResult]:
        """Re-hash one model or all of them, always (no stat shortcut)."""
        records = [self.get(model_id)] if model_id else self.repo.list()
        results = []
        for record in records:
            try:
                self._verify_record(record, progress, should_cancel)
                results.append(VerifyResult(record.id, True, f"SHA-256 {record.sha256} matches"))
            except ModelFileError as exc:
                results.append(VerifyResult(record.id, False, str(exc)))
        return results

    def verified_path(
        self,
        model_id: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> Path:
        """The model's file, checked: structure always, SHA-256 if the file changed since."""
        record = self.get(model_id)
        check_gguf(record.path)
        stamp = _stat_stamp(record.path)
        if record.verified_at is None or stamp != (record.size_bytes, record.verified_mtime_ns):
            log.info("model %s changed or is unverified since last check; re-hashing", model_id)
            self._verify_record(record, progress, should_cancel)
        return record.path

    def _verify_record(
        self,
        record: ModelRecord,
        progress: ProgressCallback | None,
        should_cancel: CancelCheck | None,
    ) -> None:
        check_gguf(record.path)
        expected = self.expected_sha256(record)
        stat = record.path.stat()
        digest = sha256_file(record.path, progress=progress, should_cancel=should_cancel)
        if digest != expected:
            with transaction(self.db):
                self.repo.mark_unverified(record.id)
            raise ModelHashMismatch(
                f"{record.path} (model {record.id}) has SHA-256 {digest}, expected {expected}; "
                "the file was changed or damaged and will not be loaded"
            )
        with transaction(self.db):
            self.repo.mark_verified(record.id, verified_at=now(), mtime_ns=stat.st_mtime_ns)

    # -- removing and choosing ----------------------------------------------------------

    def remove(self, model_id: str) -> str:
        record = self.get(model_id)
        with transaction(self.db):
            self.repo.delete(model_id)
        if record.source == "import" or not _inside(record.path, self.directory):
            return f"unregistered {model_id}; the file {record.path} was left in place"
        record.path.unlink(missing_ok=True)
        note = ""
        entry = self.catalog.get(model_id)
        if entry and entry.embedded and embedded.parts_installed(entry.embedded):
            note = " (its packages are still installed: it is assembled again on next use)"
        return f"removed {model_id} and deleted {record.path}{note}"

    def use(self, model_id: str, role: str) -> None:
        if role not in MODEL_ROLES:
            raise UserInputError(f"unknown role {role!r}; use one of: {', '.join(MODEL_ROLES)}")
        self.get(model_id)
        with transaction(self.db):
            self.repo.set_role(role, model_id)

    def model_for_role(
        self,
        role: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> ModelRecord:
        """The model a role uses; assembles the embedded default on first use."""
        model_id = self.effective_roles()[role] if role in MODEL_ROLES else None
        if model_id is None:
            raise UserInputError(f"unknown role {role!r}; use one of: {', '.join(MODEL_ROLES)}")
        if self.repo.get(model_id) is None:
            self.ensure_embedded(progress=progress, should_cancel=should_cancel, only=model_id)
        return self.get(model_id)

    # -- engine settings ----------------------------------------------------------------

    def engine_settings(self) -> EngineSettings:
        stored = self.repo.settings_with_prefix(_SETTINGS_PREFIX)
        try:
            return EngineSettings.from_dict(stored)
        except ValueError as exc:
            raise UserInputError(f"a stored engine setting is not a number: {exc}") from exc

    def set_engine_settings(self, **changes: int | None) -> EngineSettings:
        known = EngineSettings.__dataclass_fields__
        with transaction(self.db):
            for key, value in changes.items():
                if key not in known:
                    raise UserInputError(f"unknown engine setting {key!r}")
                zero_ok = key in ("gpu_layers", "flash_attention")
                if value is not None and (value < 0 or (value == 0 and not zero_ok)):
                    raise UserInputError(f"engine setting {key} must be positive, got {value}")
                self.repo.set_setting(_SETTINGS_PREFIX + key, None if value is None else str(value))
        return self.engine_settings()


def _stat_stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _id_from_file_name(path: Path) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")[:64] or "model"


def _validated_id(model_id: str) -> str:
    if not _MODEL_ID.match(model_id):
        raise UserInputError(
            f"invalid model id {model_id!r}: use lowercase letters, digits, '.', '_' and '-'"
        )
    return model_id


def _estimate_ram_mb(record: ModelRecord | None) -> int:
    # Weights are memory-mapped whole, plus KV cache and runtime: about 1.2x plus 512 MB.
    if record is None:
        return 0
    return int(record.size_bytes * 1.2 / _MB) + 512
