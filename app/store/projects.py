"""Projects and their threat-model versions.

A threat model is never edited in place: every change is a new row in
`threat_model_versions`, so old versions stay available for history, diff and audit.
Documents are stored as canonical JSON; turning them into dataclasses is the core's job.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app.core.errors import ProjectExists, ProjectNotFound
from app.store.timeutil import utc_now


@dataclass(frozen=True)
class ProjectRow:
    id: int
    name: str
    created_at: str
    updated_at: str
    threat_model_version: int


@dataclass(frozen=True)
class ThreatModelVersionRow:
    id: int
    project_id: int
    version: int
    document: dict[str, Any]
    sha256: str
    comment: str
    created_at: str


def canonical_json(document: dict[str, Any]) -> str:
    """JSON that keeps the document's key order (it is what the user wrote)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def document_sha256(document: dict[str, Any]) -> str:
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def insert_project(db: sqlite_utils.Database, name: str) -> int:
    """Create the project row. Call inside transaction()."""
    now = utc_now()
    try:
        cursor = db.execute(
            "INSERT INTO projects (name, created_at, updated_at) VALUES (?, ?, ?)",
            [name, now, now],
        )
    except sqlite3.IntegrityError as exc:
        raise ProjectExists(f"a project named {name!r} already exists") from exc
    return int(cursor.lastrowid or 0)


def add_threat_model_version(
    db: sqlite_utils.Database, project_id: int, document: dict[str, Any], *, comment: str
) -> ThreatModelVersionRow:
    """Append a new threat-model version to a project. Call inside transaction()."""
    now = utc_now()
    row = db.execute(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM threat_model_versions WHERE project_id = ?",
        [project_id],
    ).fetchone()
    version = int(row[0])
    sha = document_sha256(document)
    cursor = db.execute(
        "INSERT INTO threat_model_versions"
        " (project_id, version, document, sha256, comment, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [project_id, version, canonical_json(document), sha, comment, now],
    )
    db.execute("UPDATE projects SET updated_at = ? WHERE id = ?", [now, project_id])
    return ThreatModelVersionRow(
        int(cursor.lastrowid or 0), project_id, version, document, sha, comment, now
    )


_PROJECT_SELECT = (
    "SELECT p.id, p.name, p.created_at, p.updated_at,"
    " (SELECT COALESCE(MAX(version), 0) FROM threat_model_versions t"
    "  WHERE t.project_id = p.id) FROM projects p"
)


def get_project(db: sqlite_utils.Database, name: str) -> ProjectRow:
    row = db.execute(f"{_PROJECT_SELECT} WHERE p.name = ?", [name]).fetchone()
    if row is None:
        raise ProjectNotFound(f"no project named {name!r} (see `airlock project list`)")
    return ProjectRow(*row)


def list_projects(db: sqlite_utils.Database) -> list[ProjectRow]:
    return [ProjectRow(*row) for row in db.execute(f"{_PROJECT_SELECT} ORDER BY p.name")]


def threat_model_versions(
    db: sqlite_utils.Database, project_id: int
) -> list[ThreatModelVersionRow]:
    rows = db.execute(
        "SELECT id, project_id, version, document, sha256, comment, created_at"
        " FROM threat_model_versions WHERE project_id = ? ORDER BY version",
        [project_id],
    ).fetchall()
    return [_version_row(row) for row in rows]


def threat_model_version(
    db: sqlite_utils.Database, project_id: int, version: int | None = None
) -> ThreatModelVersionRow:
    """One version of a project's threat model; the latest when `version` is None."""
    sql = (
        "SELECT id, project_id, version, document, sha256, comment, created_at"
        " FROM threat_model_versions WHERE project_id = ?"
    )
    params: list[Any] = [project_id]
    if version is None:
        sql += " ORDER BY version DESC LIMIT 1"
    else:
        sql += " AND version = ?"
        params.append(version)
    row = db.execute(sql, params).fetchone()
    if row is None:
        raise ProjectNotFound(f"threat-model version {version} does not exist for this project")
    return _version_row(row)


def _version_row(row: tuple[Any, ...]) -> ThreatModelVersionRow:
    return ThreatModelVersionRow(
        id=row[0],
        project_id=row[1],
        version=row[2],
        document=json.loads(row[3]),
        sha256=row[4],
        comment=row[5],
        created_at=row[6],
    )
