"""Fixtures for generation sessions: a project, a scripted engine, a predictable review.

The review pipeline runs for real (run_review, merge, storage) but with one small
deterministic stage instead of the scanner set, so these tests assert the session's
behaviour without depending on every scanner's current rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from app.core.findings import Severity
from app.core.projects import Project, create_project
from app.core.review import ReviewOptions
from app.core.review_service import ModelChoice
from app.llm.fake import FakeEngine
from app.scan.base import Stage
from app.store.db import open_database
from tests.pattern_stage import PatternStage

# (pattern, rule id, title, CWE, severity): what the test stage reports, one finding a line.
PATTERNS = (
    (r"debug\s*=\s*True", "test.debug", "Debug mode on", 489, Severity.MEDIUM),
    (r"\.filename\)", "test.client-name", "Client file name used as a path", 22, Severity.HIGH),
    (r"\bmd5\b", "test.md5", "Weak hash", 327, Severity.MEDIUM),
)
NO_MODEL_REVIEW = ReviewOptions(stages=frozenset({"policy"}))


@pytest.fixture
def pattern_review(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the review pipeline's deterministic part the PatternStage."""

    def stages(_: frozenset[str]) -> list[Stage]:
        return [PatternStage(PATTERNS)]

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
