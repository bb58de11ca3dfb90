"""Run the slow scanners in a second process while the pipeline runs the other stages.

bandit and detect-secrets are pure Python, so threads would not help. On a machine with two or
more cores, a review of many Python files starts one child process at the beginning for the
stages marked `runs_in_child`; it runs them one after the other while this process runs the
others (hostile input, the rule pack, taint and policy): one core each. When this process is
done first, it takes back, last first, the child's stages that have not started yet and runs
them itself, so neither core idles while work is left (which side finishes first depends on
the code reviewed and on the machine's load). Every stage runs exactly once, in one process or
the other: the child asks before it starts each stage, and a thread here answers.

The child is started with `spawn` (never `fork`: the GUI process has threads, and a forked
copy of a Qt process is not safe), gets the decoded files over a pipe, and is terminated on
cancel. Small reviews stay in-process, where starting an interpreter (about 0.3 s) would cost
more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
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


class ChildStages:
    """Stages running one after the other in one spawned process.

    `claim(index)` takes a stage back that the child has not started; `result(index)` waits
    for one it has. A stage that raises in the child fails alone (the next one still runs),
    as in-process.
    """

    def __init__(
        self,
        stages: Sequence[Stage],
        files: Sequence[SourceFile],
        context: StageContext,
        *,
        progress_interval: float | None = None,
    ) -> None:
        """`progress_interval`: seconds between the child's progress messages (default
        PROGRESS_SECONDS, read now, so a test can change it)."""
        if not stages:
            raise ValueError("no stage to run in a child process")
        spawn = multiprocessing.get_context("spawn")
        self.names = [stage.name for stage in stages]
        self._results: dict[int, StageResult | ChildStageFailed] = {}
        self._ended: str | None = None  # why no more results will come
        self._lock = threading.Lock()
        self._started: set[int] = set()  # stages the child was allowed to start
        self._claimed: set[int] = set()  # stages taken back by this process
        # Pickled here, so that a stage that cannot be sent fails before a process starts.
        interval = PROGRESS_SECONDS if progress_interval is None else progress_interval
        work = ForkingPickler.dumps((list(stages), list(files), context.threat_model, interval))
        self._receive, send = spawn.Pipe(duplex=False)
        control, child_control = spawn.Pipe(duplex=True)
        self._process = spawn.Process(
            target=_child_main,
            args=(send, child_control),
            name="airlock-stages-" + "+".join(self.names),
            daemon=True,  # never outlives the app, even if the pipeline is abandoned
        )
        self._process.start()
        send.close()  # the child holds the only writer: EOF tells us it died
        child_control.close()  # ...and the only other end: a dead child breaks the pipe
        # The work (every file's text) goes over a pipe of our own, from a thread that then
        # answers the child's requests to start a stage. Passed as Process args the work is
        # written inside start(), while this process still holds the pipe's read end: a child
        # that died while starting left start() blocked for ever.
        self._control = threading.Thread(
            target=self._serve,
            args=(control, bytes(work)),
            name=f"{self._process.name}-control",
            daemon=True,
        )
        self._control.start()
        # Results are read as they come, so that a result larger than the pipe holds (64 KiB)
        # never keeps the child from starting its next stage while this process is busy.
        self._inbox: queue.SimpleQueue[tuple[str, int | None, Any] | None] = queue.SimpleQueue()
        self._reader = threading.Thread(
            target=self._read, name=f"{self._process.name}-reader", daemon=True
        )
        self._reader.start()

    def claim(self, index: int) -> bool:
        """Take stage `index` back to run it in this process: True unless the child has
        started it (it then never will)."""
        with self._lock:
            if index in self._started:
                return False
            self._claimed.add(index)
            return True

    def _serve(self, connection: Connection, work: bytes) -> None:
        """Send the work, then answer the child's ("start", index): may it run that stage?"""
        try:
            connection.send_bytes(work)
            while True:
                _, index = connection.recv()
                with self._lock:
                    allowed = index not in self._claimed
                    if allowed:
                        self._started.add(index)
                connection.send(allowed)
        except (EOFError, OSError):  # the child is done, died or was stopped
            log.debug("stage process %s no longer asks", self._process.name)
        finally:
            connection.close()

    def _read(self) -> None:
        """Move the child's messages into the inbox; None once it has closed its end."""
        try:
            while True:
                self._inbox.put(self._receive.recv())
        except (EOFError, OSError):  # done, died or stopped
            pass
        except Exception:  # a reply that cannot be read: the stages still to come fail
            log.warning("unreadable reply from %s", self._process.name, exc_info=True)
        finally:
            self._inbox.put(None)
            self._receive.close()

    def result(
        self,
        index: int,
        should_cancel: Callable[[], bool],
        *,
        on_file: Callable[[int, int], None] = no_file_progress,
    ) -> StageResult:
        """Wait for the result of stage `index` (one not claimed), passing on its progress
        (files done, of how many). The process is stopped on cancel and on failure."""
        try:
            while index not in self._results and self._ended is None:
                self._receive_one(index, should_cancel, on_file)
        except BaseException:
            self.stop()
            raise
        outcome = self._results.pop(index, None)
        if outcome is None:  # the process ended before this stage reported
            self.stop()
            raise ChildStageFailed(f"{self.names[index]}: {self._ended}")
        if isinstance(outcome, ChildStageFailed):
            raise outcome
        return outcome

    def _receive_one(
        self, index: int, should_cancel: Callable[[], bool], on_file: Callable[[int, int], None]
    ) -> None:
        try:
            message = self._inbox.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if should_cancel():
                raise OperationCancelled("review cancelled") from None
            return
        if message is None:
            self._ended = "its process ended without a result"
            return
        status, place, payload = message
        if status == "progress":
            if place == index:
                on_file(*payload)
        elif place is None:  # the child failed before any stage ran
            self._ended = str(payload)
        elif status == "ok" and isinstance(payload, StageResult):
            self._results[place] = payload
        else:
            reply = f"unexpected reply {type(payload).__name__}" if status == "ok" else payload
            self._results[place] = ChildStageFailed(f"{self.names[place]}: {reply}")
        if should_cancel():
            raise OperationCancelled("review cancelled")

    def stop(self) -> None:
        """End the child (a no-op once it has exited); its pipe then closes."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)
        self._reader.join(timeout=5)


class ChildStage:
    """One stage in a spawned process; `result()` waits for it, then ends the process."""

    def __init__(
        self,
        stage: Stage,
        files: Sequence[SourceFile],
        context: StageContext,
        *,
        progress_interval: float | None = None,
    ) -> None:
        self.name = stage.name
        self._stages = ChildStages([stage], files, context, progress_interval=progress_interval)
        self._process = self._stages._process

    def result(
        self,
        should_cancel: Callable[[], bool],
        *,
        on_file: Callable[[int, int], None] = no_file_progress,
    ) -> StageResult:
        """Wait for the child's result, passing on its progress (files done, of how many)."""
        try:
            return self._stages.result(0, should_cancel, on_file=on_file)
        finally:
            self.stop()

    def stop(self) -> None:
        self._stages.stop()


