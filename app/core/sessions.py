"""Reading generation sessions: their context for the next step, their history, their diffs."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from app.core.compare import unified_diff
from app.core.errors import UserInputError
from app.core.review_service import ThreatModelRef
from app.core.threat_model import ThreatModel, threat_model_from_dict
from app.store import projects as project_repo
from app.store import sessions as repo
from app.store.reviews import ReviewRecord, StoredFinding, get_review, review_findings


@dataclass(frozen=True)
class SessionContext:
    """What the next step of a session needs: its record, threat model and requirements."""

    session: repo.SessionRow
    project_name: str
    threat_model: ThreatModel | None
    threat_model_version: int | None
    ref: ThreatModelRef

    @property
    def requirements(self) -> list[str]:
        return [str(q["requirement"]) for q in self.session.questions if q.get("requirement")]


@dataclass(frozen=True)
class VersionView:
    version: int
    files: list[repo.ArtifactRow]
    reviews: list[tuple[ReviewRecord, list[StoredFinding]]]


@dataclass(frozen=True)
class SessionView:
    context: SessionContext
    versions: list[VersionView]


def load_context(db: sqlite_utils.Database, session_id: int) -> SessionContext:
    session = repo.get_session(db, session_id)
    name = _project_name(db, session.project_id)
    ref = ThreatModelRef(None, project_id=session.project_id)
    version_number = None
    for row in project_repo.threat_model_versions(db, session.project_id):
        if row.id == session.threat_model_version_id:
            model = threat_model_from_dict(row.document, source=f"project {name} v{row.version}")
            ref = ThreatModelRef(model, session.project_id, row.id, row.sha256)
            version_number = row.version
    return SessionContext(session, name, ref.model, version_number, ref)


def _project_name(db: sqlite_utils.Database, project_id: int) -> str:
    names = {row.id: row.name for row in project_repo.list_projects(db)}
    return names.get(project_id, f"#{project_id}")


def list_sessions(
    db: sqlite_utils.Database, *, project: str | None = None, limit: int = 50
) -> list[tuple[repo.SessionRow, str]]:
    """Recent sessions, newest first, each with its project's name."""
    names = {row.id: row.name for row in project_repo.list_projects(db)}
    project_id = project_repo.get_project(db, project).id if project else None
    rows = repo.list_sessions(db, project_id=project_id, limit=limit)
    return [(row, names.get(row.project_id, f"#{row.project_id}")) for row in rows]


def show_session(db: sqlite_utils.Database, session_id: int) -> SessionView:
    context = load_context(db, session_id)
    reviews = repo.reviews_by_version(db, session_id)
    versions = [
        VersionView(
            number,
            repo.artifacts(db, session_id, version=number),
            [(get_review(db, rid), review_findings(db, rid)) for rid in reviews.get(number, [])],
        )
        for number in repo.versions(db, session_id)
    ]
    return SessionView(context, versions)


def version_files(db: sqlite_utils.Database, session_id: int, version: int) -> dict[str, str]:
    """One code version as path -> content; an unknown version is a clear error."""
    rows = repo.artifacts(db, session_id, version=version)
    if not rows:
        known = ", ".join(map(str, repo.versions(db, session_id))) or "none yet"
        raise UserInputError(f"session {session_id} has no version {version} (versions: {known})")
    return {row.path: row.content for row in rows}


def diff_versions(db: sqlite_utils.Database, session_id: int, old: int, new: int) -> str:
    """A unified diff between two code versions of a session."""
    repo.get_session(db, session_id)
    before = version_files(db, session_id, old)
    after = version_files(db, session_id, new)
    return unified_diff(before, after, old_label=f"v{old}", new_label=f"v{new}")


def latest_version(db: sqlite_utils.Database, session_id: int) -> int | None:
    numbers = repo.versions(db, session_id)
    return numbers[-1] if numbers else None


def latest_review_id(db: sqlite_utils.Database, session_id: int, version: int) -> int | None:
    reviews = repo.reviews_by_version(db, session_id).get(version, [])
    return reviews[-1] if reviews else None
