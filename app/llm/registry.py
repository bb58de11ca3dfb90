"""Installed models: assemble, pull, import, verify, remove and choose them per role.

Every model file's SHA-256 is checked before it is loaded. Hashing 0.5-20 GB on every start
would take seconds to minutes, so a verification records the file's size and mtime_ns with the
hash; later loads re-hash only if either changed. That trusts the file system not to change a
file's bytes without changing its mtime (true for normal writes and copies; a deliberate
attacker with write access to the models folder could keep the mtime, which is why
`airlock models verify` always re-hashes).
"""

from __future__ import annotations

import ipaddress
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
from app.llm.credentials import default_store, key_name, store_for
from app.llm.endpoints import (
    DEFAULT_TIMEOUT_S,
    Endpoint,
    HostPolicy,
    check_endpoint,
    host_key,
    make_endpoint,
)
from app.llm.engine import MODEL_ROLES, EngineSettings
from app.llm.gguf import check_gguf
from app.llm.hashing import CancelCheck, ProgressCallback, sha256_file
from app.store import endpoints as endpoint_repo
from app.store.db import transaction
from app.store.endpoints import EndpointRow
from app.store.models import ModelRecord, ModelRepository, ModelSource

log = logging.getLogger(__name__)

_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$"
)
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
        """Each role's model: an inference server's `endpoint:host/model` id if the role uses
        one, else the model chosen with `use`, else the catalog default."""
        chosen = self.repo.roles()
        servers = self.endpoints()
        return {
            role: servers[role].model_id
            if role in servers
            else chosen.get(role, self.catalog.default_id)
            for role in MODEL_ROLES
        }

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
        """Make a local model the role's model (the role stops using an inference server)."""
        _check_role(role)
        self.get(model_id)
        previous = endpoint_repo.get_endpoint(self.db, role)
        with transaction(self.db):
            self.repo.set_role(role, model_id)
            endpoint_repo.delete_endpoint(self.db, role)
        if previous is not None:
            self._forget_key(previous)

    def model_for_role(
        self,
        role: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> ModelRecord:
        """The model a role uses; assembles the embedded default on first use."""
        _check_role(role)
        server = self.endpoint_for_role(role)
        if server is not None:
            raise UserInputError(
                f"the {role} role uses the inference server {server.url}, not a local model"
            )
        model_id = self.effective_roles()[role]
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

    # -- inference servers (see app.llm.endpoints) ---------------------------------------

    def endpoints(self) -> dict[str, Endpoint]:
        """The roles that use an inference server, and which."""
        return {role: _endpoint(row) for role, row in endpoint_repo.list_endpoints(self.db).items()}

    def endpoint_for_role(self, role: str) -> Endpoint | None:
        row = endpoint_repo.get_endpoint(self.db, role)
        return _endpoint(row) if row else None

    def host_policy(self) -> HostPolicy:
        return HostPolicy.of(endpoint_repo.allowed_hosts(self.db))

    def use_endpoint(
        self,
        role: str,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        ca_bundle: Path | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> Endpoint:
        """Send the role's requests to an inference server from now on.

        The host must be this machine, on a private network, or allowed by name
        (allow_host); its name is resolved to check that, but nothing connects to it. Without
        a new `api_key`, the stored one is kept only while the URL stays the same: a key
        meant for one server is never sent to another.
        """
        _check_role(role)
        endpoint = make_endpoint(url, model, ca_bundle=ca_bundle, timeout_s=timeout_s)
        check_endpoint(endpoint, self.host_policy())
        previous = endpoint_repo.get_endpoint(self.db, role)
        key_store = self._store_key(role, api_key, previous, endpoint)
        row = EndpointRow(
            role, endpoint.url, endpoint.model, _text(ca_bundle), endpoint.timeout_s, key_store
        )
        with transaction(self.db):
            endpoint_repo.set_endpoint(self.db, row)
        log.info("role %s uses the inference server %s (%s)", role, endpoint.url, model)
        return endpoint

    def endpoint_api_key(self, role: str) -> str | None:
        """The role's API key from the keyring or its 0600 file (never from the database)."""
        row = endpoint_repo.get_endpoint(self.db, role)
        if row is None or row.api_key_store is None:
            return None
        return store_for(row.api_key_store).get(key_name(role))

    def endpoint_key_store(self, role: str) -> endpoint_repo.KeyStore | None:
        """Where the role's API key is kept (keyring or file), or None without a key."""
        row = endpoint_repo.get_endpoint(self.db, role)
        return row.api_key_store if row else None

    def _store_key(
        self, role: str, api_key: str | None, previous: EndpointRow | None, endpoint: Endpoint
    ) -> endpoint_repo.KeyStore | None:
        if api_key is not None and api_key.strip():
            if previous is not None:
                self._forget_key(previous)
            store = default_store()
            store.set(key_name(role), api_key.strip())
            return store.kind
        if previous is not None and previous.url == endpoint.url:
            return previous.api_key_store
        if previous is not None:
            self._forget_key(previous)
        return None

    def _forget_key(self, row: EndpointRow) -> None:
        if row.api_key_store is not None:
            store_for(row.api_key_store).delete(key_name(row.role))

    def clear_endpoint(self, role: str) -> Endpoint | None:
        """The role goes back to its local model; returns the server it used, if any."""
        _check_role(role)
        previous = endpoint_repo.get_endpoint(self.db, role)
        if previous is None:
            return None
        with transaction(self.db):
            endpoint_repo.delete_endpoint(self.db, role)
        self._forget_key(previous)
        return _endpoint(previous)

    def allowed_hosts(self) -> list[str]:
        return endpoint_repo.allowed_hosts(self.db)

    def allow_host(self, host: str) -> str:
        """Allow a (public) host by name; only after the user confirmed it."""
        name = host_key(host)
        if not (_HOST_NAME.match(name) or _is_ipv6(name)):
            raise UserInputError(f"{host!r} is not a host name; give the name alone, no URL")
        with transaction(self.db):
            endpoint_repo.add_allowed_host(self.db, name)
        log.info("host %s added to the inference server allow-list", name)
        return name

    def disallow_host(self, host: str) -> bool:
        with transaction(self.db):
            return endpoint_repo.remove_allowed_host(self.db, host_key(host))


def _check_role(role: str) -> None:
    if role not in MODEL_ROLES:
        raise UserInputError(f"unknown role {role!r}; use one of: {', '.join(MODEL_ROLES)}")


def _endpoint(row: EndpointRow) -> Endpoint:
    bundle = Path(row.ca_bundle) if row.ca_bundle else None
    return Endpoint(row.url, row.model, bundle, row.timeout_s)


def _text(path: Path | None) -> str | None:
    return str(path.expanduser().resolve()) if path is not None else None


def _is_ipv6(name: str) -> bool:
    try:
        ipaddress.IPv6Address(name)
    except ValueError:
        return False
    return True


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
