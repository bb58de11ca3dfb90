"""What the session view shows, as plain data: code versions, their reviews, the request.

Workers build these from the core's results; widgets only display them. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from app.core.findings import ReviewWarning
from app.core.sessions import SessionView
from app.core.sources import SourceFile
from app.store.reviews import ReviewRecord, StoredFinding
from app.store.sessions import ArtifactRow

Kind = Literal["empty", "session", "files", "scratch"]


@dataclass(frozen=True)
class CodeFile:
    path: str
    language: str
    text: str


@dataclass(frozen=True)
class ReviewView:
    """One stored review as the findings panel shows it."""

    review_id: int | None
    findings: tuple[StoredFinding, ...]
    warnings: tuple[ReviewWarning, ...]
    record: ReviewRecord | None = None

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for item in self.findings:
            key = item.finding.severity.value
            result[key] = result.get(key, 0) + 1
        return result


@dataclass(frozen=True)
class CodeVersion:
    number: int
    origin: str
    files: tuple[CodeFile, ...]
    review: ReviewView | None = None

    def file(self, path: str) -> CodeFile | None:
        return next((f for f in self.files if f.path == path), None)


@dataclass(frozen=True)
class Workspace:
    """Everything open in the session view."""

    kind: Kind = "empty"
    project: str | None = None
    session_id: int | None = None
    request: str = ""
    target: str = ""
    versions: tuple[CodeVersion, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def latest(self) -> CodeVersion | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> CodeVersion | None:
        return next((v for v in self.versions if v.number == number), None)

    def with_review(self, number: int, review: ReviewView) -> Workspace:
        versions = tuple(
            replace(v, review=review) if v.number == number else v for v in self.versions
        )
        return replace(self, versions=versions)

    def with_version(self, version: CodeVersion) -> Workspace:
        kept = tuple(v for v in self.versions if v.number != version.number)
        return replace(self, versions=(*kept, version))


def files_from_rows(rows: Sequence[ArtifactRow]) -> tuple[CodeFile, ...]:
    return tuple(CodeFile(r.path, r.language or "text", r.content) for r in rows)


def files_from_sources(sources: Sequence[SourceFile]) -> tuple[CodeFile, ...]:
    return tuple(CodeFile(s.path, s.language, s.text) for s in sources)


def review_view(
    review_id: int | None,
    findings: Sequence[StoredFinding],
    record: ReviewRecord | None,
    warnings: Sequence[ReviewWarning] = (),
) -> ReviewView:
    shown = tuple(record.warnings) if record is not None else tuple(warnings)
    return ReviewView(review_id, tuple(findings), shown, record)


def workspace_from_session(view: SessionView) -> Workspace:
    """A stored session: every code version, each with its latest review."""
    versions = []
    for version in view.versions:
        latest = version.reviews[-1] if version.reviews else None
        review = review_view(latest[0].id, latest[1], latest[0]) if latest else None
        origin = version.files[0].origin if version.files else "generated"
        versions.append(
            CodeVersion(version.version, origin, files_from_rows(version.files), review)
        )
    session = view.context.session
    return Workspace(
        kind="session",
        project=view.context.project_name,
        session_id=session.id,
        request=session.request,
        versions=tuple(versions),
    )
