"""Project and threat-model writes for the desktop app, run on a worker thread. No Qt here."""

from __future__ import annotations

from typing import Any

from app.core import projects
from app.core.projects import Project
from app.core.threat_model import threat_model_from_dict
from app.ui.jobs import Context, database


def create_project(_: Context, name: str, template: str | None) -> Project:
    with database() as db:
        return projects.create_project(db, name, template=template)


def save_threat_model(_: Context, name: str, document: dict[str, Any], comment: str) -> Project:
    """Validate the edited document and store it as the project's next version."""
    model = threat_model_from_dict(document, source=f"project {name} (edited)")
    with database() as db:
        project = projects.get_project(db, name)
        if model == project.threat_model:
            return project  # nothing changed: no new version
        # app.core.projects has no public "store this model" use case yet; this is the one
        # the import and set commands share (asked for as projects.save_threat_model).
        return projects._store_new_version(db, project, model, comment=comment)
