"""What every real engine shares: one request at a time, cancellable from any thread.

A model host (or an inference server connection) serves one reply at a time: a second
request while one streams is refused with a clear error rather than queued, so that the UI's
Cancel always refers to the request the user sees. The request becomes "current" when
`stream_chat` is called, not when its iterator is first advanced, so that a cancel() right
after the call already applies to it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, Self, TypeVar

from app.core.errors import EngineError

BUSY = "the engine is busy with another request; cancel it first"

RequestT = TypeVar("RequestT")


class OneRequestAtATime(Generic[RequestT]):
    """The busy lock, the current request and the context manager of an engine."""

    def __init__(self) -> None:
        self._busy = threading.Lock()
        # Guards `_current` and whatever a subclass reads together with it (its host,
        # its connection) so that cancel() sees a consistent pair.
        self._state = threading.Lock()
        self._current: RequestT | None = None

    def _claim(self, request: RequestT) -> None:
        """Make `request` current, or refuse it while another one runs."""
        with self._state:
            if self._busy.locked():
                raise EngineError(BUSY)
            self._current = request

    @contextmanager
    def _serving(self, request: RequestT) -> Iterator[None]:
        """Hold the engine for `request` while its reply streams; release it however it ends."""
        if not self._busy.acquire(blocking=False):
            raise EngineError(BUSY)
        try:
            with self._state:
                self._current = request
            yield
        finally:
            with self._state:
                if self._current is request:
                    self._current = None
            self._busy.release()

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