class _ProgressSender:
    """A stage's `on_file` in the child: ("progress", place, (done, total)) to the parent,
    a few times a second at most (the parent passes them on only once it waits for that
    stage; until then they wait in its inbox)."""

    def __init__(self, send: Connection, place: int, interval: float) -> None:
        self._send = send
        self._place = place
        self._interval = interval
        self._last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._send.send(("progress", self._place, (done, total)))


def _child_main(send: Connection, control: Connection) -> None:
    try:
        try:
            stages, files, threat_model, interval = control.recv()
        except BaseException as exc:  # the parent reports it; a child has no one else to tell
            send.send(("error", None, f"{type(exc).__name__}: {exc}"))
            return
        for place, stage in enumerate(stages):
            control.send(("start", place))
            if not control.recv():  # the parent took this stage back
                continue
            context = StageContext(
                threat_model=threat_model, on_file=_ProgressSender(send, place, interval)
            )
            reply: tuple[str, int, Any]
            try:
                reply = ("ok", place, stage.run(files, context))
            except Exception as exc:  # this stage fails; the next one still runs
                reply = ("error", place, f"{type(exc).__name__}: {exc}")
            except BaseException as exc:  # e.g. SystemExit: this stage fails, the rest too
                send.send(("error", place, f"{type(exc).__name__}: {exc}"))
                return
            send.send(reply)
    finally:
        send.close()
        control.close()
