from __future__ import annotations

from argon2 import PasswordHasher
from flask import current_app

from .db import get_conn

_hasher = PasswordHasher()


def find_by_email(email: str) -> dict | None:
    with get_conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, email, display_name FROM users WHERE email = %s", (email,))
        row = cur.fetchone()
    if row is None:
        return None
    return {"id": row[0], "email": row[1], "display_name": row[2]}


def set_password(email: str, new_password: str) -> bool:
    password_hash = _hasher.hash(new_password)
    with get_conn() as conn, conn.cursor() as cur:
        cur.execute(
            "UPDATE users SET password_hash = %s, password_changed_at = now() WHERE email = %s",
            (password_hash, email),
        )
        changed = cur.rowcount == 1
        conn.commit()
    current_app.logger.info("password reset completed (changed=%s)", changed)
    return changed


def revoke_sessions(email: str) -> None:
    with get_conn() as conn, conn.cursor() as cur:
        cur.execute(
            "DELETE FROM user_sessions WHERE user_id = (SELECT id FROM users WHERE email = %s)",
            (email,),
        )
        conn.commit()
