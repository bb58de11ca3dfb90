"""Running core jobs off the GUI thread: a QObject worker on a QThread, with cancel and batching.

A job is a plain callable `job(context) -> value`. It runs on its own QThread; the context
gives it `should_cancel()`, `progress(Progress)` (throttled) and `emit(fragment)` (batched
into one signal every ~30 ms rather than one per token), and `drain(iterator)` for core
iterators, which checks the cancel event between fragments and always closes the iterator.
Whatever happens, the worker emits `finished(Outcome)` exactly once.

`Task` lives on the GUI thread and re-emits the worker's signals there, so callers may
connect plain functions. `TaskRunner` keeps every task until its QThread has finished, and
`shutdown()` cancels and joins them all (MainWindow.closeEvent calls it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from app.core.errors import AirlockError, EngineCancelled, OperationCancelled
from app.llm.engine import Progress

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.03
PROGRESS_SECONDS = 0.05

Status = Literal["ok", "cancelled", "failed"]


@dataclass(frozen=True)
class Outcome:
    """How a job ended: its value, or that it was cancelled, or the error it raised."""

    name: str
    status: Status
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def message(self) -> str:
        if self.error is None:
            return ""
        if isinstance(self.error, AirlockError):
            return str(self.error)
        return f"internal error ({type(self.error).__name__}: {self.error})"


class JobContext:
    """What a running job may use; safe to call from the worker thread only."""

    def __init__(
        self,
        cancel_event: threading.Event,
        *,
        on_text: Callable[[str], None],
        on_progress: Callable[[Progress], None],
    ) -> None:
        self._cancel = cancel_event
        self._on_text = on_text
        self._on_progress = on_progress
        self._buffer: list[str] = []
        self._last_flush = 0.0
        self._last_progress: tuple[float, str, str] = (0.0, "", "")
        self._hooks: list[Callable[[], None]] = []
        self._hooks_lock = threading.Lock()

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    def check_cancel(self) -> None:
        if self._cancel.is_set():
            raise OperationCancelled("cancelled")

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Call `hook` when cancel is requested (e.g. engine.cancel, which may block briefly).

        Hooks run on a helper thread, never on the GUI thread; if cancel was already
        requested the hook runs now.
        """
        with self._hooks_lock:
            if not self._cancel.is_set():
                self._hooks.append(hook)
                return
        hook()

    def take_hooks(self) -> list[Callable[[], None]]:
        with self._hooks_lock:
            hooks, self._hooks = self._hooks, []
        return hooks

    def progress(self, progress: Progress) -> None:
        """Pass progress on, at most every 50 ms unless the stage changes or it completes."""
        now = time.monotonic()
        last_time, last_stage, last_message = self._last_progress
        same = (progress.stage, progress.message) == (last_stage, last_message)
        complete = progress.total is not None and progress.done >= progress.total
        if same and not complete and now - last_time < PROGRESS_SECONDS:
            return
        self._last_progress = (now, progress.stage, progress.message)
        self._on_progress(progress)

    def emit(self, fragment: str) -> None:
        """Queue a text fragment; the batch goes out when ~30 ms have passed since the last."""
        self._buffer.append(fragment)
        now = time.monotonic()
        if now - self._last_flush >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            text, self._buffer = "".join(self._buffer), []
            self._on_text(text)
        self._last_flush = time.monotonic()

    def drain(self, fragments: Iterator[str]) -> str:
        """Consume a core iterator of fragments, emitting them; returns the whole text."""
        parts: list[str] = []
        try:
            for fragment in fragments:
                self.check_cancel()
                parts.append(fragment)
                self.emit(fragment)
        finally:
            close = getattr(fragments, "close", None)
            if close is not None:
                close()  # releases the engine even when we stop early
            self.flush()
        return "".join(parts)


Job = Callable[[JobContext], Any]


class Worker(QObject):
    """Runs one job on its thread. Emits `finished` exactly once."""

    progressed = Signal(object)
    streamed = Signal(str)
    finished = Signal(object)

    def __init__(self, name: str, job: Job, cancel_event: threading.Event) -> None:
        super().__init__()
        self.name = name
        self._job = job
        self.context = JobContext(
            cancel_event, on_text=self.streamed.emit, on_progress=self.progressed.emit
        )

    @Slot()
    def run(self) -> None:
        outcome = Outcome(self.name, "failed", error=RuntimeError("the job did not finish"))
        try:
            value = self._job(self.context)
            if self.context.should_cancel():
                outcome = Outcome(self.name, "cancelled", value=value)
            else:
                outcome = Outcome(self.name, "ok", value=value)
        except (OperationCancelled, EngineCancelled) as exc:
            outcome = Outcome(self.name, "cancelled", error=exc)
        except AirlockError as exc:
            log.info("job %s failed: %s", self.name, exc)
            outcome = Outcome(self.name, "failed", error=exc)
        except Exception as exc:  # shown in the banner; never swallowed inside the thread
            log.exception("job %s raised", self.name)
            outcome = Outcome(self.name, "failed", error=exc)
        finally:
            try:
                self.context.flush()
            finally:
                self.finished.emit(outcome)


