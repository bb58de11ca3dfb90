"""Reviews and their findings: saved whole, in one transaction, with their audit record.

A review row says exactly what produced it: threat-model version and hash, model id and the
SHA-256 of the model file, the SHA-256 of every prompt template, the settings, the app
version and the times. Prompt texts are stored once, by hash, in `prompts`.

A review compared with an earlier one (its baseline, see app.core.baseline) also holds copies of
the baseline's findings that are gone, marked `baseline_state = 'gone'`, so its history shows
what disappeared. `review_findings` leaves those out unless asked: they are not findings of the
code that was reviewed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from app.core.errors import UserInputError
from app.core.findings import (
    Confidence,
    Finding,
    FindingKind,
    FlowStep,
    ReviewWarning,
    Severity,
)
from app.store.timeutil import utc_now


@dataclass(frozen=True)
class ReviewRecord:
    """Everything about a review except its findings."""

    target: str
    app_version: str
    started_at: str
    finished_at: str | None = None
    status: str = "complete"
    project_id: int | None = None
    session_id: int | None = None
    threat_model_version_id: int | None = None
    threat_model_sha256: str | None = None
    model_id: str | None = None
    model_sha256: str | None = None
    prompt_hashes: Mapping[str, str] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    timings: Mapping[str, Any] = field(default_factory=dict)
    warnings: Sequence[ReviewWarning] = ()
    baseline_review_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class StoredFinding:
    """A finding as stored, with its triage state (app.core.triage)."""

    id: int
    review_id: int
    finding: Finding
    status: str
    status_reason: str | None = None
    status_until: str | None = None  # ISO date: the last day an acceptance holds
    baseline_state: str | None = None  # new | unchanged | gone; None: never compared


_REVIEW_COLUMNS = (
    "project_id, session_id, threat_model_version_id, threat_model_sha256, target, status,"
    " model_id, model_sha256, prompt_hashes, settings, timings, warnings, app_version,"
    " started_at, finished_at, baseline_review_id"
)
FINDING_COLUMNS = (
    "rule_id, title, cwe, severity, confidence, sources, file, start_line, end_line,"
    " start_column, end_column, snippet, message, why, fix, patch, fingerprint, kind, flow"
)
_FINDING_COLUMN_COUNT = len(FINDING_COLUMNS.split(","))


def insert_review(
    db: sqlite_utils.Database,
    record: ReviewRecord,
    findings: Sequence[Finding],
    *,
    prompt_texts: Mapping[str, str] | None = None,
) -> int:
    """Store a review and all its findings. Call inside transaction()."""
    cursor = db.execute(
        f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_marks(16)})",
        _review_values(record),
    )
    review_id = int(cursor.lastrowid or 0)
    now = utc_now()
    for finding in findings:
        db.execute(
            f"INSERT INTO findings (review_id, {FINDING_COLUMNS}, created_at)"
            f" VALUES ({_marks(_FINDING_COLUMN_COUNT + 2)})",
            [review_id, *_finding_values(finding), now],
        )
    _remember_prompts(db, record.prompt_hashes, prompt_texts or {})
    return review_id


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _review_values(record: ReviewRecord) -> list[Any]:
    return [
        record.project_id,
        record.session_id,
        record.threat_model_version_id,
        record.threat_model_sha256,
        record.target,
        record.status,
        record.model_id,
        record.model_sha256,
        json.dumps(dict(record.prompt_hashes), sort_keys=True),
        json.dumps(dict(record.settings), sort_keys=True, default=str),
        json.dumps(dict(record.timings), sort_keys=True, default=str),
        json.dumps([asdict(w) for w in record.warnings]),
        record.app_version,
        record.started_at,
        record.finished_at,
        record.baseline_review_id,
    ]


def _finding_values(finding: Finding) -> list[Any]:
    return [
        finding.rule_id,
        finding.title,
        json.dumps(list(finding.cwe)),
        finding.severity.value,
        finding.confidence.value,
        json.dumps(list(finding.sources)),
        finding.file,
        finding.start_line,
        finding.end_line,
        finding.start_column,
        finding.end_column,
        finding.snippet,
        finding.message,
        finding.why,
        finding.fix,
        finding.patch,
        finding.fingerprint,
        finding.kind.value,
        json.dumps([[step.file, step.line, step.message] for step in finding.flow]),
    ]


def _remember_prompts(
    db: sqlite_utils.Database, hashes: Mapping[str, str], texts: Mapping[str, str]
) -> None:
    now = utc_now()
    for key, sha in hashes.items():
        name, _, version = key.rpartition(".")
        db.execute(
            "INSERT OR IGNORE INTO prompts (sha256, name, version, text, first_used_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [sha, name or key, version, texts.get(key, ""), now],
        )


def get_review(db: sqlite_utils.Database, review_id: int) -> ReviewRecord:
    row = db.execute(
        f"SELECT id, {_REVIEW_COLUMNS} FROM reviews WHERE id = ?", [review_id]
    ).fetchone()
    if row is None:
        raise UserInputError(f"no review with id {review_id}")
    return review_from_row(row)


def list_reviews(
    db: sqlite_utils.Database, *, project_id: int | None = None, limit: int = 50
) -> list[ReviewRecord]:
    where, params = ("WHERE project_id = ?", [project_id]) if project_id else ("", [])
    rows = db.execute(
        f"SELECT id, {_REVIEW_COLUMNS} FROM reviews {where} ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [review_from_row(row) for row in rows]


def review_columns(alias: str = "") -> str:
    """The columns `review_from_row` reads, after `id`; `alias` qualifies them in a join."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{name.strip()}" for name in _REVIEW_COLUMNS.split(","))


