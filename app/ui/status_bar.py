"""The status bar: what is running, the models per role, the last request's speed, offline."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.llm.engine import Progress, RequestTiming

OFFLINE_TIP = (
    "Airlock works offline: code, threat models and reviews never leave this machine. "
    "The only action that uses the network is an explicit model download "
    "(Model manager → Pull)."
)
_STAGES = {
    "assemble": "Assembling the model",
    "verify": "Verifying SHA-256",
    "download": "Downloading",
    "load": "Loading the model",
    "review": "Reviewing",
    "generate": "Generating",
    "questions": "Security questions",
}


def describe_progress(progress: Progress) -> str:
    label = _STAGES.get(progress.stage, progress.stage.capitalize())
    text = f"{label}: {progress.message}" if progress.message else label
    if progress.total and progress.stage == "review":
        text += f" ({progress.done + 1 if progress.done < progress.total else progress.done}"
        text += f"/{progress.total})"
    return text


def describe_timing(timing: RequestTiming | None) -> str:
    if timing is None or timing.completion_tokens == 0:
        return "Last request: –"
    return f"Last request: {timing.tokens_per_s:.1f} tok/s · first token {timing.ttft_s:.2f} s"


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activity = QLabel("Ready")
        self.activity.setAccessibleName("Current activity")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.models = QLabel("Models: loading…")
        self.models.setAccessibleName("Models per role")
        self.timing = QLabel(describe_timing(None))
        self.timing.setAccessibleName("Speed of the last request")
        self.network = QLabel()
        self.network.setAccessibleName("Network status")
        self.network.setToolTip(OFFLINE_TIP)
        self.addWidget(self.activity, 1)
        self.addWidget(self.progress)
        self.addPermanentWidget(self.models)
        self.addPermanentWidget(self.timing)
        self.addPermanentWidget(self.network)
        self.set_online(None)

    def show_progress(self, progress: Progress) -> None:
        self.activity.setText(describe_progress(progress))
        self.progress.show()
        if progress.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * (progress.fraction or 0)))
        else:
            self.progress.setRange(0, 0)  # busy indicator

    def show_activity(self, text: str, *, busy: bool) -> None:
        self.activity.setText(text)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def idle(self, text: str = "Ready") -> None:
        self.show_activity(text, busy=False)

    def set_models(self, roles: Mapping[str, str], state: str = "") -> None:
        text = " · ".join(f"{role.capitalize()}: {model}" for role, model in roles.items())
        self.models.setText(f"{text} ({state})" if state else text)

    def set_timing(self, timing: RequestTiming | None) -> None:
        if timing is not None:
            self.timing.setText(describe_timing(timing))

    def set_online(self, what: str | None) -> None:
        """None: offline (the normal state); else what is using the network right now."""
        if what is None:
            self.network.setText("<span style='color:#2f9e44'>●</span> Offline")
        else:
            self.network.setText(f"<span style='color:#e8590c'>●</span> Online: {what}")
