import os
import secrets
from dataclasses import dataclass

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

_hasher = PasswordHasher()
_conninfo = os.environ["CHECKOUT_DB_DSN"]


@dataclass
class Account:
    id: int
    username: str


def verify_login(username: str, password: str) -> Account | None:
    with psycopg.connect(_conninfo) as conn:
        row = conn.execute(
            "SELECT id, username, password_hash FROM accounts WHERE username = %s AND disabled = false",
            (username,),
        ).fetchone()
    if row is None:
        return None
    try:
        _hasher.verify(row[2], password)
    except VerifyMismatchError:
        return None
    return Account(id=row[0], username=row[1])


def open_session(account: Account) -> str:
    session_id = secrets.token_urlsafe(32)
    with psycopg.connect(_conninfo) as conn:
        conn.execute(
            "INSERT INTO web_sessions (id, account_id, expires_at) VALUES (%s, %s, now() + interval '12 hours')",
            (session_id, account.id),
        )
    return session_id
