from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import available_timezones

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from .auth import login_required
from .extensions import db

bp = Blueprint("profile", __name__, url_prefix="/api/profile")

EDITABLE_FIELDS = frozenset({"display_name", "bio", "timezone", "locale", "newsletter_opt_in"})
_TIMEZONES = available_timezones()


class Member(db.Model):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[str] = mapped_column(String(1000), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    locale: Mapped[str] = mapped_column(String(16), default="en")
    newsletter_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    plan: Mapped[str] = mapped_column(String(20), default="free")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "display_name": self.display_name,
            "bio": self.bio,
            "timezone": self.timezone,
            "locale": self.locale,
            "newsletter_opt_in": self.newsletter_opt_in,
            "plan": self.plan,
        }


@bp.get("")
@login_required
def show_profile():
    return jsonify(g.member.to_dict())


@bp.patch("")
@login_required
def update_profile():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "expected a JSON object")

    changes = {key: value for key, value in data.items() if key in EDITABLE_FIELDS}
    if not changes:
        abort(400, "nothing to update")
    if "timezone" in changes and changes["timezone"] not in _TIMEZONES:
        abort(400, "unknown timezone")
    if "display_name" in changes and not (1 <= len(str(changes["display_name"])) <= 80):
        abort(400, "display_name must be 1-80 characters")

    member: Member = g.member
    for key, value in changes.items():
        setattr(member, key, value)
    member.updated_at = datetime.now(timezone.utc)
    db.session.commit()
    return jsonify(member.to_dict())
