from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Project

MAX_PROJECTS_PER_OWNER = 25


class QuotaExceeded(Exception):
    pass


def count_for_owner(session: Session, owner_id: int) -> int:
    rows = session.scalars(select(Project.id).where(Project.owner_id == owner_id))
    return len(rows.all())


def create_project(session: Session, owner_id: int, fields: dict[str, Any]) -> Project:
    if count_for_owner(session, owner_id) >= MAX_PROJECTS_PER_OWNER:
        raise QuotaExceeded(owner_id)
    project = Project(**fields)
    project.owner_id = owner_id
    session.add(project)
    session.commit()
    session.refresh(project)
    return project


def list_projects(session: Session, owner_id: int) -> list[Project]:
    stmt = select(Project).where(Project.owner_id == owner_id).order_by(Project.created_at.desc())
    return list(session.scalars(stmt))
