"""Project use cases: each function is one user action and one transaction.

The CLI and the GUI call these; they never touch SQL or the threat-model parser directly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app.core.errors import UserInputError
from app.core.otm import dump_otm, load_threat_model_file
from app.core.threat_model import (
    ThreatModel,
    dump_threat_model,
    load_template,
    load_threat_model,
    set_key_path,
    threat_model_from_dict,
    threat_model_to_dict,
)
from app.store import projects as repo
from app.store.db import transaction

_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    created_at: str
    updated_at: str
    version: int
    threat_model: ThreatModel


@dataclass(frozen=True)
class ThreatModelVersion:
    version: int
    sha256: str
    comment: str
    created_at: str
    threat_model: ThreatModel


def validate_project_name(name: str) -> str:
    if not _NAME_PATTERN.match(name):
        raise UserInputError(
            f"invalid project name {name!r}: use 1-64 letters, digits, '.', '_' or '-',"
            " starting with a letter or digit"
        )
    return name


def create_project(
    db: sqlite_utils.Database,
    name: str,
    *,
    template: str | None = None,
    source_file: Path | None = None,
) -> Project:
    """Create a project whose first threat model comes from a template, a file, or a stub."""
    validate_project_name(name)
    if template and source_file:
        raise UserInputError("give either a template or a file, not both")
    model, comment = _initial_threat_model(name, template=template, source_file=source_file)
    return _insert_project(db, name, model, comment=comment)


def _insert_project(
    db: sqlite_utils.Database, name: str, model: ThreatModel, *, comment: str
) -> Project:
    with transaction(db):
        project_id = repo.insert_project(db, name)
        repo.add_threat_model_version(db, project_id, threat_model_to_dict(model), comment=comment)
    return get_project(db, name)


def _initial_threat_model(
    name: str, *, template: str | None, source_file: Path | None
) -> tuple[ThreatModel, str]:
    if template:
        return load_template(template), f"created from template {template}"
    if source_file:
        return load_threat_model(source_file), f"created from {source_file.name}"
    return threat_model_from_dict({"airlock_threat_model": 1, "name": name}), "created empty"


def get_project(db: sqlite_utils.Database, name: str) -> Project:
    row = repo.get_project(db, name)
    latest = repo.threat_model_version(db, row.id)
    model = threat_model_from_dict(latest.document, source=f"project {name}")
    return Project(row.id, row.name, row.created_at, row.updated_at, latest.version, model)


def list_projects(db: sqlite_utils.Database) -> list[repo.ProjectRow]:
    return repo.list_projects(db)


def set_threat_model_values(
    db: sqlite_utils.Database, name: str, assignments: list[str]
) -> Project:
    """Apply `key.path=value` assignments and store the result as one new version."""
    if not assignments:
        raise UserInputError("nothing to set: give one or more key.path=value")
    project = get_project(db, name)
    document = threat_model_to_dict(project.threat_model)
    for assignment in assignments:
        key_path, value = _split_assignment(assignment)
        document = set_key_path(document, key_path, value, source=f"project {name}")
    updated = threat_model_from_dict(document, source=f"project {name}")
    comment = "set " + ", ".join(assignments)
    return _store_new_version(db, project, updated, comment=comment)


def _split_assignment(assignment: str) -> tuple[str, str]:
    key_path, sep, value = assignment.partition("=")
    if not sep or not key_path.strip():
        raise UserInputError(f"expected key.path=value, got {assignment!r}")
    return key_path.strip(), value


@dataclass(frozen=True)
class ImportResult:
    project: Project
    created: bool
    warnings: tuple[str, ...] = ()  # what an OTM import could not carry over


def import_threat_model(
    db: sqlite_utils.Database, source_file: Path, *, project_name: str | None = None
) -> tuple[Project, bool]:
    """Import a file in Airlock's format: a new version of an existing project, or a new project.

    Returns the project and whether it was newly created. import_threat_model_file also
    reads OTM and reports what it could not carry over.
    """
    result = import_threat_model_file(db, source_file, project_name=project_name, fmt="airlock")
    return result.project, result.created


def import_threat_model_file(
    db: sqlite_utils.Database,
    source_file: Path,
    *,
    project_name: str | None = None,
    fmt: str = "auto",
) -> ImportResult:
    """Import Airlock's format or OTM (`fmt`: auto, airlock, otm) as a new project or version.

    The project is `project_name`, else an OTM file's project.id when that is a valid name,
    else the model's name made into one.
    """
    loaded = load_threat_model_file(source_file, fmt=fmt)
    suggested = loaded.project_id if _NAME_PATTERN.match(loaded.project_id or "") else None
    name = validate_project_name(project_name or suggested or slugify(loaded.model.name))
    if name not in {row.name for row in repo.list_projects(db)}:
        created = _insert_project(
            db, name, loaded.model, comment=f"created from {source_file.name}"
        )
        return ImportResult(created, True, loaded.warnings)
    comment = f"imported {source_file.name}"
    project = _store_new_version(db, get_project(db, name), loaded.model, comment=comment)
    return ImportResult(project, False, loaded.warnings)


def _store_new_version(
    db: sqlite_utils.Database, project: Project, model: ThreatModel, *, comment: str
) -> Project:
    with transaction(db):
        repo.add_threat_model_version(db, project.id, threat_model_to_dict(model), comment=comment)
    return get_project(db, project.name)


def export_threat_model(db: sqlite_utils.Database, name: str, *, fmt: str = "yaml") -> str:
    """The current model as `yaml` or `json` (Airlock's format), `otm-json` or `otm-yaml`."""
    model = get_project(db, name).threat_model
    if fmt.startswith("otm-"):
        return dump_otm(model, fmt.removeprefix("otm-"), project_id=name)
    return dump_threat_model(model, fmt)


def threat_model_history(db: sqlite_utils.Database, name: str) -> list[ThreatModelVersion]:
    row = repo.get_project(db, name)
    return [
        ThreatModelVersion(
            v.version,
            v.sha256,
            v.comment,
            v.created_at,
            threat_model_from_dict(v.document, source=f"project {name} v{v.version}"),
        )
        for v in repo.threat_model_versions(db, row.id)
    ]


def diff_threat_model_versions(db: sqlite_utils.Database, name: str, old: int, new: int) -> str:
    """A unified diff of two versions, as YAML."""
    row = repo.get_project(db, name)
    texts = []
    for version in (old, new):
        document = repo.threat_model_version(db, row.id, version).document
        texts.append(dump_threat_model(threat_model_from_dict(document), "yaml"))
    lines = difflib.unified_diff(
        texts[0].splitlines(keepends=True),
        texts[1].splitlines(keepends=True),
        fromfile=f"{name} v{old}",
        tofile=f"{name} v{new}",
    )
    return "".join(lines)


def slugify(text: str) -> str:
    """A project name derived from a threat model's display name."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._").lower()
    return slug[:64] or "project"
