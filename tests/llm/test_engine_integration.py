"""The real default model through the real engine host: streaming, prefix reuse, cancel, crash.

These load Qwen2.5-Coder-0.5B (assembled once per session) into one warm host per module.
They assert behaviour and token counts, never speed; the speed goals live in bench/engine.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from app.core.errors import (
    EngineCancelled,
    EngineCrashed,
    EngineError,
    InputTooLarge,
    ModelFileError,
)
from app.llm.engine import ChatMessage, Engine
from app.llm.local import LocalEngine
from app.store.db import open_database, transaction
from tests.llm.conftest import TEST_SETTINGS

pytestmark = pytest.mark.model

SYSTEM = ChatMessage("system", "You are a careful reviewer of Python code. Answer briefly.")
CODE = (
    "from flask import Flask, request, send_file\n"
    "app = Flask(__name__)\n\n"
    "@app.route('/download')\n"
    "def download():\n"
    "    name = request.args['name']\n"
    "    return send_file('/srv/files/' + name)\n"
) * 6
# ~2,000 tokens: long enough that prompt processing takes seconds on two cores.
LONG_PROMPT = [ChatMessage("user", "values = [\n" + "    1234, 5678,\n" * 150 + "]\nSum?")]


def _ask(question: str) -> list[ChatMessage]:
    return [SYSTEM, ChatMessage("user", f"```python\n{CODE}```\n\n{question}")]


def _consume_in_thread(stream: Iterator[str]) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["text"] = "".join(stream)
        except EngineError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_for_prompt_processing(engine: LocalEngine) -> None:
    """Give the host time to be inside llama_decode on the long prompt.

    The prompt takes about 10 s on two idle cores (longer on a busy machine), and reaching
    llama_decode takes milliseconds, so 2 s lands in the middle of it.
    """
    time.sleep(2.0)
    assert engine.info().running


def test_the_local_engine_satisfies_the_engine_protocol(model_engine: LocalEngine) -> None:
    assert isinstance(model_engine, Engine)


def test_a_reply_streams_back_in_several_fragments(model_engine: LocalEngine) -> None:
    messages = [ChatMessage("user", "Write a Python function that adds two numbers.")]

    fragments = list(model_engine.stream_chat(messages, max_tokens=40, temperature=0.0))

    assert len(fragments) > 5
    assert "def" in "".join(fragments)
    timing = model_engine.info().last_timing
    assert timing is not None
    assert timing.completion_tokens >= len([f for f in fragments if f])
    assert timing.prompt_tokens > 10


def test_the_models_own_chat_template_is_used(model_engine: LocalEngine) -> None:
    info = model_engine.info()

    # chat_format is left unset, so llama-cpp-python takes the template from the GGUF.
    assert info.chat_format == "chat_template.default"


def test_questions_sharing_a_prefix_reuse_the_kv_cache(model_engine: LocalEngine) -> None:
    list(model_engine.stream_chat(_ask("Is there path traversal? YES or NO."), max_tokens=8))
    first = model_engine.info().last_timing
    list(model_engine.stream_chat(_ask("Is there SQL injection? YES or NO."), max_tokens=8))
    second = model_engine.info().last_timing

    assert first is not None and second is not None
    assert second.prompt_tokens > 250
    # Everything up to the differing question came from the cache.
    assert second.cached_tokens > 0.9 * second.prompt_tokens
    assert second.cached_tokens < second.prompt_tokens


def test_cancel_during_a_long_prompt_stops_it_and_the_next_request_works(
    model_engine: LocalEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = model_engine.info().pid
    # A generous grace period, so that a busy machine cannot turn this into the kill path
    # (tested below): here the host itself must stop inside the prompt.
    monkeypatch.setattr(model_engine, "cancel_grace_s", 10.0)
    thread, outcome = _consume_in_thread(model_engine.stream_chat(LONG_PROMPT, max_tokens=20))
    _wait_for_prompt_processing(model_engine)

    model_engine.cancel()
    thread.join(timeout=30)

    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), EngineCancelled)
    reply = "".join(model_engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=5))
    assert reply
    # The host stopped inside the prompt without being killed: the model stayed loaded.
    assert model_engine.info().pid == pid


def test_cancel_between_tokens_stops_the_stream(model_engine: LocalEngine) -> None:
    stream = model_engine.stream_chat(
        [ChatMessage("user", "Count from 1 to 200, one number per line.")], max_tokens=400
    )
    assert next(stream)

    model_engine.cancel()

    with pytest.raises(EngineCancelled):
        list(stream)
    timing = model_engine.info().last_timing
    assert timing is not None and timing.completion_tokens < 400


def test_closing_a_stream_early_frees_the_engine_for_the_next_request(
    model_engine: LocalEngine,
) -> None:
    stream = model_engine.stream_chat([ChatMessage("user", "List fifty animals.")], max_tokens=300)
    next(stream)
    stream.close()  # type: ignore[attr-defined]

    assert "".join(model_engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=5))


def test_a_request_larger_than_the_context_is_refused_as_too_large(
    model_engine: LocalEngine,
) -> None:
    too_long = [ChatMessage("user", "x = 1\n" * 2000)]

    with pytest.raises(InputTooLarge, match="does not fit the model's context"):
        list(model_engine.stream_chat(too_long, max_tokens=5))

    assert "".join(model_engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=5))


@pytest.fixture
def unstoppable_engine(default_model: Path, tmp_path: Path) -> Iterator[LocalEngine]:
    """An engine whose host cannot interrupt a prompt, as with a backend without the hook."""
    engine = LocalEngine(
        default_model,
        settings=TEST_SETTINGS,
        log_dir=tmp_path,
        interrupt_prompt=False,
    )
    engine.start()
    yield engine
    engine.close()


def test_a_host_that_cannot_stop_in_time_is_killed_and_respawned(
    unstoppable_engine: LocalEngine,
) -> None:
    first_pid = unstoppable_engine.info().pid
    thread, outcome = _consume_in_thread(unstoppable_engine.stream_chat(LONG_PROMPT, max_tokens=20))
    _wait_for_prompt_processing(unstoppable_engine)

    unstoppable_engine.cancel()
    thread.join(timeout=30)

    assert isinstance(outcome.get("error"), EngineCancelled)
    assert not unstoppable_engine.info().running
    reply = "".join(unstoppable_engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=5))
    assert reply
    assert unstoppable_engine.info().pid != first_pid
    assert unstoppable_engine.info().restarts == 1


def test_a_killed_host_is_a_clear_crash_and_the_next_request_respawns_it(
    model_engine: LocalEngine, db: sqlite_utils.Database
) -> None:
    with transaction(db):
        db.execute("INSERT INTO settings (key, value) VALUES ('probe', 'before')")
    pid = model_engine.info().pid
    assert pid is not None
    thread, outcome = _consume_in_thread(model_engine.stream_chat(LONG_PROMPT, max_tokens=20))
    time.sleep(0.5)

    os.kill(pid, signal.SIGKILL)
    thread.join(timeout=30)

    error = outcome.get("error")
    assert isinstance(error, EngineCrashed)
    assert "died (killed by SIGKILL)" in str(error)
    assert "next request starts a new one" in str(error)
    reply = "".join(model_engine.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=5))
    assert reply
    assert model_engine.info().pid not in (None, pid)
    # The app process and its database carry on untouched.
    fresh = open_database()
    assert fresh.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone() == ("before",)
    fresh.close()


def test_a_file_llama_cpp_cannot_load_is_a_model_error_naming_the_file(
    tmp_path: Path, tiny_gguf: Path
) -> None:
    # Structurally a valid GGUF, but not a model llama.cpp knows how to build.
    engine = LocalEngine(tiny_gguf, settings=TEST_SETTINGS, log_dir=tmp_path)

    with pytest.raises(ModelFileError, match=r"llama\.cpp could not load") as caught:
        list(engine.stream_chat([ChatMessage("user", "hi")], max_tokens=2))

    assert str(tiny_gguf) in str(caught.value)
    assert not engine.info().running
    engine.close()


def test_a_host_whose_parent_is_gone_exits_even_in_the_middle_of_a_prompt(
    default_model: Path, tmp_path: Path
) -> None:
    host = subprocess.Popen(
        [sys.executable, "-m", "app.llm.host"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "host.log").open("w"),
        text=True,
    )
    assert host.stdin is not None and host.stdout is not None
    load = {
        "op": "load",
        "model_path": str(default_model),
        "settings": TEST_SETTINGS.to_dict(),
        "interrupt_prompt": False,
    }
    host.stdin.write(json.dumps(load) + "\n")
    host.stdin.flush()
    assert json.loads(host.stdout.readline())["type"] == "ready"
    chat = {"op": "chat", "id": 1, "messages": [m.to_dict() for m in LONG_PROMPT]}
    host.stdin.write(json.dumps(chat | {"max_tokens": 5, "temperature": 0.0}) + "\n")
    host.stdin.flush()
    time.sleep(1.0)

    host.stdin.close()  # what the parent's death looks like from the host

    assert host.wait(timeout=30) == 0
