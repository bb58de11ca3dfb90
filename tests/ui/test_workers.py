"""Workers: one outcome per job, batched text, cancel between fragments, join on shutdown."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.core.errors import ModelNotInstalled
from app.llm.engine import Progress
from app.ui.workers import JobContext, Outcome, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(5_000)


def finish(qtbot: QtBot, runner: TaskRunner, name: str, job: object) -> list[Outcome]:
    outcomes: list[Outcome] = []
    task = runner.start(name, job)  # type: ignore[arg-type]
    task.finished.connect(outcomes.append)
    qtbot.waitUntil(lambda: not runner.running(name))
    return outcomes


def test_a_job_that_returns_finishes_once_with_its_value(qtbot: QtBot, runner: TaskRunner) -> None:
    outcomes = finish(qtbot, runner, "sum", lambda ctx: 1 + 2)
    assert [(o.status, o.value) for o in outcomes] == [("ok", 3)]


def test_an_airlock_error_becomes_a_failed_outcome_with_its_message(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def job(ctx: JobContext) -> None:
        raise ModelNotInstalled("model x is not installed")

    outcomes = finish(qtbot, runner, "fail", job)
    assert [o.status for o in outcomes] == ["failed"]
    assert outcomes[0].message == "model x is not installed"


def test_an_unexpected_exception_is_reported_not_swallowed(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def job(ctx: JobContext) -> None:
        raise KeyError("boom")

    outcomes = finish(qtbot, runner, "bug", job)
    assert outcomes[0].status == "failed"
    assert "KeyError" in outcomes[0].message


def test_streamed_fragments_arrive_in_fewer_batches_with_nothing_lost(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    fragments = [f"token{n} " for n in range(5000)]
    batches: list[str] = []
    task = runner.start("stream", lambda ctx: ctx.drain(iter(fragments)))
    task.streamed.connect(batches.append)
    with qtbot.waitSignal(task.finished) as finished:
        pass
    qtbot.waitUntil(lambda: not runner.running())
    assert "".join(batches) == "".join(fragments)
    assert len(batches) < len(fragments)
    assert finished.args[0].value == "".join(fragments)


def test_cancel_stops_a_stream_between_fragments_and_closes_it(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    closed = threading.Event()
    started = threading.Event()

    def endless() -> Iterator[str]:
        try:
            while True:
                started.set()
                yield "x"
        finally:
            closed.set()

    outcomes: list[Outcome] = []
    task = runner.start("endless", lambda ctx: ctx.drain(endless()))
    task.finished.connect(outcomes.append)
    qtbot.waitUntil(started.is_set)
    task.cancel()
    qtbot.waitUntil(lambda: not runner.running())
    assert [o.status for o in outcomes] == ["cancelled"]
    assert closed.is_set()


def test_cancel_runs_the_hooks_off_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    released = threading.Event()
    hook_threads: list[str] = []

    def hook() -> None:
        hook_threads.append(threading.current_thread().name)
        released.set()

    def job(ctx: JobContext) -> str:
        ctx.on_cancel(hook)
        released.wait(10)
        return "stopped"

    task = runner.start("blocked", job)
    qtbot.waitUntil(lambda: bool(task._context._hooks))
    task.cancel()
    qtbot.waitUntil(lambda: not runner.running())
    assert task.outcome is not None and task.outcome.cancelled
    assert hook_threads and hook_threads[0] != threading.main_thread().name


def test_progress_is_throttled_but_the_last_report_always_arrives(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def job(ctx: JobContext) -> None:
        for done in range(1, 2001):
            ctx.progress(Progress("verify", done, 2000, "model.gguf"))

    seen: list[Progress] = []
    task = runner.start("hash", job)
    task.progressed.connect(seen.append)
    qtbot.waitUntil(lambda: not runner.running())
    assert 1 <= len(seen) < 2000
    assert seen[-1].done == 2000


def test_shutdown_cancels_and_joins_every_running_job(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def job(ctx: JobContext) -> None:
        started.set()
        while not ctx.should_cancel():
            threading.Event().wait(0.001)

    runner.start("a", job)
    runner.start("b", job)
    qtbot.waitUntil(started.is_set)
    assert runner.shutdown(5_000)
    assert not runner.running()


def test_when_finished_callbacks_run_once_after_the_finished_slots_even_if_one_fails(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[tuple[str, object]] = []

    def broken(outcome: Outcome) -> None:
        raise ValueError("a callback bug")

    task = runner.start("then", lambda ctx: "done")
    task.finished.connect(lambda outcome: calls.append(("slot", outcome.value)))
    task.when_finished(broken)
    task.when_finished(lambda outcome: calls.append(("callback", outcome.value)))
    qtbot.waitUntil(lambda: not runner.running("then"))
    assert calls == [("slot", "done"), ("callback", "done")]
    assert "a callback of task then failed" in caplog.text
