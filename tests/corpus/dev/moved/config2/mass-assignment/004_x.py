"""Profile editing service shared by the web and mobile API layers.

The HTTP handlers decode the JSON body of ``PATCH /profile`` and hand the
resulting mapping straight to :func:`apply_profile_changes`.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class UserProfile:
    user_id: int
    username: str
    display_name: str = ""
    bio: str = ""
    avatar_url: str = ""
    locale: str = "en"
    role: str = "member"
    email_verified: bool = False
    storage_quota_mb: int = 512
    updated_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class ProfileError(ValueError):
    pass


_FIELD_NAMES = {f.name for f in fields(UserProfile)}


def _is_editable(name: str) -> bool:
    return name in _FIELD_NAMES and not name.startswith("_") and name != "user_id"


def _coerce(name: str, value: Any) -> Any:
    match name:
        case "display_name" | "bio" | "avatar_url" | "locale" | "username" | "role":
            if not isinstance(value, str):
                raise ProfileError(f"{name} must be a string")
            return value.strip()
        case "email_verified":
            return bool(value)
        case "storage_quota_mb":
            return int(value)
        case _:
            return value


def apply_profile_changes(profile: UserProfile, changes: Mapping[str, Any]) -> list[str]:
    """Apply a partial update to ``profile`` and return the names of changed fields."""
    changed: list[str] = []
    for name, raw in changes.items():
        if not _is_editable(name):
            log.debug("ignoring unknown profile field %r", name)
            continue
        value = _coerce(name, raw)
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        profile.updated_at = datetime.now(timezone.utc)
    return changed


def profile_to_dict(profile: UserProfile) -> dict[str, Any]:
    return {
        "user_id": profile.user_id,
        "username": profile.username,
        "display_name": profile.display_name,
        "bio": profile.bio,
        "avatar_url": profile.avatar_url,
        "locale": profile.locale,
        "updated_at": profile.updated_at.isoformat(),
    }
