"""Generation sessions and their code artifacts.

A session records one generation request from start to finish: the request, the questions
and answers, the threat-model version, the model and its SHA-256, the prompts' SHA-256, the
settings, every step's timing and outcome (`timings["steps"]`), and each code version as
rows of `code_artifacts` (one row per file; a version is never changed, a fix adds the next
one). Reviews of a version are linked through `review_artifacts`.

Write functions must run inside `transaction()`; they use plain SQL (see app.store.db).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from app.core.errors import UserInputError
from app.store.timeutil import utc_now


@dataclass(frozen=True)
class SessionRow:
    id: int
    project_id: int
    threat_model_version_id: int | None
    request: str
    questions: list[dict[str, Any]]
    status: str
    model_id: str | None
    model_sha256: str | None
    prompt_hashes: dict[str, str]
    settings: dict[str, Any]
    timings: dict[str, Any]
    created_at: str
    updated_at: str

    @property
    def steps(self) -> list[dict[str, Any]]:
        steps = self.timings.get("steps", [])
        return steps if isinstance(steps, list) else []


@dataclass(frozen=True)
class NewSession:
    project_id: int
    threat_model_version_id: int | None
    request: str
    questions: Sequence[Mapping[str, Any]] = ()
    model_id: str | None = None
    model_sha256: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArtifactRow:
    id: int
    session_id: int
    version: int
    parent_id: int | None
    path: str
    language: str | None
    content: str
    sha256: str
    origin: str
    created_at: str


@dataclass(frozen=True)
class NewArtifact:
    path: str
    language: str | None
    content: str
    parent_id: int | None = None


_SESSION_COLUMNS = (
    "id, project_id, threat_model_version_id, request, questions, status, model_id,"
    " model_sha256, prompt_hashes, settings, timings, created_at, updated_at"
)
_ARTIFACT_COLUMNS = (
    "id, session_id, version, parent_id, path, language, content, sha256, origin, created_at"
)


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# --- Writing (inside transaction()) ---------------------------------------------------------


def insert_session(db: sqlite_utils.Database, session: NewSession) -> int:
    now = utc_now()
    cursor = db.execute(
        "INSERT INTO sessions (project_id, threat_model_version_id, request, questions, status,"
        " model_id, model_sha256, prompt_hashes, settings, timings, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'open', ?, ?, '{}', ?, ?, ?, ?)",
        [
            session.project_id,
            session.threat_model_version_id,
            session.request,
            _json([dict(q) for q in session.questions]),
            session.model_id,
            session.model_sha256,
            _json(dict(session.settings)),
            _json({"steps": []}),
            now,
            now,
        ],
    )
    return int(cursor.lastrowid or 0)


def set_status(db: sqlite_utils.Database, session_id: int, status: str) -> None:
    db.execute(
        "UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?",
        [status, utc_now(), session_id],
    )


def add_step(db: sqlite_utils.Database, session_id: int, step: Mapping[str, Any]) -> None:
    """Append one step (what ran, how long, how it ended) to the session's timeline."""
    timings = get_session(db, session_id).timings
    timings["steps"] = [*timings.get("steps", []), dict(step)]
    db.execute(
        "UPDATE sessions SET timings = ?, updated_at = ? WHERE id = ?",
        [_json(timings), utc_now(), session_id],
    )


def add_prompts(
    db: sqlite_utils.Database,
    session_id: int,
    texts: Mapping[str, str],
) -> None:
    """Record the SHA-256 of each template used (by versioned key) and keep its text once."""
    hashes = dict(get_session(db, session_id).prompt_hashes)
    now = utc_now()
    for key, text in texts.items():
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        hashes[key] = sha
        name, _, version = key.rpartition(".")
        db.execute(
            "INSERT OR IGNORE INTO prompts (sha256, name, version, text, first_used_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [sha, name or key, version, text, now],
        )
    db.execute(
        "UPDATE sessions SET prompt_hashes = ?, updated_at = ? WHERE id = ?",
        [_json(hashes), now, session_id],
    )


def add_artifacts(
    db: sqlite_utils.Database,
    session_id: int,
    *,
    version: int,
    origin: str,
    files: Sequence[NewArtifact],
) -> list[ArtifactRow]:
    """Store one code version (one row per file)."""
    project_id = get_session(db, session_id).project_id
    now = utc_now()
    for file in files:
        sha = hashlib.sha256(file.content.encode("utf-8")).hexdigest()
        db.execute(
            "INSERT INTO code_artifacts (project_id, session_id, version, parent_id, path,"
            " language, content, sha256, origin, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [project_id, session_id, version, file.parent_id, file.path, file.language,
             file.content, sha, origin, now],
        )  # fmt: skip
    return artifacts(db, session_id, version=version)


def link_review(db: sqlite_utils.Database, review_id: int, artifact_ids: Sequence[int]) -> None:
    for artifact_id in artifact_ids:
        db.execute(
            "INSERT OR IGNORE INTO review_artifacts (review_id, artifact_id) VALUES (?, ?)",
            [review_id, artifact_id],
        )


# --- Reading --------------------------------------------------------------------------------


def get_session(db: sqlite_utils.Database, session_id: int) -> SessionRow:
    row = db.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    if row is None:
        raise UserInputError(f"no session with id {session_id} (see `airlock session list`)")
    return _session(row)


def list_sessions(
    db: sqlite_utils.Database, *, project_id: int | None = None, limit: int = 50
) -> list[SessionRow]:
    where, params = ("WHERE project_id = ?", [project_id]) if project_id else ("", [])
    rows = db.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions {where} ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [_session(row) for row in rows]


def _session(row: Sequence[Any]) -> SessionRow:
    (sid, project_id, tm_version_id, request, questions, status, model_id, model_sha,
     prompts, settings, timings, created, updated) = row  # fmt: skip
    return SessionRow(
        id=sid,
        project_id=project_id,
        threat_model_version_id=tm_version_id,
        request=request,
        questions=json.loads(questions),
        status=status,
        model_id=model_id,
        model_sha256=model_sha,
        prompt_hashes=json.loads(prompts),
        settings=json.loads(settings),
        timings=json.loads(timings),
        created_at=created,
        updated_at=updated,
    )


def artifacts(
    db: sqlite_utils.Database, session_id: int, *, version: int | None = None
) -> list[ArtifactRow]:
    """A session's files: one version's, or every version's (by version, then path)."""
    where, params = "session_id = ?", [session_id]
    if version is not None:
        where, params = where + " AND version = ?", [session_id, version]
    rows = db.execute(
        f"SELECT {_ARTIFACT_COLUMNS} FROM code_artifacts WHERE {where} ORDER BY version, path",
        params,
    ).fetchall()
    return [ArtifactRow(*row) for row in rows]


def versions(db: sqlite_utils.Database, session_id: int) -> list[int]:
    rows = db.execute(
        "SELECT DISTINCT version FROM code_artifacts WHERE session_id = ? ORDER BY version",
        [session_id],
    ).fetchall()
    return [int(row[0]) for row in rows]


def reviews_by_version(db: sqlite_utils.Database, session_id: int) -> dict[int, list[int]]:
    """Review ids per code version, oldest first."""
    rows = db.execute(
        "SELECT DISTINCT a.version, ra.review_id FROM review_artifacts ra"
        " JOIN code_artifacts a ON a.id = ra.artifact_id"
        " WHERE a.session_id = ? ORDER BY a.version, ra.review_id",
        [session_id],
    ).fetchall()
    result: dict[int, list[int]] = {}
    for version, review_id in rows:
        result.setdefault(int(version), []).append(int(review_id))
    return result
