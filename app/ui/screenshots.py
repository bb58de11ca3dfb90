"""`airlock-gui --screenshot FOLDER`: PNGs of the main views with a demo project, then quit.

Everything happens in a temporary AIRLOCK_HOME, so the user's data is never touched. The
demo session's code comes from a canned reply (there may be no model on the machine that
takes the pictures, and pictures should not change from run to run); the review of it is
the real review pipeline's deterministic stages.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.core.generate import GenerateSettings, generate_code, plan_questions, review_version
from app.core.generate import start_session as open_session
from app.core.projects import create_project
from app.core.review import DETERMINISTIC, ReviewOptions
from app.core.review_service import ModelChoice
from app.llm.engine import ChatMessage, EngineInfo, EngineSettings, RequestTiming
from app.store.db import open_database

DEMO_PROJECT = "photo-share"
DEMO_TEMPLATE = "file-upload-service"
DEMO_REQUEST = (
    "A Flask service where signed-in users upload profile pictures and "
    "download them again; list a user's files from the SQLite database."
)
DEMO_REPLY = """Here is the service:

```python
# file: app.py
import os
import sqlite3

from flask import Flask, request, send_file

app = Flask(__name__)
app.config["SECRET_KEY"] = "k3y-2f9a8c1d7e6b5a4f"
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    picture = request.files["picture"]
    target = os.path.join(UPLOAD_DIR, picture.filename)
    picture.save(target)
    return {"saved": picture.filename}


@app.route("/pictures/<name>")
def download(name):
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/pictures")
def list_pictures():
    owner = request.args.get("owner", "")
    db = sqlite3.connect("pictures.db")
    rows = db.execute("SELECT name FROM pictures WHERE owner = '%s'" % owner).fetchall()
    return {"pictures": [row[0] for row in rows]}


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
```
"""
SHOTS = ("session", "finding-detail", "questions", "threat-model", "models", "history")


class DemoEngine:
    """The Engine protocol over one canned reply: for screenshots only, clearly labelled."""

    model_id = "demo-canned-reply"

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        yield from DEMO_REPLY.splitlines(keepends=True)

    def cancel(self) -> None:
        return None

    def info(self) -> EngineInfo:
        timing = RequestTiming(612, 0, 212, 0.41, 6.5, 6.9)
        return EngineInfo(
            self.model_id, "(canned)", EngineSettings(threads=2), True, last_timing=timing
        )

    def close(self) -> None:
        return None


class DemoEngines:
    """An EngineSource that hands out the DemoEngine for every role."""

    def __init__(self) -> None:
        self.engine = DemoEngine()

    def choice(self, role: str, **_: object) -> ModelChoice:
        return ModelChoice(self.engine, self.engine.model_id, None)

    def warm(self, role: str, **_: object) -> ModelChoice:
        return self.choice(role)

    def last_timing(self) -> RequestTiming | None:
        return self.engine.info().last_timing

    def close(self) -> None:
        return None


def build_demo() -> int:
    """A demo project and one generated, reviewed session; returns the session id."""
    settings = GenerateSettings(review_options=ReviewOptions(stages=DETERMINISTIC))
    choice = DemoEngines().choice("generate")
    db = open_database()
    try:
        create_project(db, DEMO_PROJECT, template=DEMO_TEMPLATE)
        plan = plan_questions(db, DEMO_PROJECT, DEMO_REQUEST, engine=None)
        started = open_session(db, plan, {}, model=choice, settings=settings)
        code = generate_code(db, started.session_id, choice, settings)
        review_version(
            db, started.session_id, code.version, model=None, options=settings.review_options
        )
        return started.session_id
    finally:
        db.close()


class Shooter:
    """Drives the window through the views, one step per event-loop turn, saving PNGs."""

    def __init__(self, window: QWidget, folder: Path, session_id: int) -> None:
        from app.ui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        self.window = window
        self.folder = folder
        self.session_id = session_id
        self.saved: list[Path] = []
        self.failed = False

    def start(self) -> None:
        w = self.window
        w.controller.finished.connect(self._on_job)
        w.models.refresh()
        w.controller.open_entry("session", self.session_id)

    def _on_job(self, name: str) -> None:
        if name == "open":
            self._when_idle(self._session_shots)
        elif name == "plan":
            self._when_idle(self._questions_shot)

    def _session_shots(self) -> None:
        w = self.window
        panel = w.session.findings
        panel.select_row(0)
        self._when_idle(lambda: self._save("session", self._finding_detail))

    def _finding_detail(self) -> None:
        w = self.window
        panel = w.session.findings
        panel.group_box.setCurrentIndex(panel.group_box.findData("severity"))
        panel.splitter.setSizes([300, 420])
        row = next(
            (r for r in range(panel.model.rowCount()) if not panel.model.is_header(r)),
            0,
        )
        panel.select_row(row)
        self._when_idle(lambda: self._save("finding-detail", self._ask_questions))

    def _ask_questions(self) -> None:
        w = self.window
        w.session.suggest_box.setChecked(False)
        w.session.request.setPlainText(
            "Add an endpoint that lets users upload a PDF invoice "
            "and e-mails it to the accounts team."
        )
        w.controller.generate()

    def _questions_shot(self) -> None:
        self._save("questions", self._threat_model_shot)

    def _threat_model_shot(self) -> None:
        self.window.controller.back_to_request()
        self.window.tabs.setCurrentIndex(1)
        self._when_idle(lambda: self._save("threat-model", self._models_shot))

    def _models_shot(self) -> None:
        w = self.window
        _once(
            w.models.changed,
            lambda: self._when_idle(lambda: self._save("models", self._history_shot)),
        )
        w.tabs.setCurrentIndex(3)

    def _history_shot(self) -> None:
        w = self.window
        w.tabs.setCurrentIndex(2)
        self._when_idle(lambda: self._save("history", self._done), delay_ms=300)

    def _done(self) -> None:
        self.window.close()
        QApplication.exit(0)

    def _save(self, name: str, then: Callable[[], None]) -> None:
        from app.ui.main_window import save_screenshot

        path = self.folder / f"{name}.png"
        save_screenshot(self.window, path)
        self.saved.append(path)
        print(f"saved {path}", file=sys.stderr)
        then()

    def _when_idle(self, then: Callable[[], None], *, delay_ms: int = 60) -> None:
        """Run `then` once no job is running and the editor has finished highlighting."""

        def check() -> None:
            w = self.window
            if w.runner.is_busy() or w.session.code.editor.highlighter.busy:
                QTimer.singleShot(20, check)
            else:
                then()

        QTimer.singleShot(delay_ms, check)


def _once(signal: Any, slot: Callable[[], None]) -> None:
    """Connect `slot` to the next emission of `signal` only."""

    def fire(*_: object) -> None:
        signal.disconnect(fire)
        slot()

    signal.connect(fire)


def run_screenshots(app: QApplication, folder: Path) -> int:
    from app.ui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="airlock-demo-") as home:
        os.environ["AIRLOCK_HOME"] = home
        session_id = build_demo()
        window = MainWindow(engines=DemoEngines(), warm_up=False)
        window.resize(1440, 900)
        window.show()
        shooter = Shooter(window, folder.resolve(), session_id)
        QTimer.singleShot(0, shooter.start)
        code = int(app.exec())
        window.close()
    return code
