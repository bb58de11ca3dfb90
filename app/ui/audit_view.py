"""The audit record of a review: exactly what produced it, so that it can be reproduced.

Model file SHA-256, the SHA-256 of every prompt template, the threat-model version and hash,
the engine settings, the app version, the baseline and the times, all as stored with the
review. `audit_rows` is plain data (no Qt) so that anything else can show the same record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.store.reviews import ReviewRecord


def audit_rows(record: ReviewRecord) -> list[tuple[str, str]]:
    """(label, value) pairs, in the order a person checks them."""
    settings = dict(record.settings)
    files = settings.pop("files", None)
    rows = [
        ("Review", str(record.id) if record.id is not None else "not saved"),
        ("Target", record.target),
        ("Status", record.status),
        ("Started", record.started_at),
        ("Finished", record.finished_at or "–"),
        ("Duration", _duration(record.started_at, record.finished_at)),
        ("Airlock version", record.app_version),
        ("Threat model", _threat_model(record)),
        ("Model", record.model_id or "none (deterministic stages only)"),
        ("Model file SHA-256", record.model_sha256 or "–"),
    ]
    prompts = sorted(record.prompt_hashes.items())
    rows += [(f"Prompt {name}", sha) for name, sha in prompts] or [("Prompts", "none used")]
    rows.append(("Stages", ", ".join(settings.pop("stages", [])) or "–"))
    rows.append(("Engine settings", _json(settings.pop("model", {}))))
    if settings:
        rows.append(("Other settings", _json(settings)))
    if isinstance(files, list):
        rows.append(("Files reviewed", str(len(files))))
    rows.append(("Stage times (s)", _json(record.timings.get("stages_s", {}))))
    rows.append(("Warnings", str(len(record.warnings))))
    baseline = record.baseline_review_id
    rows.append(("Baseline review", str(baseline) if baseline is not None else "none"))
    return rows


def _threat_model(record: ReviewRecord) -> str:
    if record.threat_model_sha256 is None:
        return "none"
    version = record.threat_model_version_id
    where = f"version row {version}, " if version is not None else "from a file, "
    return f"{where}SHA-256 {record.threat_model_sha256}"


def _duration(started: str, finished: str | None) -> str:
    if not finished:
        return "–"
    try:
        elapsed = datetime.fromisoformat(finished) - datetime.fromisoformat(started)
    except ValueError:
        return "–"
    return f"{elapsed.total_seconds():.0f} s"


def _json(value: Mapping[str, Any] | Any) -> str:
    return json.dumps(value, sort_keys=True, default=str) if value else "–"


def audit_html(record: ReviewRecord) -> str:
    cells = "".join(
        f"<tr><td><b>{escape(label)}</b></td><td><code>{escape(value)}</code></td></tr>"
        for label, value in audit_rows(record)
    )
    return f"<h3>Audit record</h3><table cellspacing='4'>{cells}</table>"


class AuditDialog(QDialog):
    """Shows one review's audit record; text can be selected and copied."""

    def __init__(self, record: ReviewRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Review {record.id}: audit record")
        self.resize(720, 520)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Audit record")
        self.text.setHtml(audit_html(record))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
