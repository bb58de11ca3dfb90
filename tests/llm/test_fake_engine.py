"""The FakeEngine test double speaks the Engine protocol and plays back what tests enqueue."""

from __future__ import annotations

import pytest

from app.core.errors import EngineCancelled, EngineCrashed
from app.llm.engine import ChatMessage, Engine
from app.llm.fake import FakeEngine

QUESTION = [ChatMessage("system", "You review code."), ChatMessage("user", "Any SQL injection?")]


def test_the_fake_engine_satisfies_the_engine_protocol() -> None:
    assert isinstance(FakeEngine(), Engine)


def test_enqueued_replies_stream_in_order_and_requests_are_recorded() -> None:
    engine = FakeEngine().enqueue("NO finding here").enqueue(["YES", " line 3"])

    first = list(engine.stream_chat(QUESTION, max_tokens=20, temperature=0.0, stop=["\n\n"]))
    second = "".join(engine.stream_chat(QUESTION))

    assert first == ["NO ", "finding ", "here"]
    assert second == "YES line 3"
    assert engine.requests[0].messages == tuple(QUESTION)
    assert engine.requests[0].stop == ("\n\n",)
    timing = engine.info().last_timing
    assert timing is not None and timing.completion_tokens == 2


def test_an_empty_queue_answers_with_the_default_reply() -> None:
    assert "".join(FakeEngine(default_reply="fine").stream_chat(QUESTION)) == "fine"


def test_an_enqueued_crash_is_raised_to_the_consumer() -> None:
    engine = FakeEngine().enqueue_error(EngineCrashed("host died"))

    with pytest.raises(EngineCrashed):
        list(engine.stream_chat(QUESTION))


def test_cancel_stops_the_stream_between_fragments() -> None:
    engine = FakeEngine().enqueue(["a", "b", "c"])
    stream = engine.stream_chat(QUESTION)

    assert next(stream) == "a"
    engine.cancel()
    with pytest.raises(EngineCancelled):
        next(stream)


def test_the_fake_engine_refuses_to_exist_outside_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(__import__("sys").modules, "pytest")
    monkeypatch.delenv("AIRLOCK_ALLOW_FAKE_ENGINE", raising=False)

    with pytest.raises(RuntimeError, match="for tests only"):
        FakeEngine()
