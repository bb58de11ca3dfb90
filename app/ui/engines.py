"""The engines the desktop app keeps warm, one per model, shared by the roles that use it.

Qt-free and thread-safe: workers ask for a role's model from their own thread (each with its
own database connection, since sqlite3 connections stay on the thread that opened them).
A role configured with an inference server gets an OpenAICompatibleEngine instead (one per
server, model and key); the caching is app.llm.pool.EnginePool. Tests pass a source that
hands out FakeEngines instead (tests/ui/conftest.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from app.core.review_service import ModelChoice
from app.llm.engine import Engine, Progress, RequestTiming
from app.llm.local import LocalEngine
from app.llm.pool import EnginePool
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
    """The registry's engines, from one EnginePool (app/llm/pool.py) for the whole app."""

    def __init__(self) -> None:
        self._pool = EnginePool()
        self._lock = threading.Lock()
        self._last: Engine | None = None

    def choice(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        db = open_database()  # this worker thread's own connection
        try:
            opened = self._pool.open(
                ModelRegistry(db), role, progress=progress, should_cancel=should_cancel
            )
        finally:
            db.close()
        with self._lock:
            self._last = opened.engine
        return ModelChoice(opened.engine, opened.model_id, opened.sha256)

    def warm(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        choice = self.choice(role, progress=progress, should_cancel=should_cancel)
        progress(Progress("load", 0, None, choice.model_id))
        engine = choice.engine
        if isinstance(engine, LocalEngine):
            engine.start()
        return choice

    def last_timing(self) -> RequestTiming | None:
        with self._lock:
            engine = self._last
        return engine.info().last_timing if engine is not None else None

    def close(self) -> None:
        self._pool.close()


def engine_of(choice: ModelChoice | None) -> Engine | None:
    return choice.engine if choice is not None else None
