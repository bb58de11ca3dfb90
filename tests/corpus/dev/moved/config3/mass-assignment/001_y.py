"""Profile endpoints for the member portal (Pyramid + SQLAlchemy)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from pyramid.httpexceptions import HTTPBadRequest, HTTPForbidden, HTTPNotFound
from pyramid.view import view_config, view_defaults
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    is_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_balance: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "display_name": self.display_name,
            "bio": self.bio,
            "timezone": self.timezone,
            "is_moderator": self.is_moderator,
        }


@view_defaults(route_name="member_profile", renderer="json")
class ProfileViews:
    def __init__(self, request):
        self.request = request
        self.dbsession = request.dbsession

    def _load(self) -> Member:
        try:
            member_id = int(self.request.matchdict["member_id"])
        except (KeyError, ValueError):
            raise HTTPBadRequest()
        member = self.dbsession.get(Member, member_id)
        if member is None:
            raise HTTPNotFound()
        if self.request.authenticated_userid != member.id:
            raise HTTPForbidden()
        return member

    @view_config(request_method="GET", permission="view")
    def show(self):
        return self._load().as_dict()

    @view_config(request_method="PATCH", permission="edit")
    def update(self):
        member = self._load()
        try:
            changes = self.request.json_body
        except ValueError:
            raise HTTPBadRequest(json_body={"error": "invalid json"})
        if not isinstance(changes, dict):
            raise HTTPBadRequest(json_body={"error": "expected an object"})

        for field, value in changes.items():
            if field == "id" or not hasattr(member, field):
                continue
            setattr(member, field, value)

        member.updated_at = datetime.now(timezone.utc)
        self.dbsession.flush()
        log.info("member %s updated fields %s", member.id, sorted(changes))
        return member.as_dict()
