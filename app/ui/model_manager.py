"""The model manager: the catalog and installed models, their state, and the engine settings.

Install, pull, import, verify and remove run on a worker with a progress bar (speed and time
left for downloads, hash progress for imports) and a Cancel button. A pull that was
cancelled or interrupted resumes where it stopped. Pull is the only network action, besides
the inference server a role may be given (EndpointPanel): testing it and, once chosen, every
request of that role.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.llm.endpoints import EndpointNotAllowed
from app.llm.engine import Progress
from app.llm.registry import ModelStatus
from app.ui import endpoint_jobs, model_jobs
from app.ui.banner import Banner
from app.ui.endpoint_jobs import EndpointForm, EndpointsSnapshot
from app.ui.endpoint_panel import EndpointPanel
from app.ui.model_jobs import ModelsSnapshot, RateMeter, human_bytes
from app.ui.status_bar import describe_progress
from app.ui.workers import Outcome, Task, TaskRunner

JOB = "models"
COLUMNS = ("Model", "Size", "Memory", "State", "Used for")


def ram_text(status: ModelStatus) -> str:
    fit = {True: "fits this machine", False: "more than this machine has", None: ""}
    return f"{status.ram_mb / 1024:.1f} GB" + (
        f" ({fit[status.fits_ram]})" if status.fits_ram is not None else ""
    )


def state_text(status: ModelStatus, partial: int | None) -> str:
    if partial and not status.installed:
        return f"partly downloaded ({human_bytes(partial)}): pull to resume"
    return status.state


class ModelManager(QWidget):
    changed = Signal(object)  # ModelsSnapshot
    network = Signal(object)  # str while downloading, None when offline again

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Model manager")
        self._runner = runner
        self.snapshot: ModelsSnapshot | None = None
        self._meter = RateMeter()
        self.banner = Banner()
        self.table = self._make_table()
        self.buttons = self._make_buttons()
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Model job progress")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Model job progress bar")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the model job")
        self.cancel_button.clicked.connect(lambda: self._runner.cancel(JOB))
        self.threads, self.context, self.gpu_layers = (
            _spin(1, 256),
            _spin(512, 131072),
            _spin(0, 999),
        )
        self.context.setSingleStep(1024)
        self.endpoints = EndpointPanel()
        self.buttons.update(self.endpoints.buttons)
        self.endpoints.test_requested.connect(self.test_endpoint)
        self.endpoints.save_requested.connect(self.save_endpoint)
        self.endpoints.clear_requested.connect(self.clear_endpoint)
        self._layout()
        self._set_busy(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setAccessibleName("Models")
        table.setHorizontalHeaderLabels(COLUMNS)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs: dict[str, tuple[str, Callable[[], None]]] = {
            "install": ("Install the default model", self.install_default),
            "pull": ("Pull", self.pull_selected),
            "import": ("Import GGUF file…", self.choose_import),
            "verify": ("Verify", self.verify_selected),
            "remove": ("Remove", self.remove_selected),
            "generate": ("Use for generating", lambda: self.use_selected("generate")),
            "review": ("Use for reviewing", lambda: self.use_selected("review")),
        }
        buttons = {}
        for key, (text, slot) in specs.items():
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            buttons[key] = button
        return buttons

    def _layout(self) -> None:
        note = QLabel(
            "Models run on this machine. <b>Pull</b> is the only action that uses the network "
            "(besides an inference server you choose below); every file's SHA-256 is checked "
            "before it is loaded."
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        for key in ("install", "pull", "import", "verify", "remove"):
            row.addWidget(self.buttons[key])
        row.addStretch(1)
        row.addWidget(self.buttons["generate"])
        row.addWidget(self.buttons["review"])
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Models</h3>"))
        layout.addWidget(note)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.progress_label)
        layout.addLayout(progress)
        layout.addWidget(self._settings_box())
        layout.addWidget(self.endpoints)

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Engine settings (apply when the model is next loaded)")
        form = QFormLayout(box)
        for spin, name in (
            (self.threads, "CPU threads"),
            (self.context, "Context size"),
            (self.gpu_layers, "GPU layers"),
        ):
            spin.setAccessibleName(name)
        form.addRow("CPU threads", self.threads)
        form.addRow("Context size (tokens)", self.context)
        form.addRow("GPU layers (0 = CPU only)", self.gpu_layers)
        apply = QPushButton("Apply settings")
        apply.setMaximumWidth(160)
        apply.setAccessibleName("Apply engine settings")
        apply.clicked.connect(self.apply_settings)
        self.buttons["settings"] = apply
        form.addRow("", apply)
        return box

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._runner.is_busy(JOB, "models-refresh"):
            task = self._runner.start("models-refresh", model_jobs.snapshot)
            task.finished.connect(self._on_snapshot)
        if not self._runner.is_busy(JOB, "endpoints-refresh"):
            task = self._runner.start("endpoints-refresh", endpoint_jobs.snapshot)
            task.finished.connect(self._on_endpoints)

    def _on_endpoints(self, outcome: Outcome) -> None:
        if outcome.ok and isinstance(outcome.value, EndpointsSnapshot):
            self.endpoints.show_snapshot(outcome.value)
        elif outcome.error is not None:
            self.banner.show_error(outcome.error)

    def _on_snapshot(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.show_snapshot(outcome.value)
        elif outcome.error is not None:
            self.banner.show_error(outcome.error)

    def show_snapshot(self, snapshot: ModelsSnapshot) -> None:
        selected = self.selected_id()
        self.snapshot = snapshot
        self.table.setRowCount(0)
        for status in snapshot.statuses:
            self._add_row(status, snapshot.partial_bytes.get(status.id))
        self.threads.setValue(snapshot.settings.threads)
        self.context.setValue(snapshot.settings.context_size)
        self.gpu_layers.setValue(snapshot.settings.gpu_layers)
        self.select(selected or snapshot.default_id)
        self.changed.emit(snapshot)

    def _add_row(self, status: ModelStatus, partial: int | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = status.display_name or status.id
        default = " (default)" if self.snapshot and status.id == self.snapshot.default_id else ""
        size = human_bytes(status.size_bytes) if status.size_bytes else "?"
        values = (
            f"{name}{default}\n{status.id}",
            size,
            ram_text(status),
            state_text(status, partial),
            ", ".join(status.roles) or "–",
        )
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, status.id)
            self.table.setItem(row, column, item)
        self.table.resizeRowToContents(row)

    def select(self, model_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == model_id:
                self.table.selectRow(row)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def selected_status(self) -> ModelStatus | None:
        model_id = self.selected_id()
        statuses = self.snapshot.statuses if self.snapshot else ()
        return next((s for s in statuses if s.id == model_id), None)

    def _update_buttons(self) -> None:
        busy = self._runner.is_busy(JOB)
        status = self.selected_status()
        installed = bool(status and status.installed)
        partial = self.snapshot.partial_bytes.get(status.id) if status and self.snapshot else None
        self.buttons["pull"].setText("Resume pull" if partial else "Pull")
        self.buttons["pull"].setEnabled(
            not busy and bool(status and status.in_catalog) and not installed
        )
        for key in ("verify", "remove", "generate", "review"):
            self.buttons[key].setEnabled(not busy and installed)
        for key in ("install", "import", "settings", *self.endpoints.buttons):
            self.buttons[key].setEnabled(not busy)

    # -- actions --------------------------------------------------------------------------

    def install_default(self) -> None:
        self._run("Installing the default model", model_jobs.install_default)

    def pull_selected(self) -> None:
        model_id = self.selected_id()
        if model_id is not None:
            self.network.emit(f"downloading {model_id}")
            self._run(f"Pulling {model_id}", lambda ctx: model_jobs.pull(ctx, model_id))

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import a GGUF model file",
            str(Path.home()),
            "GGUF models (*.gguf);;All files (*)",
        )
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        self._run(f"Importing {path.name}", lambda ctx: model_jobs.import_file(ctx, path))

    def verify_selected(self) -> None:
        model_id = self.selected_id()
        if model_id is not None:
            self._run(f"Verifying {model_id}", lambda ctx: model_jobs.verify(ctx, model_id))

    def remove_selected(self) -> None:
        model_id = self.selected_id()
        if model_id is None:
            return
        self.banner.show_message(
            f"Remove {model_id}? A downloaded or assembled file is deleted; an imported file "
            "is only unregistered.",
            level="warning",
            action=("Remove", lambda: self.remove(model_id)),
        )

    def remove(self, model_id: str) -> None:
        self._run(f"Removing {model_id}", lambda ctx: model_jobs.remove(ctx, model_id))

    def use_selected(self, role: str) -> None:
        model_id = self.selected_id()
        if model_id is not None:
            self._run(f"Choosing {model_id}", lambda ctx: model_jobs.use(ctx, model_id, role))

    def apply_settings(self) -> None:
        values = {
            "threads": self.threads.value(),
            "context_size": self.context.value(),
            "gpu_layers": self.gpu_layers.value(),
        }
        self._run("Saving engine settings", lambda ctx: model_jobs.set_settings(ctx, **values))

    # -- inference server -----------------------------------------------------------------

    def test_endpoint(self, form: EndpointForm) -> None:
        if self._run(
            "Testing the connection", lambda ctx: endpoint_jobs.check_connection(ctx, form)
        ):
            self.network.emit(f"testing {form.url}")

    def save_endpoint(self, form: EndpointForm) -> None:
        task = self._run("Saving the inference server", lambda ctx: endpoint_jobs.save(ctx, form))
        if task is not None:
            task.when_finished(lambda outcome: self._offer_to_allow(outcome, form))

    def _offer_to_allow(self, outcome: Outcome, form: EndpointForm) -> None:
        """A public host was refused: say what allowing it means and let the user confirm."""
        if not isinstance(outcome.error, EndpointNotAllowed):
            return
        host = form.endpoint().host
        self.banner.show_message(
            f"{host} is not on this machine or a private network. Allow it by name? Airlock "
            f"will then send the code under review and the prompts of {form.role} requests "
            "to it.",
            level="warning",
            action=(f"Allow {host} and use it", lambda: self.allow_and_save(form)),
        )

    def allow_and_save(self, form: EndpointForm) -> None:
        """The user confirmed: allow the host by name, then use the server."""
        self._run("Allowing the host", lambda ctx: endpoint_jobs.allow_and_save(ctx, form))

    def clear_endpoint(self, role: str) -> None:
        self._run("Switching to the local model", lambda ctx: endpoint_jobs.clear(ctx, role))

    def _run(self, label: str, job: Callable[[Any], str]) -> Task | None:
        if self._runner.is_busy(JOB):
            return None
        self.banner.hide()
        self._meter.reset()
        task = self._runner.start(JOB, job)
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        self.progress_label.setText(f"{label}…")
        self.progress.setRange(0, 0)
        self._set_busy(True)
        return task

    def _on_progress(self, progress: Progress) -> None:
        text = describe_progress(progress)
        if progress.stage in ("download", "verify", "assemble"):
            self._meter.add(progress)
            text += f": {self._meter.describe(progress)}"
        self.progress_label.setText(text)
        if progress.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * (progress.fraction or 0)))
        if progress.stage != "download":
            self.network.emit(None)

    def _on_finished(self, outcome: Outcome) -> None:
        self.network.emit(None)
        self._set_busy(False)
        if outcome.ok:
            self.banner.show_message(str(outcome.value), level="info")
        elif outcome.cancelled:
            self.banner.show_message("Cancelled. A pull resumes where it stopped.", level="info")
        elif outcome.error is not None:
            self.banner.show_error(outcome.error)
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress_label.setText("")
        self._update_buttons()


def _spin(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setMinimumWidth(110)
    box.setMaximumWidth(140)
    return box
