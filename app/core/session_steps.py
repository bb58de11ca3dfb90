"""Running one step of a generation session: stream the model, record how the step ended.

A session's timeline (`timings["steps"]`) gets one entry per step: what ran, how long it
took, what it cost the engine and how it ended. A step that fails or is cancelled is
recorded too, so the session keeps what was done so far and says where it stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from app.core.errors import AirlockError, EngineCancelled, OperationCancelled
from app.llm.engine import ChatMessage, Engine, Progress
from app.store import sessions as repo
from app.store.db import transaction

log = logging.getLogger(__name__)

Step = dict[str, Any]


def never() -> bool:
    return False


def discard(_: str) -> None:
    return None


def ignore_progress(_: Progress) -> None:
    return None


def new_step(name: str, **details: Any) -> Step:
    return {"step": name, **details, "_started": time.monotonic()}


def record_step(db: sqlite_utils.Database, session_id: int, step: Step, *, status: str) -> None:
    """Append the step to the timeline and set the session's status. Call in transaction()."""
    started = step.pop("_started", None)
    if started is not None:
        step["seconds"] = round(time.monotonic() - started, 3)
    step.setdefault("status", "ok")
    repo.add_step(db, session_id, step)
    repo.set_status(db, session_id, status)


@contextmanager
def failure_recorded(db: sqlite_utils.Database, session_id: int, step: Step) -> Iterator[Step]:
    """Record the step as failed or cancelled if the block raises, then re-raise."""
    try:
        yield step
    except BaseException as exc:
        outcome = "cancelled" if _is_cancel(exc) else "failed"
        step.update(status=outcome, error=_describe(exc))
        _record_quietly(db, session_id, step, outcome)
        raise


def _is_cancel(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt | OperationCancelled | EngineCancelled)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "cancelled by the user"
    if isinstance(exc, AirlockError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _record_quietly(db: sqlite_utils.Database, session_id: int, step: Step, status: str) -> None:
    # The original error is what the user must see; a second one while recording it is logged.
    try:
        with transaction(db):
            record_step(db, session_id, step, status=status)
    except Exception:
        log.warning("could not record the %s step of session %s", step.get("step"), session_id,
                    exc_info=True)  # fmt: skip


def stream_reply(
    engine: Engine,
    messages: Sequence[ChatMessage],
    *,
    max_tokens: int,
    temperature: float,
    on_fragment: Callable[[str], None] = discard,
    should_cancel: Callable[[], bool] = never,
) -> str:
    """The model's whole reply, passing each fragment on as it comes; cancellable."""
    fragments = engine.stream_chat(messages, max_tokens=max_tokens, temperature=temperature)
    parts: list[str] = []
    try:
        for fragment in fragments:
            if should_cancel():
                engine.cancel()
                raise OperationCancelled("generation cancelled")
            parts.append(fragment)
            on_fragment(fragment)
    finally:
        if isinstance(fragments, Generator):
            fragments.close()  # releases the engine even when the consumer stops early
    return "".join(parts)


def engine_timing(engine: Engine) -> dict[str, float | int] | None:
    timing = engine.info().last_timing
    return timing.to_dict() if timing is not None else None
