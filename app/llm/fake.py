"""FakeEngine: a scripted Engine for unit tests of the core and the UI.

Enqueue replies (or errors) and the engine plays them back in order, recording every request,
in the manner of simonw/llm's mock model. It refuses to exist outside tests or an explicit dev
opt-in, so a misconfiguration can never ship canned answers as a security review.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from app.core.errors import EngineCancelled, EngineError
from app.llm.engine import ChatMessage, EngineInfo, EngineSettings, RequestTiming

DEV_ENV = "AIRLOCK_ALLOW_FAKE_ENGINE"


@dataclass(frozen=True)
class FakeRequest:
    messages: tuple[ChatMessage, ...]
    max_tokens: int
    temperature: float
    stop: tuple[str, ...]


@dataclass
class _Script:
    fragments: list[str] | None = None
    error: EngineError | None = None


@dataclass
class FakeEngine:
    """Plays enqueued replies; an empty queue answers with `default_reply`."""

    default_reply: str = "OK"
    model_id: str = "fake"
    requests: list[FakeRequest] = field(default_factory=list)
    _script: deque[_Script] = field(default_factory=deque)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _last_timing: RequestTiming | None = None
    closed: bool = False

    def __post_init__(self) -> None:
        if "pytest" not in sys.modules and os.environ.get(DEV_ENV) != "1":
            raise RuntimeError(f"FakeEngine is for tests only (set {DEV_ENV}=1 for dev work)")

    # -- scripting ----------------------------------------------------------------------

    def enqueue(self, reply: str | Sequence[str]) -> FakeEngine:
        """Queue a reply: a string is split into word fragments, a list is used as given."""
        fragments = _split(reply) if isinstance(reply, str) else list(reply)
        self._script.append(_Script(fragments=fragments))
        return self

    def enqueue_error(self, error: EngineError) -> FakeEngine:
        """Queue a failure, e.g. EngineCrashed, raised after the request is recorded."""
        self._script.append(_Script(error=error))
        return self

    # -- Engine protocol ----------------------------------------------------------------

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        self._cancel.clear()
        self.requests.append(FakeRequest(tuple(messages), max_tokens, temperature, tuple(stop)))
        script = self._script.popleft() if self._script else _Script(_split(self.default_reply))
        return self._play(script, messages)

    def cancel(self) -> None:
        self._cancel.set()

    def info(self) -> EngineInfo:
        return EngineInfo(
            model_id=self.model_id,
            model_path="(fake)",
            settings=EngineSettings(threads=1),
            running=not self.closed,
            chat_format="fake",
            last_timing=self._last_timing,
        )

    def close(self) -> None:
        self.closed = True

    def _play(self, script: _Script, messages: Sequence[ChatMessage]) -> Iterator[str]:
        if script.error is not None:
            raise script.error
        prompt_tokens = sum(len(message.content.split()) for message in messages)
        produced = 0
        for fragment in script.fragments or []:
            if self._cancel.is_set():
                raise EngineCancelled("the request was cancelled")
            produced += 1
            yield fragment
        self._last_timing = RequestTiming(
            prompt_tokens=prompt_tokens,
            cached_tokens=0,
            completion_tokens=produced,
            ttft_s=0.0,
            generation_s=0.0,
            total_s=0.0,
        )


def _split(text: str) -> list[str]:
    return re.findall(r"\S+\s*|\s+", text)
