"""What the session view's actions do: start the matching job, show its result.

Every action starts one worker (app.ui.jobs) and returns at once; the results arrive as an
Outcome. One session job runs at a time, because a model serves one request at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.errors import UserInputError
from app.core.generate import GenerateSettings, QuestionPlan
from app.ui import jobs
from app.ui.engines import EngineSource
from app.ui.jobs import JobResult, QuestionsToAsk
from app.ui.questions_form import Answers
from app.ui.session_view import SCRATCH_PATH, SessionView
from app.ui.workers import Outcome, Task, TaskRunner
from app.ui.workspace import CodeFile, Workspace

SESSION_JOBS = ("plan", "generate", "review", "fix", "open")
Action = tuple[str, Callable[[], None]]


class SessionController(QObject):
    busy_changed = Signal(bool)
    failed = Signal(object, object)  # the error, an Action or None
    notice = Signal(str)
    progressed = Signal(object)  # Progress
    activity = Signal(str)
    finished = Signal(str)  # the job's name, after its result is shown
    timing = Signal(object)  # RequestTiming

    def __init__(
        self,
        view: SessionView,
        runner: TaskRunner,
        engines: EngineSource,
        *,
        settings: GenerateSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.engines = engines
        self.settings = settings or GenerateSettings()
        self.project: str | None = None
        self.plan: QuestionPlan | None = None
        self._last_action: Callable[[], None] | None = None
        view.generate_requested.connect(self.generate)
        view.questions.submitted.connect(self.submit_answers)
        view.questions.cancelled.connect(self.back_to_request)

    @property
    def busy(self) -> bool:
        return self.runner.is_busy(*SESSION_JOBS)

    # -- generating -----------------------------------------------------------------------

    def generate(self) -> None:
        """Step 1: the open security questions for the request."""
        request = self.view.request.toPlainText().strip()
        if self.busy:
            return
        if self.project is None:
            self.failed.emit(UserInputError("Create or choose a project first"), None)
            return
        if not request:
            self.failed.emit(UserInputError("The request is empty: say what code to write"), None)
            self.view.request.setFocus()
            return
        project, engines = self.project, self.engines
        suggestions = self.settings.suggested_questions if self.view.suggest_box.isChecked() else 0
        self._start(
            "plan",
            "Finding the open security questions",
            self._on_plan,
            lambda ctx: jobs.plan(engines, ctx, project, request, suggestions=suggestions),
        )
        self._last_action = self.generate

    def _on_plan(self, asked: QuestionsToAsk) -> None:
        self.plan = asked.plan
        if asked.open:
            self.view.questions.set_questions(asked)
            self.view.show_questions()
            self.activity.emit("Answer the open questions, then generate")
        else:
            self.submit_answers(Answers())

    def submit_answers(self, answers: Answers) -> None:
        """Step 2: open the session with the answers, stream the code, review it."""
        plan = self.plan
        if plan is None or self.busy:
            return
        engines, settings = self.engines, self.settings
        self.view.begin_stream(f"Generating for {plan.project.name}…")
        task = self._start(
            "generate",
            "Generating",
            self._show_result,
            lambda ctx: jobs.generate(
                engines, ctx, plan, answers.given, skipped=answers.skipped, settings=settings
            ),
        )
        if task is not None:
            task.streamed.connect(self.view.append_stream)
        self._last_action = lambda: self.submit_answers(answers)

    # -- reviewing and fixing -------------------------------------------------------------

    def review(self) -> None:
        """Review what is shown: a session's version, the opened files, or pasted code."""
        if self.busy:
            return
        workspace, version = self.view.workspace, self.view.current_version()
        if workspace.kind == "files":
            self.review_paths([Path(p) for p in workspace.target.split(", ")])
            return
        job: Callable[[Any], JobResult] | None = None
        if workspace.kind == "session" and version is not None:
            job = partial(
                jobs.review_session,
                self.engines,
                workspace=workspace,
                version=version.number,
                settings=self.settings,
            )
        elif text := self.view.scratch_code():
            file = CodeFile(self._scratch_name(), "", text)
            job = partial(
                jobs.review_text,
                self.engines,
                file=file,
                project=self.project,
                settings=self.settings,
            )
        if job is None:
            message = "Nothing to review: generate code, paste code into the editor, or open files"
            self.failed.emit(UserInputError(message), None)
            return
        self._start("review", "Reviewing", self._show_result, job)
        self._last_action = self.review

    def _scratch_name(self) -> str:
        current = self.view.workspace
        return current.target if current.kind == "scratch" and current.target else SCRATCH_PATH

    def review_paths(self, paths: Sequence[Path]) -> None:
        if self.busy or not paths:
            return
        engines, settings, project = self.engines, self.settings, self.project
        chosen = list(paths)
        self._start(
            "review",
            f"Reviewing {', '.join(p.name for p in chosen)}",
            self._show_result,
            lambda ctx: jobs.review_files(engines, ctx, chosen, project=project, settings=settings),
        )
        self._last_action = lambda: self.review_paths(chosen)

    def fix(self) -> None:
        """Ask the model to fix the selected findings (or the worst few if none is selected)."""
        workspace = self.view.workspace
        if self.busy:
            return
        if workspace.kind != "session":
            self.failed.emit(UserInputError("Fixing works on generated code: generate first"), None)
            return
        shown, latest = self.view.current_version(), workspace.latest
        if latest is not None and shown is not None and shown.number != latest.number:
            message = f"Fixing starts from the latest version: choose v{latest.number} first"
            self.failed.emit(UserInputError(message), None)
            return
        ids = [f.id for f in self.view.findings.selected()]
        engines, settings = self.engines, self.settings
        self.view.begin_stream("Fixing the selected findings…")
        task = self._start(
            "fix",
            "Fixing",
            self._show_result,
            lambda ctx: jobs.fix(engines, ctx, workspace, ids, settings=settings),
        )
        if task is not None:
            task.streamed.connect(self.view.append_stream)
        self._last_action = self.fix

    # -- opening and cancelling -----------------------------------------------------------

    def open_entry(self, kind: str, entry_id: int) -> None:
        if self.busy:
            return
        job = (
            (lambda _ctx: jobs.open_session(entry_id))
            if kind == "session"
            else (lambda _ctx: jobs.open_review(entry_id))
        )
        self._start("open", f"Opening {kind} {entry_id}", self._show_result, job)

    def new_session(self) -> None:
        if not self.busy:
            self.plan = None
            self.view.request.clear()
            self.view.show_workspace(Workspace())
            self.view.code.editor.set_code("", "python")

    def cancel(self) -> None:
        if self.busy:
            self.runner.cancel(*SESSION_JOBS)
            self.activity.emit("Cancelling…")
        elif self.view.left_stack.currentIndex() != 0:
            self.back_to_request()

    def back_to_request(self) -> None:
        self.view.show_code()
        self.activity.emit("Ready")

    # -- running --------------------------------------------------------------------------

    def _start(
        self, name: str, label: str, on_ok: Callable[[Any], None], job: Callable[[Any], Any]
    ) -> Task | None:
        if self.busy:
            return None
        task = self.runner.start(name, job)
        task.progressed.connect(self.progressed.emit)
        task.when_finished(lambda outcome: self._on_finished(outcome, on_ok))
        self.activity.emit(label + "…")
        self.busy_changed.emit(True)
        return task

    def _on_finished(self, outcome: Outcome, on_ok: Callable[[Any], None]) -> None:
        self.busy_changed.emit(False)
        if outcome.ok:
            on_ok(outcome.value)
        elif outcome.cancelled:
            self._on_cancelled(outcome.name)
        elif outcome.error is not None:
            retry = self._last_action
            self.failed.emit(outcome.error, ("Try again", retry) if retry else None)
            self.activity.emit("Stopped")
        self.finished.emit(outcome.name)

    def _on_cancelled(self, name: str) -> None:
        what = {
            "generate": "Generation",
            "fix": "The fix",
            "review": "The review",
            "plan": "Planning",
            "open": "Opening",
        }.get(name, name)
        kept = " The session keeps what was done so far." if name in ("generate", "fix") else ""
        self.notice.emit(f"{what} was cancelled.{kept}")
        self.activity.emit("Cancelled")

    def _show_result(self, result: JobResult) -> None:
        self.view.show_workspace(result.workspace)
        self.timing.emit(result.timing)
        notes = "; ".join(n for n in result.notes if n)
        text = result.summary[:1].upper() + result.summary[1:] if result.summary else "Done"
        self.activity.emit(text)
        if notes or result.announce:
            self.notice.emit(f"{text}. Note: {notes}" if notes else text)
