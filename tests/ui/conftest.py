"""GUI test fixtures: a QThread-leak guard, FakeEngines, a predictable review stage, a window.

The guard records every QThread the app's workers start (app.ui.workers is the only place
that creates them) and fails the test if one is still running after teardown, that is after
pytest-qt has closed the test's widgets, which cancels and joins their workers; napari's
test suite has the same kind of guard.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.core.errors import EngineCancelled, EngineError
from app.core.findings import Severity
from app.core.review_service import ModelChoice
from app.llm.engine import ChatMessage, RequestTiming
from app.llm.fake import FakeEngine
from app.ui.engines import CancelFn, ProgressFn
from app.ui.main_window import MainWindow
from tests.pattern_stage import PatternStage

_started: list[QThread] = []


class _RecordedThread(QThread):
    """The QThread the workers use, noting each one it starts."""

    def start(self, *args: Any) -> None:
        _started.append(self)
        super().start(*args)


@pytest.fixture(autouse=True)
def collect_garbage_normally() -> Iterator[None]:
    """A window's warm-up freezes start-up objects out of collection; undo it per test."""
    yield
    gc.enable()
    gc.unfreeze()


@pytest.fixture(autouse=True)
def record_qthreads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every QThread of the app is started by app.ui.workers; record them all."""
    monkeypatch.setattr("app.ui.workers.QThread", _RecordedThread)


def _still_running() -> list[str]:
    running = []
    for thread in _started:
        try:
            if thread.isRunning():
                running.append(thread.objectName() or repr(thread))
                thread.wait(10_000)  # let it end, so that it cannot crash the next test
        except RuntimeError:  # the C++ object is gone: it had finished
            continue
    _started.clear()
    return running


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    result = yield
    leaked = _still_running()
    if leaked:
        pytest.fail(f"QThread(s) still running after the test: {', '.join(leaked)}")
    return result


class FakeEngines:
    """An EngineSource of FakeEngines: one for generating, one for reviewing.

    A test may swap `generator` for a HangingEngine to hold a generation open.
    """

    def __init__(self) -> None:
        self.generator = FakeEngine(model_id="fake-coder")
        self.reviewer = FakeEngine(model_id="fake-reviewer", default_reply="NONE")
        self.failure: EngineError | None = None
        self.choices: list[str] = []
        self.closed = False

    def choice(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        self.choices.append(role)
        if self.failure is not None:
            raise self.failure
        engine = self.generator if role == "generate" else self.reviewer
        return ModelChoice(engine, engine.model_id, None)

    def warm(self, role: str, *, progress: ProgressFn, should_cancel: CancelFn) -> ModelChoice:
        return self.choice(role, progress=progress, should_cancel=should_cancel)

    def last_timing(self) -> RequestTiming | None:
        return self.generator.info().last_timing

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_engines() -> FakeEngines:
    return FakeEngines()


class HangingEngine(FakeEngine):
    """Streams a first fragment, then waits until cancelled: a generation that never ends."""

    def _play(self, script: Any, messages: Sequence[ChatMessage]) -> Iterator[str]:
        yield "```python\n# file: app.py\nimport os\n"
        self._cancel.wait()
        raise EngineCancelled("the request was cancelled")


# -- a predictable review -------------------------------------------------------------------

# (pattern, rule id, title, CWE, severity): one finding per matching line.
PATTERNS = (
    (r"debug\s*=\s*True", "test.debug", "Debug mode on", 489, Severity.MEDIUM),
    (r"\.filename\)", "test.client-name", "Client file name used as a path", 22, Severity.HIGH),
)


@pytest.fixture
def pattern_review(monkeypatch: pytest.MonkeyPatch) -> None:
    """The review pipeline runs for real, with PatternStage as its deterministic part."""
    monkeypatch.setattr(
        "app.core.review.deterministic_stages",
        lambda _groups: [PatternStage(PATTERNS, why="it matters")],
    )


UPLOAD_REPLY = """Here is the endpoint.

```python
# file: app.py
import os
from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    picture = request.files["picture"]
    picture.save(os.path.join(UPLOADS, picture.filename))
    return "ok"


if __name__ == "__main__":
    app.run(debug=True)
```
"""

FIXED_REPLY = UPLOAD_REPLY.replace("debug=True", "debug=False")


# -- the window -----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, fake_engines: FakeEngines, pattern_review: None) -> MainWindow:
    """The real main window with fake engines, shown, its start-up jobs finished."""
    main = MainWindow(engines=fake_engines)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: not main.runner.running())
    return main


@pytest.fixture
def project(window: MainWindow, qtbot: QtBot) -> str:
    """A web-api project, created through the window."""
    window.create_project("shop", "web-api")
    qtbot.waitUntil(lambda: window.projects.current() == "shop")
    return "shop"
