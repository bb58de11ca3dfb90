"""The status bar: what is running, the models per role, the last request's speed, offline.

The offline indicator names the inference server hosts that roles use (the only place code
goes when a role uses one): "Offline except llm.corp.internal".
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.llm.endpoints import MODEL_ID_PREFIX, endpoint_host
from app.llm.engine import Progress, RequestTiming

OFFLINE_TIP = (
    "Airlock works offline: code, threat models and reviews never leave this machine. "
    "The only action that uses the network is an explicit model download "
    "(Model manager → Pull)."
)
SERVER_TIP = (
    "The {roles} role(s) use the inference server at {hosts}: the code under review and the "
    "prompts go there. Nothing else leaves this machine; model downloads (Model manager → "
    "Pull) are the only other network action."
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


def describe_model(model_id: str) -> str:
    """A role's model as the status bar shows it: `qwen-32b on gpu-box:8000` for a server."""
    host = endpoint_host(model_id)
    if host is None:
        return model_id
    return f"{model_id[len(MODEL_ID_PREFIX) + len(host) + 1 :]} on {host}"


def server_hosts(roles: Mapping[str, str]) -> dict[str, list[str]]:
    """The inference server hosts in use, each with the roles that use it."""
    hosts: dict[str, list[str]] = {}
    for role, model_id in roles.items():
        host = endpoint_host(model_id)
        if host is not None:
            hosts.setdefault(host, []).append(role)
    return hosts


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
        self._servers: dict[str, list[str]] = {}
        self._online: str | None = None
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
        text = " · ".join(
            f"{role.capitalize()}: {describe_model(model)}" for role, model in roles.items()
        )
        self.models.setText(f"{text} ({state})" if state else text)
        self._servers = server_hosts(roles)
        self.set_online(self._online)

    def set_timing(self, timing: RequestTiming | None) -> None:
        if timing is not None:
            self.timing.setText(describe_timing(timing))

    def set_online(self, what: str | None) -> None:
        """None: offline (the normal state); else what is using the network right now."""
        self._online = what
        hosts = ", ".join(self._servers)
        if what is not None:
            self.network.setText(f"<span style='color:#e8590c'>●</span> Online: {what}")
        elif hosts:
            self.network.setText(
                f"<span style='color:#1c7ed6'>●</span> Offline except {html.escape(hosts)}"
            )
        else:
            self.network.setText("<span style='color:#2f9e44'>●</span> Offline")
        roles = ", ".join(role for used in self._servers.values() for role in used)
        self.network.setToolTip(
            SERVER_TIP.format(roles=roles, hosts=hosts) if hosts else OFFLINE_TIP
        )
