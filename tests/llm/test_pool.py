"""EnginePool: one engine per model and settings, shared by roles, retired when replaced."""

from __future__ import annotations

import threading

from app.llm.catalog import Catalog
from app.llm.local import LocalEngine
from app.llm.pool import EnginePool
from app.llm.registry import ModelRegistry
from app.store.db import open_database


def test_roles_on_one_model_share_its_engine(registry: ModelRegistry) -> None:
    pool = EnginePool()
    generate = pool.open(registry, "generate")
    review = pool.open(registry, "review")
    assert isinstance(generate.engine, LocalEngine)
    assert review.engine is generate.engine
    assert (review.model_id, review.sha256) == ("tiny", registry.expected_sha256(
        registry.model_for_role("review")))  # fmt: skip
    pool.close()


def test_new_settings_retire_the_engine_they_replace(registry: ModelRegistry) -> None:
    pool = EnginePool()
    old = pool.open(registry, "review").engine
    closed: list[object] = []
    old.close = lambda: closed.append(old)  # type: ignore[method-assign]
    registry.set_engine_settings(threads=1, context_size=2048)
    new = pool.open(registry, "review").engine
    assert new is not old and closed == [old]
    assert isinstance(new, LocalEngine) and new.settings.threads == 1
    assert pool.open(registry, "generate").engine is new
    pool.close()


def test_threads_asking_at_once_get_one_engine(
    registry: ModelRegistry, tiny_catalog: Catalog
) -> None:
    pool = EnginePool()
    pool.open(registry, "review")  # assemble the embedded model once, on this thread
    pool.close()
    engines: list[object] = []
    barrier = threading.Barrier(4)

    def ask() -> None:
        db = open_database()  # as the desktop app's workers do: one connection per thread
        barrier.wait()
        engines.append(pool.open(ModelRegistry(db, catalog=tiny_catalog), "review").engine)
        db.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(engines) == 4 and len({id(e) for e in engines}) == 1
    pool.close()