class Task(QObject):
    """One running job as the GUI thread sees it; its signals arrive on the GUI thread."""

    progressed = Signal(object)
    streamed = Signal(str)
    finished = Signal(object)
    stopped = Signal()  # the thread has ended; the task may be forgotten

    def __init__(self, name: str, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.outcome: Outcome | None = None
        self._cancel = threading.Event()
        self._helpers: list[threading.Thread] = []
        self._then: list[Callable[[Outcome], None]] = []
        self._thread = QThread(self)
        self._thread.setObjectName(f"airlock-{name}")
        self._worker = Worker(name, job, self._cancel)
        self._context = self._worker.context
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.streamed.connect(self._on_text)
        self._worker.finished.connect(self._on_finished)
        # Direct: quit from the worker thread, so a GUI thread blocked in wait() still ends it.
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        self._thread.start()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning() or self.outcome is None

    def thread_finished(self) -> bool:
        return self._thread.isFinished()

    def cancel(self) -> None:
        """Ask the job to stop; engine hooks run on a helper thread (they may wait briefly)."""
        if self._cancel.is_set():
            return
        self._cancel.set()
        hooks = self._context.take_hooks()
        if hooks:
            helper = threading.Thread(
                target=_run_hooks, args=(hooks,), name=f"cancel-{self.name}", daemon=True
            )
            self._helpers.append(helper)
            helper.start()

    def wait(self, timeout_ms: int) -> bool:
        """Block until the thread ends (shutdown only); True when it did."""
        deadline = time.monotonic() + timeout_ms / 1000
        for helper in self._helpers:
            helper.join(max(0.0, deadline - time.monotonic()))
        remaining = max(0, int((deadline - time.monotonic()) * 1000))
        return self._thread.wait(remaining) if self._thread.isRunning() else True

    @Slot(object)
    def _on_progress(self, progress: object) -> None:
        self.progressed.emit(progress)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self.streamed.emit(text)

    def when_finished(self, callback: Callable[[Outcome], None]) -> None:
        """Call `callback(outcome)` on the GUI thread once the job ends, after `finished`'s
        slots. Use this, not `finished.connect(lambda ...)`, for a callback that carries
        context: a lambda connected to a signal of this short-lived object is what crashed
        the interpreter when the garbage collector met it later (the callback here is a
        plain Python call from this object's own slot)."""
        self._then.append(callback)

    @Slot(object)
    def _on_finished(self, outcome: object) -> None:
        assert isinstance(outcome, Outcome)
        self.outcome = outcome
        self.finished.emit(outcome)
        callbacks, self._then = self._then, []
        for callback in callbacks:
            try:
                callback(outcome)
            except Exception:  # one failing callback must not stop the others
                log.exception("a callback of task %s failed", self.name)

    @Slot()
    def _on_thread_finished(self) -> None:
        self.stopped.emit()


def _run_hooks(hooks: list[Callable[[], None]]) -> None:
    for hook in hooks:
        try:
            hook()
        except Exception:
            log.warning("a cancel hook failed", exc_info=True)


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until their thread has finished."""

    changed = Signal()  # a task started or ended: update busy indicators

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: list[Task] = []
        self._closed = False

    def start(self, name: str, job: Job) -> Task:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        task = Task(name, job, self)
        self._tasks.append(task)
        task.stopped.connect(self._on_task_stopped)
        task.start()
        self.changed.emit()
        return task

    def running(self, name: str | None = None) -> list[Task]:
        return [t for t in self._tasks if name is None or t.name == name]

    def is_busy(self, *names: str) -> bool:
        return any(t.outcome is None for t in self._tasks if not names or t.name in names)

    def cancel(self, *names: str) -> None:
        for task in list(self._tasks):
            if not names or task.name in names:
                task.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every task and join its thread; True when all stopped in time."""
        self._closed = True
        self.cancel()
        stopped = all(task.wait(timeout_ms) for task in list(self._tasks))
        for task in list(self._tasks):
            if task.thread_finished():
                self._forget(task)
        return stopped

    @Slot()
    def _on_task_stopped(self) -> None:
        # A slot of ours, not a lambda holding the task. With the lambda, about one run in
        # ten of tests/ui/test_history_view.py crashed in Qt's event delivery (SIGSEGV or
        # "pure virtual method called"); never with Python's cycle collector disabled, and
        # never in 70 runs with this slot. Our reading: PySide keeps a connected lambda in a
        # receiver object of its own, and the collector, which runs on any thread, freed
        # that receiver while the GUI thread was delivering an event to it.
        task = self.sender()
        if isinstance(task, Task):
            self._forget(task)

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
            task.deleteLater()
            self.changed.emit()