REVIEW_ROW_LENGTH = 1 + len(_REVIEW_COLUMNS.split(","))


def review_from_row(row: Sequence[Any]) -> ReviewRecord:
    """A review read with `SELECT id, {review_columns()}`. JSON columns that are not what
    Airlock writes (a hand-edited database) read as empty rather than failing the read."""
    (rid, project_id, session_id, tm_version_id, tm_sha, target, status, model_id, model_sha,
     prompts, settings, timings, warnings, app_version, started, finished,
     baseline) = row  # fmt: skip
    return ReviewRecord(
        id=rid,
        project_id=project_id,
        session_id=session_id,
        threat_model_version_id=tm_version_id,
        threat_model_sha256=tm_sha,
        target=target,
        status=status,
        model_id=model_id,
        model_sha256=model_sha,
        prompt_hashes=_json_object(prompts),
        settings=_json_object(settings),
        timings=_json_object(timings),
        warnings=[_warning(item) for item in _json_list(warnings)],
        app_version=app_version,
        started_at=started,
        finished_at=finished,
        baseline_review_id=baseline,
    )


def _warning(item: Any) -> ReviewWarning:
    data = item if isinstance(item, dict) else {}
    return ReviewWarning(
        kind=str(data.get("kind", "")),
        message=str(data.get("message", "")),
        file=data.get("file"),
        stage=data.get("stage"),
    )


def _json_object(text: str | None) -> dict[str, Any]:
    value = _loads(text)
    return value if isinstance(value, dict) else {}


def _json_list(text: str | None) -> list[Any]:
    value = _loads(text)
    return value if isinstance(value, list) else []


