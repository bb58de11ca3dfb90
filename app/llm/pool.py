"""The engines a process keeps warm: one per local model or inference server, shared by the
roles that use it, so a model is loaded once however many roles use it.

Thread-safe, and holding no database connection: callers pass a registry read from their own
connection (sqlite3 connections stay on the thread that opened them; the desktop app asks
from worker threads). A changed setting or API key retires the engine it replaces.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from app.llm.endpoints import Endpoint
from app.llm.engine import Engine, EngineSettings
from app.llm.factory import OpenedModel, endpoint_engine
from app.llm.hashing import CancelCheck, ProgressCallback
from app.llm.local import LocalEngine
from app.llm.registry import ModelRegistry

log = logging.getLogger(__name__)

_LocalKey = tuple[str, EngineSettings]
_ServerKey = tuple[Endpoint, str | None]
K = TypeVar("K")
E = TypeVar("E", bound=Engine)


class EnginePool:
    """Engines cached by (model, settings) and by (server, API key)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local: dict[_LocalKey, LocalEngine] = {}
        self._servers: dict[_ServerKey, Engine] = {}

    def open(
        self,
        registry: ModelRegistry,
        role: str,
        *,
        progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> OpenedModel:
        """The role's engine: its model assembled and verified on first use (see open_model);
        the host starts on the first request, or with LocalEngine.start()."""
        endpoint = registry.endpoint_for_role(role)
        if endpoint is not None:
            return OpenedModel(self._server(registry, role, endpoint), endpoint.model_id, None)
        record = registry.model_for_role(role, progress=progress, should_cancel=should_cancel)
        settings = registry.engine_settings()
        sha = registry.expected_sha256(record)
        key = (record.id, settings)
        with self._lock:
            engine = self._local.get(key)
        if engine is None:
            path = registry.verified_path(record.id, progress=progress, should_cancel=should_cancel)
            made = LocalEngine(path, model_id=record.id, settings=settings, expected_sha256=sha)
            engine = self._keep(self._local, key, made, same=lambda k: k[0] == record.id)
        return OpenedModel(engine, record.id, sha)

    def _server(self, registry: ModelRegistry, role: str, endpoint: Endpoint) -> Engine:
        # Keyed by the key too: a new API key for the same server needs a new client.
        key = (endpoint, registry.endpoint_api_key(role))
        with self._lock:
            engine = self._servers.get(key)
        if engine is not None:
            return engine
        made = endpoint_engine(registry, role)
        assert made is not None  # endpoint_for_role said there is one
        return self._keep(self._servers, key, made, same=lambda k: k[0].url == endpoint.url)

    def _keep(self, cache: dict[K, E], key: K, engine: E, *, same: Callable[[K], bool]) -> E:
        """Cache `engine` under `key`, retiring the engines it replaces (`same` model or
        server with other settings); another thread's engine for `key` wins a race."""
        with self._lock:
            existing = cache.get(key)
            if existing is not None:
                return existing  # ours never started: nothing to stop
            retired = [cache.pop(old) for old in [k for k in cache if same(k)]]
            cache[key] = engine
        for old in retired:
            old.close()
        return engine

    def close(self) -> None:
        """Stop every engine (a host takes up to a couple of seconds to stop)."""
        with self._lock:
            engines: list[Engine] = [*self._local.values(), *self._servers.values()]
            self._local, self._servers = {}, {}
        for engine in engines:
            try:
                engine.close()
            except Exception:  # one engine that fails to stop must not keep the others running
                log.warning("could not stop an engine", exc_info=True)
