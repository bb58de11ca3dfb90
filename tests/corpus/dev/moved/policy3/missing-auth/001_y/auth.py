"""Session handling for the staff portal."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import g, session

from .db import get_db


@dataclass(frozen=True)
class StaffMember:
    id: int
    display_name: str
    role: str


def load_staff(staff_id: int | None) -> StaffMember | None:
    if staff_id is None:
        return None
    row = get_db().execute(
        "SELECT id, display_name, role FROM staff WHERE id = ? AND active = 1",
        (staff_id,),
    ).fetchone()
    return StaffMember(*row) if row else None


def staff_required(view):
    """Attach the signed-in staff member to ``g`` before running the view."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        g.staff = load_staff(session.get("staff_id"))
        return view(*args, **kwargs)

    return wrapped