def _loads(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def review_findings(
    db: sqlite_utils.Database, review_id: int, *, include_gone: bool = False
) -> list[StoredFinding]:
    """The review's findings in stored order; `include_gone` adds the baseline's gone ones."""
    gone = "" if include_gone else " AND baseline_state IS NOT 'gone'"
    rows = db.execute(
        f"SELECT {FINDING_SELECT} FROM findings WHERE review_id = ?{gone} ORDER BY id",
        [review_id],
    ).fetchall()
    return [stored_finding(row) for row in rows]


def get_finding(db: sqlite_utils.Database, finding_id: int) -> StoredFinding:
    row = db.execute(f"SELECT {FINDING_SELECT} FROM findings WHERE id = ?", [finding_id]).fetchone()
    if row is None:
        raise UserInputError(f"no finding with id {finding_id}")
    return stored_finding(row)


# Every column a StoredFinding is built from, in the order stored_finding() reads them.
FINDING_SELECT = (
    f"id, review_id, {FINDING_COLUMNS}, status, status_reason, status_until, baseline_state"
)


def stored_finding(row: Sequence[Any]) -> StoredFinding:
    """A StoredFinding from a row selected with FINDING_SELECT."""
    fid, review_id = row[0], row[1]
    end = 2 + _FINDING_COLUMN_COUNT
    status, reason, until, baseline_state = row[end : end + 4]
    finding = finding_from_columns(row[2:end])
    return StoredFinding(fid, review_id, finding, status, reason, until, baseline_state)


def finding_from_columns(columns: Sequence[Any]) -> Finding:
    """A Finding from the findings table's columns, in _FINDING_COLUMNS order. JSON columns
    that do not hold a list (a damaged or hand-edited file) read as empty."""
    (rule_id, title, cwe, severity, confidence, sources, file, start_line, end_line,
     start_column, end_column, snippet, message, why, fix, patch,
     fingerprint, kind, flow) = columns  # fmt: skip
    return Finding(
        rule_id=rule_id,
        title=title,
        cwe=tuple(int(n) for n in _json_list(cwe)),
        severity=Severity(severity),
        confidence=Confidence(confidence),
        sources=tuple(str(s) for s in _json_list(sources)),
        file=file,
        start_line=start_line,
        end_line=end_line,
        start_column=start_column,
        end_column=end_column,
        snippet=snippet,
        message=message,
        why=why,
        fix=fix,
        patch=patch,
        fingerprint=fingerprint,
        question=kind == FindingKind.QUESTION.value,
        flow=_flow_steps(flow),
    )


def _flow_steps(raw: str) -> tuple[FlowStep, ...]:
    """The stored flow; a step that is not [file, line, message] is left out."""
    steps = []
    for step in _json_list(raw):
        if isinstance(step, list) and len(step) == 3 and isinstance(step[1], int):
            steps.append(FlowStep(str(step[0]), step[1], str(step[2])))
    return tuple(steps)


# --- baselines ---------------------------------------------------------------------------

# How far back to look for a baseline; a target not reviewed in this many reviews of its
# project starts afresh.
BASELINE_LOOKBACK = 500


def reviewed_files(db: sqlite_utils.Database, record: ReviewRecord) -> frozenset[str]:
    """The files a review read: recorded in its settings, else (older reviews) the files its
    findings name."""
    files = record.settings.get("files")
    if isinstance(files, list):
        return frozenset(str(f) for f in files)
    rows = db.execute(
        "SELECT DISTINCT file FROM findings WHERE review_id = ?", [record.id]
    ).fetchall()
    return frozenset(row[0] for row in rows)


def find_baseline_review(
    db: sqlite_utils.Database,
    *,
    project_id: int | None,
    session_id: int | None,
    files: Iterable[str],
) -> ReviewRecord | None:
    """The most recent complete review of the same project (and the same session, or of no
    session) that read at least one of `files`."""
    wanted = frozenset(files)
    if not wanted:
        return None
    rows = db.execute(
        f"SELECT id, {_REVIEW_COLUMNS} FROM reviews WHERE status = 'complete'"
        " AND project_id IS ? AND session_id IS ? ORDER BY id DESC LIMIT ?",
        [project_id, session_id, BASELINE_LOOKBACK],
    ).fetchall()
    for row in rows:
        record = review_from_row(row)
        if reviewed_files(db, record) & wanted:
            return record
    return None
