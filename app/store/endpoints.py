"""The endpoints repository: which role uses an inference server, and the allowed hosts.

Plain rows only; what a URL may point at is decided in app.llm.endpoints. Writes must run
inside `transaction(db)`. The API key is never stored here (see app.llm.credentials).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from app.store.timeutil import utc_now

KeyStore = Literal["keyring", "file"]


@dataclass(frozen=True)
class EndpointRow:
    role: str
    url: str
    model: str
    ca_bundle: str | None
    timeout_s: float
    api_key_store: KeyStore | None
    updated_at: str = ""


_SELECT = "SELECT role, url, model, ca_bundle, timeout_s, api_key_store, updated_at FROM endpoints"


def get_endpoint(db: sqlite_utils.Database, role: str) -> EndpointRow | None:
    row = db.execute(f"{_SELECT} WHERE role = ?", [role]).fetchone()
    return _row(row) if row else None


def list_endpoints(db: sqlite_utils.Database) -> dict[str, EndpointRow]:
    return {row[0]: _row(row) for row in db.execute(f"{_SELECT} ORDER BY role").fetchall()}


def set_endpoint(db: sqlite_utils.Database, endpoint: EndpointRow) -> None:
    _require_transaction(db)
    db.execute(
        "INSERT INTO endpoints (role, url, model, ca_bundle, timeout_s, api_key_store,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(role) DO UPDATE SET url = excluded.url, model = excluded.model,"
        " ca_bundle = excluded.ca_bundle, timeout_s = excluded.timeout_s,"
        " api_key_store = excluded.api_key_store, updated_at = excluded.updated_at",
        [
            endpoint.role,
            endpoint.url,
            endpoint.model,
            endpoint.ca_bundle,
            endpoint.timeout_s,
            endpoint.api_key_store,
            utc_now(),
        ],
    )


def delete_endpoint(db: sqlite_utils.Database, role: str) -> bool:
    """Forget the role's endpoint; True if there was one."""
    _require_transaction(db)
    cursor = db.execute("DELETE FROM endpoints WHERE role = ?", [role])
    return bool(cursor.rowcount)


def allowed_hosts(db: sqlite_utils.Database) -> list[str]:
    return [str(row[0]) for row in db.execute("SELECT host FROM allowed_hosts ORDER BY host")]


def add_allowed_host(db: sqlite_utils.Database, host: str) -> None:
    _require_transaction(db)
    db.execute(
        "INSERT INTO allowed_hosts (host, added_at) VALUES (?, ?) ON CONFLICT(host) DO NOTHING",
        [host, utc_now()],
    )


def remove_allowed_host(db: sqlite_utils.Database, host: str) -> bool:
    _require_transaction(db)
    return bool(db.execute("DELETE FROM allowed_hosts WHERE host = ?", [host]).rowcount)


def _row(row: Any) -> EndpointRow:
    return EndpointRow(
        role=str(row[0]),
        url=str(row[1]),
        model=str(row[2]),
        ca_bundle=row[3],
        timeout_s=float(row[4]),
        api_key_store=row[5],
        updated_at=str(row[6]),
    )


def _require_transaction(db: sqlite_utils.Database) -> None:
    conn: sqlite3.Connection = db.conn
    if not conn.in_transaction:
        raise RuntimeError("endpoint writes must run inside transaction(db)")
