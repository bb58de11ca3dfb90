from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Project

MAX_PROJECTS_PER_OWNER = 25


class QuotaExceeded(Exception):
    pass


@dataclass(frozen=True, slots=True)
class ProjectDraft:
    name: str
    description: str = ""
    visibility: str = "private"


def count_for_owner(session: Session, owner_id: int) -> int:
    rows = session.scalars(select(Project.id).where(Project.owner_id == owner_id))
    return len(rows.all())


def create_project(session: Session, owner_id: int, draft: ProjectDraft) -> Project:
    if count_for_owner(session, owner_id) >= MAX_PROJECTS_PER_OWNER:
        raise QuotaExceeded(owner_id)
    project = Project(
        owner_id=owner_id,
        name=draft.name,
        description=draft.description,
        visibility=draft.visibility,
    )
    session.add(project)
    session.commit()
    session.refresh(project)
    return project


def list_projects(session: Session, owner_id: int) -> list[Project]:
    stmt = select(Project).where(Project.owner_id == owner_id).order_by(Project.created_at.desc())
    return list(session.scalars(stmt))
