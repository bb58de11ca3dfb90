"""The default model behind llama-cpp-python's own OpenAI-compatible server on 127.0.0.1:
a generation, a review and a cancel through OpenAICompatibleEngine.

One server process for the whole test session (the machine has two cores: never two models
at once). The server needs llama-cpp-python's `server` extra, which the `dev` extra pulls in.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlite_utils

from app.core.errors import EngineCancelled
from app.core.review import ReviewOptions
from app.core.review_service import ModelChoice, ThreatModelRef, review_sources
from app.core.sources import source_from_text
from app.llm.engine import ChatMessage
from app.llm.factory import open_model
from app.llm.offline import offline_environment
from app.llm.openai_compat import OpenAICompatibleEngine
from app.llm.registry import ModelRegistry
from app.store.reviews import get_review

pytestmark = pytest.mark.model

ALIAS = "qwen-on-the-team-server"
API_KEY = "sk-test-team-server"
START_TIMEOUT_S = 180


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ready(url: str) -> bool:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    try:
        # trust_env=False: a proxy from the environment must not see (or break) this.
        response = httpx.get(f"{url}/v1/models", headers=headers, timeout=2, trust_env=False)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@pytest.fixture(scope="session")
def llama_server(default_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` with the default model; yields its base URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(default_model),
        "--model_alias", ALIAS, "--api_key", API_KEY, "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--verbose", "False",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=offline_environment()
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama-cpp-python's server did not start: {log_path.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def server_roles(
    llama_server: str, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> ModelRegistry:
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")
    registry = ModelRegistry(db)
    for role in ("generate", "review"):
        registry.use_endpoint(role, llama_server, ALIAS, api_key=API_KEY, timeout_s=300)
    return registry


def _engine(db: sqlite_utils.Database, role: str) -> OpenAICompatibleEngine:
    engine = open_model(db, role=role).engine
    assert isinstance(engine, OpenAICompatibleEngine)
    return engine


def test_a_generation_streams_from_the_server(
    server_roles: ModelRegistry, db: sqlite_utils.Database
) -> None:
    with _engine(db, "generate") as engine:
        fragments = list(
            engine.stream_chat(
                [ChatMessage("user", "Write a Python function add(a, b) that returns a + b.")],
                max_tokens=48,
                temperature=0.0,
            )
        )
        timing = engine.info().last_timing

    assert len(fragments) > 1
    assert "def" in "".join(fragments) or "add" in "".join(fragments)
    assert engine.server_model == ALIAS
    assert timing is not None and timing.completion_tokens == len(fragments)


def test_a_review_runs_its_model_stage_on_the_server_and_records_it(
    server_roles: ModelRegistry, db: sqlite_utils.Database, llama_server: str
) -> None:
    opened = open_model(db, role="review")
    code = source_from_text(
        "tokens.py",
        "import hashlib\n\n\ndef password_hash(password):\n"
        "    return hashlib.md5(password.encode()).hexdigest()\n",
    )
    try:
        saved = review_sources(
            db,
            [code],
            ThreatModelRef(None),
            target="tokens.py",
            options=ReviewOptions(stages=frozenset({"model"})),
            model=ModelChoice(opened.engine, opened.model_id, opened.sha256),
        )
    finally:
        opened.engine.close()

    assert saved.review_id is not None
    assert not [w for w in saved.outcome.warnings if w.kind == "stage_failed"]
    record = get_review(db, saved.review_id)
    assert record.model_id == f"endpoint:{llama_server.removeprefix('http://')}/{ALIAS}"
    assert record.model_sha256 is None
    assert record.settings["endpoint"] == f"{llama_server}/v1"
    assert record.settings["server_model"] == ALIAS


def test_cancel_stops_a_running_generation_and_the_server_answers_again(
    server_roles: ModelRegistry, db: sqlite_utils.Database
) -> None:
    engine = _engine(db, "generate")
    got: list[str] = []
    errors: list[BaseException] = []
    ask = [ChatMessage("user", "Count from 1 to 500, one number per line.")]

    def consume() -> None:
        try:
            got.extend(engine.stream_chat(ask, max_tokens=400, temperature=0.0))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=consume)
    thread.start()
    waited = threading.Event()
    while len(got) < 3 and thread.is_alive():
        waited.wait(0.05)
    engine.cancel()
    thread.join(30)

    assert not thread.is_alive()
    assert [type(e) for e in errors] == [EngineCancelled]
    assert 3 <= len(got) < 400
    with contextlib.closing(engine):
        again = "".join(engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=8))
    assert again.strip()
