"""Build the Engine for a role (generate, review) from what the database says."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from app.llm.engine import Engine, EngineSettings
from app.llm.hashing import CancelCheck, ProgressCallback
from app.llm.local import LocalEngine
from app.llm.registry import ModelRegistry


@dataclass(frozen=True)
class OpenedModel:
    """An engine for one installed model, and the SHA-256 its file was verified against."""

    engine: LocalEngine
    model_id: str
    sha256: str


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
    """A LocalEngine for the role's model (see open_model).

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
        self._engines: dict[tuple[str, EngineSettings], LocalEngine] = {}

    def for_role(
        self,
        role: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> Engine:
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

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()
