"""Build the Engine for a role (generate, review) from what the database says.

A role uses a local model file (LocalEngine), or an inference server when one is configured
for it (OpenAICompatibleEngine, see app.llm.endpoints): then the model id is
`endpoint:<host>/<model>` and there is no file hash to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from app.llm.engine import Engine, EngineSettings
from app.llm.hashing import CancelCheck, ProgressCallback
from app.llm.local import LocalEngine
from app.llm.registry import ModelRegistry

if TYPE_CHECKING:
    from app.llm.openai_compat import OpenAICompatibleEngine


@dataclass(frozen=True)
class OpenedModel:
    """An engine for a role's model, and the SHA-256 its file was verified against (None for
    an inference server: the file is on the server)."""

    engine: Engine
    model_id: str
    sha256: str | None


def endpoint_engine(registry: ModelRegistry, role: str) -> OpenAICompatibleEngine | None:
    """The engine for the role's inference server, or None if the role uses a local model."""
    endpoint = registry.endpoint_for_role(role)
    if endpoint is None:
        return None
    # Imported here: httpx is loaded only by those who use a server.
    from app.llm.openai_compat import OpenAICompatibleEngine

    return OpenAICompatibleEngine(
        endpoint, api_key=registry.endpoint_api_key(role), policy=registry.host_policy()
    )


def role_model_id(
    db: sqlite_utils.Database, role: str, *, registry: ModelRegistry | None = None
) -> str:
    """The id the role's engine would have: compare it to share one engine between roles."""
    registry = registry or ModelRegistry(db)
    endpoint = registry.endpoint_for_role(role)
    return endpoint.model_id if endpoint is not None else registry.model_for_role(role).id


def open_model(
    db: sqlite_utils.Database,
    *,
    model_id: str | None = None,
    role: str = "review",
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    registry: ModelRegistry | None = None,
) -> OpenedModel:
    """The model `model_id` (or the role's model), its file verified; the host starts on first use.

    On a fresh install the role's model may be the embedded default, assembled here (a few
    seconds, reported through `progress`).
    """
    registry = registry or ModelRegistry(db)
    remote = None if model_id else endpoint_engine(registry, role)
    if remote is not None:
        return OpenedModel(remote, remote.model_id, None)
    record = (
        registry.get(model_id)
        if model_id
        else registry.model_for_role(role, progress=progress, should_cancel=should_cancel)
    )
    path = registry.verified_path(record.id, progress=progress, should_cancel=should_cancel)
    sha = registry.expected_sha256(record)
    engine = LocalEngine(
        path, model_id=record.id, settings=registry.engine_settings(), expected_sha256=sha
    )
    return OpenedModel(engine, record.id, sha)


def engine_for_role(
    db: sqlite_utils.Database,
    role: str,
    *,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    registry: ModelRegistry | None = None,
) -> Engine:
    """The engine for the role's model or inference server (see open_model).

    Keep the returned engine for the session: it keeps the model loaded, and its KV cache
    makes follow-up questions on the same code fast.
    """
    return open_model(
        db, role=role, progress=progress, should_cancel=should_cancel, registry=registry
    ).engine


class EnginePool:
    """One engine per model, shared by the roles that use it (no module-level singleton)."""

    def __init__(self, db: sqlite_utils.Database, *, registry: ModelRegistry | None = None) -> None:
        self._db = db
        self._registry = registry or ModelRegistry(db)
        self._engines: dict[tuple[str, EngineSettings], Engine] = {}

    def for_role(
        self,
        role: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> Engine:
        remote = self._remote(role)
        if remote is not None:
            return remote
        record = self._registry.model_for_role(role, progress=progress, should_cancel=should_cancel)
        settings = self._registry.engine_settings()
        key = (record.id, settings)
        engine = self._engines.get(key)
        if engine is None:
            path = self._registry.verified_path(
                record.id, progress=progress, should_cancel=should_cancel
            )
            engine = LocalEngine(
                path,
                model_id=record.id,
                settings=settings,
                expected_sha256=self._registry.expected_sha256(record),
            )
            self._engines[key] = engine
        return engine

    def _remote(self, role: str) -> Engine | None:
        endpoint = self._registry.endpoint_for_role(role)
        if endpoint is None:
            return None
        key = (f"{endpoint.model_id} {endpoint.url}", EngineSettings(threads=1))
        engine = self._engines.get(key)
        if engine is None:
            engine = endpoint_engine(self._registry, role)
            assert engine is not None
            self._engines[key] = engine
        return engine

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()
