"""Run one deterministic stage in a second process while the pipeline runs the others.

bandit is the slowest deterministic stage (about 40% of a folder review) and pure Python, so
threads would not help. On a machine with two or more cores, a review of many Python files
starts bandit in a child process at the beginning and collects its result after the other
stages: the two halves of the work overlap. The child is started with `spawn` (never `fork`:
the GUI process has threads, and a forked copy of a Qt process is not safe), gets the decoded
files over a pipe, and is terminated on cancel. Small reviews stay in-process, where starting
an interpreter (about 0.3 s) would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from app.core.errors import OperationCancelled
from app.core.findings import StageResult
from app.core.sources import SourceFile
from app.scan.base import Stage, StageContext, no_file_progress

log = logging.getLogger(__name__)

# Below this many Python files the in-process run is faster than starting a child.
MIN_PYTHON_FILES = 32
_POLL_SECONDS = 0.05
PROGRESS_SECONDS = 0.25


class ChildStageFailed(Exception):
    """The child process died or could not report a result."""


def worth_offloading(stage: Stage, files: Sequence[SourceFile]) -> bool:
    if not getattr(stage, "runs_in_child", False):
        return False
    if (os.cpu_count() or 1) < 2 or os.environ.get("AIRLOCK_NO_CHILD_STAGES"):
        return False
    return sum(1 for f in files if f.language == "python") >= MIN_PYTHON_FILES


class ChildStage:
    """A stage running in a spawned process; `result()` waits for it."""

    def __init__(
        self,
        stage: Stage,
        files: Sequence[SourceFile],
        context: StageContext,
        *,
        progress_interval: float | None = None,
    ) -> None:
        """`progress_interval`: seconds between the child's progress messages (default
        PROGRESS_SECONDS, read now, so a test can change it)."""
        spawn = multiprocessing.get_context("spawn")
        self.name = stage.name
        # Pickled here, so that a stage that cannot be sent fails before a process starts.
        interval = PROGRESS_SECONDS if progress_interval is None else progress_interval
        work = ForkingPickler.dumps((stage, list(files), context.threat_model, interval))
        self._receive, send = spawn.Pipe(duplex=False)
        work_receive, work_send = spawn.Pipe(duplex=False)
        self._process = spawn.Process(
            target=_child_main,
            args=(send, work_receive),
            name=f"airlock-stage-{stage.name}",
            daemon=True,  # never outlives the app, even if the pipeline is abandoned
        )
        self._process.start()
        send.close()  # the child holds the only writer: EOF tells us it died
        work_receive.close()  # ...and the only reader: a dead child breaks the pipe
        # The work (every file's text) goes over a pipe of our own, from a thread. Passed as
        # Process args it is written inside start(), while this process still holds the
        # pipe's read end: a child that died while starting left start() blocked for ever.
        self._sender = threading.Thread(
            target=_send_work,
            args=(work_send, bytes(work)),
            name=f"airlock-stage-{stage.name}-sender",
            daemon=True,
        )
        self._sender.start()

    def result(
        self,
        should_cancel: Callable[[], bool],
        *,
        on_file: Callable[[int, int], None] = no_file_progress,
    ) -> StageResult:
        """Wait for the child's result, passing on its progress (files done, of how many)."""
        try:
            while True:
                while not self._receive.poll(_POLL_SECONDS):
                    if should_cancel():
                        raise OperationCancelled("review cancelled")
                status, payload = self._receive.recv()
                if status != "progress":
                    break
                on_file(*payload)
                if should_cancel():
                    raise OperationCancelled("review cancelled")
        except EOFError:
            raise ChildStageFailed(f"{self.name}: its process ended without a result") from None
        finally:
            self.stop()
        if status != "ok":
            raise ChildStageFailed(f"{self.name}: {payload}")
        if not isinstance(payload, StageResult):
            raise ChildStageFailed(f"{self.name}: unexpected reply {type(payload).__name__}")
        return payload

    def stop(self) -> None:
        """End the child (a no-op once it has exited) and release the pipe."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)
        self._receive.close()


class _ProgressSender:
    """The child's `on_file`: ("progress", (done, total)) to the parent, a few times a
    second at most. The parent reads them only once it waits for this stage, so they must
    stay few: a pipe holds 64 KiB before a writer blocks."""

    def __init__(self, send: Connection, interval: float) -> None:
        self._send = send
        self._interval = interval
        self._last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._send.send(("progress", (done, total)))


def _send_work(connection: Connection, work: bytes) -> None:
    try:
        connection.send_bytes(work)
    except OSError:  # the child died or was stopped: result() reports it
        log.debug("stage process gone before it took its work")
    finally:
        connection.close()


def _child_main(send: Connection, work: Connection) -> None:
    reply: tuple[str, Any]
    try:
        stage, files, threat_model, interval = work.recv()
        work.close()
        context = StageContext(threat_model=threat_model, on_file=_ProgressSender(send, interval))
        reply = ("ok", stage.run(files, context))
    except BaseException as exc:  # the parent reports it; a child has no one else to tell
        reply = ("error", f"{type(exc).__name__}: {exc}")
    try:
        send.send(reply)
    finally:
        send.close()
