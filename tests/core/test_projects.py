"""Project use cases against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import projects as service
from app.core.errors import ProjectExists
from app.store import projects as repo
from app.store.db import open_database


def _counts(path: Path) -> tuple[int, int]:
    db = open_database(path)
    projects = db.execute("SELECT COUNT(*) FROM projects").fetchone()[0]
    versions = db.execute("SELECT COUNT(*) FROM threat_model_versions").fetchone()[0]
    return int(projects), int(versions)


def test_a_failed_create_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path)
    service.create_project(db, "existing", template="web-api")
    before = _counts(path)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(repo, "add_threat_model_version", fail)
    with pytest.raises(OSError):
        service.create_project(db, "new-one", template="web-api")
    assert _counts(path) == before
    assert [row.name for row in service.list_projects(db)] == ["existing"]


def test_every_edit_keeps_the_old_version(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    service.create_project(db, "demo", template="web-api")
    service.set_threat_model_values(db, "demo", ["exposure=internal"])
    service.set_threat_model_values(db, "demo", ["exposure=local", "notes=moved to laptop"])
    history = service.threat_model_history(db, "demo")
    assert [v.threat_model.exposure for v in history] == ["internet", "internal", "local"]
    assert history[-1].threat_model.notes == "moved to laptop"
    assert len({v.sha256 for v in history}) == 3


def test_a_project_name_must_be_unique(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    service.create_project(db, "demo")
    with pytest.raises(ProjectExists):
        service.create_project(db, "demo")


def test_a_project_without_template_gets_a_minimal_threat_model(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    project = service.create_project(db, "bare")
    assert project.threat_model.name == "bare"
    assert project.version == 1


def test_slugify_makes_a_valid_project_name() -> None:
    assert service.slugify("Photo sharing API") == "photo-sharing-api"
    assert service.validate_project_name(service.slugify("  ?!  ")) == "project"
