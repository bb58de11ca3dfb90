"""Fixtures for generation sessions: a project, a scripted engine, a predictable review.

The review pipeline runs for real (run_review, merge, storage) but with one small
deterministic stage instead of the scanner set, so these tests assert the session's
behaviour without depending on every scanner's current rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest
import sqlite_utils

from app.core.findings import Confidence, Finding, Severity, StageResult
from app.core.projects import Project, create_project
from app.core.review import ReviewOptions
from app.core.review_service import ModelChoice
from app.core.sources import SourceFile
from app.llm.fake import FakeEngine
from app.scan.base import Stage, StageContext
from app.store.db import open_database

# (pattern, rule id, title, CWE, severity): what the test stage reports, one finding a line.
PATTERNS = (
    (r"debug\s*=\s*True", "test.debug", "Debug mode on", 489, Severity.MEDIUM),
    (r"\.filename\)", "test.client-name", "Client file name used as a path", 22, Severity.HIGH),
    (r"\bmd5\b", "test.md5", "Weak hash", 327, Severity.MEDIUM),
)
NO_MODEL_REVIEW = ReviewOptions(stages=frozenset({"policy"}))


class PatternStage:
    """A deterministic review stage for tests: one finding per line matching PATTERNS."""

    name = "test-patterns"

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        for file in files:
            for number, line in enumerate(file.lines, start=1):
                for pattern, rule, title, cwe, severity in PATTERNS:
                    if re.search(pattern, line):
                        result.findings.append(
                            _finding(file, number, line, rule, title, cwe, severity)
                        )
        return result


def _finding(
    file: SourceFile, number: int, line: str, rule: str, title: str, cwe: int, severity: Severity
) -> Finding:
    return Finding(
        rule_id=rule, title=title, cwe=(cwe,), severity=severity, confidence=Confidence.HIGH,
        sources=("test-patterns",), file=file.path, start_line=number, end_line=number,
        snippet=line.strip(), message=f"{title} here", fix=f"do not: {title.lower()}",
    )  # fmt: skip


@pytest.fixture
def pattern_review(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the review pipeline's deterministic part the PatternStage."""

    def stages(_: frozenset[str]) -> list[Stage]:
        return [PatternStage()]

    monkeypatch.setattr("app.core.review.deterministic_stages", stages)


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_database()
    yield database
    database.close()


@pytest.fixture
def upload_project(db: sqlite_utils.Database) -> Project:
    return create_project(db, "demo", template="file-upload-service")


@pytest.fixture
def empty_project(db: sqlite_utils.Database) -> Project:
    return create_project(db, "bare")


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(model_id="fake-coder")


@pytest.fixture
def model(engine: FakeEngine) -> ModelChoice:
    return ModelChoice(engine, "fake-coder", "ab" * 32)
