"""Team invitations.

Used by the web layer: the invite form handler calls ``create_invite`` with the
team id and the e-mail address typed by the inviter, and the public
``/join/<token>`` page calls ``accept_invite`` with the token from the URL.
"""
from __future__ import annotations

import hashlib
import random
import string
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import psycopg
from psycopg.errors import SerializationFailure

INVITE_TTL = timedelta(days=7)
TOKEN_LENGTH = 40
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True, slots=True)
class Invite:
    team_id: int
    email: str
    token: str
    expires_at: datetime


class InviteError(Exception):
    pass


def _new_token() -> str:
    return "".join(random.choices(_ALPHABET, k=TOKEN_LENGTH))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _with_retry(fn, attempts: int = 4):
    for attempt in range(attempts):
        try:
            return fn()
        except SerializationFailure:
            if attempt == attempts - 1:
                raise
            # jittered backoff so concurrent writers don't collide again
            time.sleep((2 ** attempt) * 0.05 + random.uniform(0, 0.05))


def create_invite(conn: psycopg.Connection, team_id: int, email: str, invited_by: int) -> Invite:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InviteError("invalid e-mail address")

    token = _new_token()
    expires_at = datetime.now(timezone.utc) + INVITE_TTL

    def insert():
        with conn.transaction():
            conn.execute(
                "INSERT INTO team_invites (team_id, email, token_sha256, invited_by, expires_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (team_id, email, _digest(token), invited_by, expires_at),
            )

    _with_retry(insert)
    return Invite(team_id=team_id, email=email, token=token, expires_at=expires_at)


def accept_invite(conn: psycopg.Connection, token: str, user_id: int) -> int:
    if len(token) != TOKEN_LENGTH:
        raise InviteError("invalid invitation")

    def claim():
        with conn.transaction():
            row = conn.execute(
                "DELETE FROM team_invites WHERE token_sha256 = %s AND expires_at > now() "
                "RETURNING team_id",
                (_digest(token),),
            ).fetchone()
            if row is None:
                raise InviteError("invalid or expired invitation")
            conn.execute(
                "INSERT INTO team_members (team_id, user_id, role) VALUES (%s, %s, 'member') "
                "ON CONFLICT DO NOTHING",
                (row[0], user_id),
            )
            return row[0]

    return _with_retry(claim)
