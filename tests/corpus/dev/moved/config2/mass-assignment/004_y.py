"""Profile editing service shared by the web and mobile API layers.

The HTTP handlers decode the JSON body of ``PATCH /profile`` and hand the
resulting mapping straight to :func:`apply_profile_changes`.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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


# Fields a user may change about themselves; everything else is managed by
# staff tooling or the billing service.
SELF_EDITABLE = frozenset({"display_name", "bio", "avatar_url", "locale"})
SUPPORTED_LOCALES = ("en", "de", "fr", "es", "pt", "ja")


def _is_editable(name: str) -> bool:
    return name in SELF_EDITABLE


def _coerce(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        raise ProfileError(f"{name} must be a string")
    value = value.strip()
    match name:
        case "locale" if value not in SUPPORTED_LOCALES:
            raise ProfileError("unsupported locale")
        case "avatar_url" if value and not value.startswith("https://"):
            raise ProfileError("avatar must be an https URL")
        case "display_name" if len(value) > 80:
            raise ProfileError("display name too long")
    return value


def apply_profile_changes(profile: UserProfile, changes: Mapping[str, Any]) -> list[str]:
    """Apply a partial update to ``profile`` and return the names of changed fields."""
    changed: list[str] = []
    for name, raw in changes.items():
        if not _is_editable(name):
            log.debug("ignoring non-editable profile field %r", name)
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
