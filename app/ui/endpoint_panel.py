"""The model manager's "Inference server" box: a role may use a server the team runs.

Per role: URL, model name, API key (kept in the OS keyring, never shown again), CA bundle and
timeout; "Test connection" asks the server what it serves, off the GUI thread. The jobs are
in app.ui.endpoint_jobs; the model manager runs them and shows their outcome.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.llm.endpoints import DEFAULT_TIMEOUT_S, Endpoint
from app.llm.engine import MODEL_ROLES
from app.ui.endpoint_jobs import EndpointForm, EndpointsSnapshot

ROLE_LABELS = {"generate": "Generating", "review": "Reviewing"}
NOTE = (
    "A role can use an OpenAI-compatible server your team runs (llama-server, vLLM, Ollama) "
    "instead of a local model. <b>The code under review and the prompts are sent to that "
    "server.</b> Servers on this machine or a private network are allowed; a public host "
    "must be allowed by name first."
)


class EndpointPanel(QGroupBox):
    test_requested = Signal(object)  # EndpointForm
    save_requested = Signal(object)  # EndpointForm
    clear_requested = Signal(str)  # role

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Inference server (on-prem)", parent)
        self.setAccessibleName("Inference server")
        self.snapshot: EndpointsSnapshot | None = None
        self.role = QComboBox()
        for role in MODEL_ROLES:
            self.role.addItem(ROLE_LABELS[role], role)
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://gpu-box.corp.internal:8000")
        self.model = QLineEdit()
        self.model.setPlaceholderText("the model name the server knows, e.g. qwen2.5-coder-32b")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText("PEM file of the company CA (https only; optional)")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1, 3600)
        self.timeout.setDecimals(0)
        self.timeout.setValue(DEFAULT_TIMEOUT_S)
        self.timeout.setMaximumWidth(140)
        self.role.setMaximumWidth(220)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.buttons = {
            "endpoint-test": QPushButton("Test connection"),
            "endpoint-save": QPushButton("Use this server"),
            "endpoint-clear": QPushButton("Use a local model"),
        }
        self._name_widgets()
        self._layout()
        self.role.currentIndexChanged.connect(lambda _: self._fill())
        self.buttons["endpoint-test"].clicked.connect(lambda: self.test_requested.emit(self.form()))
        self.buttons["endpoint-save"].clicked.connect(lambda: self.save_requested.emit(self.form()))
        self.buttons["endpoint-clear"].clicked.connect(
            lambda: self.clear_requested.emit(self.selected_role())
        )

    def _name_widgets(self) -> None:
        for widget, name in (
            (self.role, "Role using the server"),
            (self.url, "Server URL"),
            (self.model, "Server model name"),
            (self.api_key, "API key"),
            (self.ca_bundle, "CA bundle file"),
            (self.timeout, "Timeout in seconds"),
            (self.current, "Roles on servers"),
        ):
            widget.setAccessibleName(name)
        for button in self.buttons.values():
            button.setAccessibleName(button.text())

    def _layout(self) -> None:
        note = QLabel(NOTE)
        note.setWordWrap(True)
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose a CA bundle file")
        browse.clicked.connect(self._choose_ca_bundle)
        bundle = QHBoxLayout()
        bundle.addWidget(self.ca_bundle, 1)
        bundle.addWidget(browse)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Role", self.role)
        form.addRow("URL", self.url)
        form.addRow("Model", self.model)
        form.addRow("API key", self.api_key)
        form.addRow("CA bundle", bundle)
        form.addRow("Timeout (s)", self.timeout)
        form.addRow(row)
        form.addRow(self.current)

    # -- state ----------------------------------------------------------------------------

    def selected_role(self) -> str:
        return str(self.role.currentData())

    def select_role(self, role: str) -> None:
        self.role.setCurrentIndex(max(0, self.role.findData(role)))

    def form(self) -> EndpointForm:
        bundle = self.ca_bundle.text().strip()
        return EndpointForm(
            role=self.selected_role(),
            url=self.url.text().strip(),
            model=self.model.text().strip(),
            api_key=self.api_key.text(),
            ca_bundle=Path(bundle).expanduser() if bundle else None,
            timeout_s=float(self.timeout.value()),
        )

    def show_snapshot(self, snapshot: EndpointsSnapshot) -> None:
        before = self._stored(self.snapshot)
        self.snapshot = snapshot
        # Refill only when the selected role's stored server changed (saved or cleared): a
        # refresh after "Test connection", or a first snapshot arriving late, keeps what the
        # user is typing.
        if self._stored(snapshot) != before:
            self._fill()
        lines = [
            f"{ROLE_LABELS[role]}: {endpoint.model} on {endpoint.netloc}"
            for role, endpoint in snapshot.endpoints.items()
        ]
        if snapshot.allowed_hosts:
            lines.append("Allowed public hosts: " + ", ".join(snapshot.allowed_hosts))
        self.current.setText(" · ".join(lines) or "Both roles use local models.")

    def _stored(self, snapshot: EndpointsSnapshot | None) -> tuple[Endpoint | None, bool]:
        """The selected role's stored server and whether it has a key (None, False: none)."""
        if snapshot is None:
            return None, False
        role = self.selected_role()
        return snapshot.endpoints.get(role), bool(snapshot.has_key.get(role))

    def _fill(self) -> None:
        """Show the selected role's stored server (or an empty form); the key is never shown."""
        role = self.selected_role()
        endpoint = self.snapshot.endpoints.get(role) if self.snapshot else None
        has_key = bool(self.snapshot and self.snapshot.has_key.get(role))
        self.url.setText(endpoint.url if endpoint else "")
        self.model.setText(endpoint.model if endpoint else "")
        self.ca_bundle.setText(str(endpoint.ca_bundle) if endpoint and endpoint.ca_bundle else "")
        self.timeout.setValue(endpoint.timeout_s if endpoint else DEFAULT_TIMEOUT_S)
        self.api_key.clear()
        self.api_key.setPlaceholderText(
            "a key is stored; leave empty to keep it" if has_key else "none (optional)"
        )
        self.buttons["endpoint-clear"].setVisible(endpoint is not None)

    def _choose_ca_bundle(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the CA bundle", str(Path.home()), "PEM files (*.pem *.crt);;All (*)"
        )
        if name:
            self.ca_bundle.setText(name)
