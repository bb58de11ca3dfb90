"""A role on an inference server: the factory builds its engine, and the review and the
generation session record the endpoint and the server-reported model (no file hash)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from app.core.generate import GenerateSettings, generate_code, plan_questions, start_session
from app.core.projects import create_project
from app.core.review import ReviewOptions
from app.core.review_service import ModelChoice, ThreatModelRef, review_sources
from app.core.sources import source_from_text
from app.llm.factory import open_model, role_model_id
from app.llm.openai_compat import OpenAICompatibleEngine
from app.llm.pool import EnginePool
from app.llm.registry import ModelRegistry
from app.store import sessions as session_repo
from app.store.reviews import get_review
from tests.generate.replies_for_tests import UPLOAD_V1
from tests.llm.openai_stub import Reply, StubServer, serve

SERVER_MODEL = "Qwen/Qwen2.5-Coder-32B-Instruct"


@pytest.fixture(autouse=True)
def keys_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with serve() as server:
        server.reply = Reply(fragments=["NONE"], model=SERVER_MODEL)
        yield server


@pytest.fixture
def on_server(db: sqlite_utils.Database, stub: StubServer) -> ModelRegistry:
    registry = ModelRegistry(db)
    for role in ("generate", "review"):
        registry.use_endpoint(role, stub.url(), "qwen-32b", api_key="sk-team")
    return registry


def test_open_model_gives_the_servers_engine_without_a_file_hash(
    db: sqlite_utils.Database, on_server: ModelRegistry, stub: StubServer
) -> None:
    opened = open_model(db, role="review")

    assert isinstance(opened.engine, OpenAICompatibleEngine)
    assert opened.model_id == f"endpoint:127.0.0.1:{stub.port}/qwen-32b"
    assert opened.sha256 is None
    assert role_model_id(db, "generate") == opened.model_id
    stub.api_key = "sk-team"
    assert opened.engine.list_models() == ["stub-model"]  # the stored key is used


def test_the_engine_pool_keeps_one_engine_per_server(
    db: sqlite_utils.Database, on_server: ModelRegistry
) -> None:
    pool = EnginePool()
    review = pool.open(ModelRegistry(db), "review").engine
    assert pool.open(ModelRegistry(db), "review").engine is review
    assert pool.open(ModelRegistry(db), "generate").engine is review  # same server and model
    pool.close()


def test_a_review_through_the_server_records_endpoint_and_server_model(
    db: sqlite_utils.Database, on_server: ModelRegistry, stub: StubServer
) -> None:
    opened = open_model(db, role="review")
    code = source_from_text(
        "app.py",
        "import hashlib\n\ndef token(password):\n    return hashlib.md5(password.encode())"
        ".hexdigest()\n",
    )
    saved = review_sources(
        db,
        [code],
        ThreatModelRef(None),
        target="app.py",
        options=ReviewOptions(stages=frozenset({"model"})),
        model=ModelChoice(opened.engine, opened.model_id, opened.sha256),
    )
    opened.engine.close()

    assert any(r.path == "/v1/chat/completions" for r in stub.received)
    assert saved.review_id is not None
    record = get_review(db, saved.review_id)
    assert record.model_id == f"endpoint:127.0.0.1:{stub.port}/qwen-32b"
    assert record.model_sha256 is None
    assert record.settings["endpoint"] == f"{stub.url()}/v1"
    assert record.settings["server_model"] == SERVER_MODEL
    assert "sk-team" not in str(record)


def test_a_generation_session_records_endpoint_and_server_model(
    db: sqlite_utils.Database, on_server: ModelRegistry, stub: StubServer
) -> None:
    create_project(db, "demo", template="file-upload-service")
    opened = open_model(db, role="generate")
    model = ModelChoice(opened.engine, opened.model_id, opened.sha256)
    settings = GenerateSettings(max_tokens=256, review=False)
    plan = plan_questions(db, "demo", "Build a file upload service")
    session_id = start_session(db, plan, {}, model=model, settings=settings).session_id
    stub.reply = Reply(fragments=[UPLOAD_V1], model=SERVER_MODEL)

    generate_code(db, session_id, model, settings)
    opened.engine.close()

    session = session_repo.get_session(db, session_id)
    assert (session.model_id, session.model_sha256) == (opened.model_id, None)
    assert session.settings["endpoint"] == f"{stub.url()}/v1"
    step = next(s for s in session.steps if s["step"] == "generate")
    assert step["status"] == "ok"
    assert (step["endpoint"], step["server_model"]) == (f"{stub.url()}/v1", SERVER_MODEL)
