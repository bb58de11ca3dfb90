"""The engines the desktop app keeps warm, one per model, shared by the roles that use it.

Qt-free and thread-safe: workers ask for a role's model from their own thread (each with its
own database connection, since sqlite3 connections stay on the thread that opened them).
A role configured with an inference server gets an OpenAICompatibleEngine instead (one per
server, model and key). Tests pass a source that hands out FakeEngines instead
(tests/ui/conftest.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from app.core.review_service import ModelChoice
from app.llm.endpoints import Endpoint
from app.llm.engine import Engine, EngineSettings, Progress, RequestTiming
from app.llm.factory import endpoint_engine
from app.llm.local import LocalEngine
from app.llm.registry import ModelRegistry
from app.store.db import open_database

log = logging.getLogger(__name__)

ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


class EngineSource(Protocol):
    """Where the app gets the engine for a role (generate, review)."""

    def choice(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        """The role's model, ready to use: assembled, verified and (lazily) started."""
        ...

    def warm(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        """Like choice(), and load the model now so the first request does not wait."""
        ...

    def last_timing(self) -> RequestTiming | None:
        """What the most recent request of any engine cost."""
        ...

    def close(self) -> None:
        """Stop every engine host (blocks up to a couple of seconds)."""
        ...


class LocalEngineSource:
    """LocalEngines built from the registry, cached by (model, settings)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engines: dict[tuple[str, EngineSettings], LocalEngine] = {}
        self._remote: dict[tuple[Endpoint, str | None], Engine] = {}
        self._last: Engine | None = None

    def choice(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        db = open_database()
        try:
            registry = ModelRegistry(db)
            endpoint = registry.endpoint_for_role(role)
            if endpoint is not None:
                return self._server_choice(registry, role, endpoint)
            record = registry.model_for_role(role, progress=progress, should_cancel=should_cancel)
            settings = registry.engine_settings()
            sha = registry.expected_sha256(record)
            key = (record.id, settings)
            with self._lock:
                engine = self._engines.get(key)
            if engine is None:
                path = registry.verified_path(
                    record.id, progress=progress, should_cancel=should_cancel
                )
                engine = self._remember(
                    key,
                    LocalEngine(path, model_id=record.id, settings=settings, expected_sha256=sha),
                )
        finally:
            db.close()
        with self._lock:
            self._last = engine
        return ModelChoice(engine, record.id, sha)

    def _server_choice(self, registry: ModelRegistry, role: str, endpoint: Endpoint) -> ModelChoice:
        # Keyed by the key too: a new API key for the same server needs a new client.
        key = (endpoint, registry.endpoint_api_key(role))
        with self._lock:
            engine = self._remote.get(key)
        if engine is None:
            made = endpoint_engine(registry, role)
            assert made is not None
            engine = self._remember_remote(key, made)
        with self._lock:
            self._last = engine
        return ModelChoice(engine, endpoint.model_id, None)

    def _remember_remote(self, key: tuple[Endpoint, str | None], engine: Engine) -> Engine:
        with self._lock:
            existing = self._remote.get(key)
            if existing is not None:
                return existing
            stale = [k for k in self._remote if k[0].url == key[0].url]  # older settings or key
            retired = [self._remote.pop(k) for k in stale]
            self._remote[key] = engine
        for old in retired:
            old.close()
        return engine

    def warm(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        choice = self.choice(role, progress=progress, should_cancel=should_cancel)
        progress(Progress("load", 0, None, choice.model_id))
        engine = choice.engine
        if isinstance(engine, LocalEngine):
            engine.start()
        return choice

    def _remember(self, key: tuple[str, EngineSettings], engine: LocalEngine) -> LocalEngine:
        with self._lock:
            existing = self._engines.get(key)
            if existing is not None:
                return existing
            stale = [k for k in self._engines if k[0] == key[0]]  # same model, old settings
            retired = [self._engines.pop(k) for k in stale]
            self._engines[key] = engine
        for old in retired:
            old.close()
        return engine

    def last_timing(self) -> RequestTiming | None:
        with self._lock:
            engine = self._last
        return engine.info().last_timing if engine is not None else None

    def close(self) -> None:
        with self._lock:
            engines: list[Engine] = [*self._engines.values(), *self._remote.values()]
            self._engines, self._remote = {}, {}
        for engine in engines:
            try:
                engine.close()
            except Exception:
                log.warning("could not stop an engine host", exc_info=True)


def engine_of(choice: ModelChoice | None) -> Engine | None:
    return choice.engine if choice is not None else None
