"""The models repository: installed model files, role defaults and engine settings.

Writes are plain SQL and must run inside `transaction(db)` (one user action, one
transaction); the caller opens it, so that e.g. registering a model and making it the default
for a role is stored together or not at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

ModelSource = Literal["embedded", "pull", "import"]


@dataclass(frozen=True)
class ModelRecord:
    id: str
    display_name: str
    path: Path
    size_bytes: int
    sha256: str
    source: ModelSource
    catalog_revision: str | None
    added_at: str
    verified_at: str | None
    # Stat stamp taken when the file was last hashed; a changed stamp forces a re-hash.
    verified_mtime_ns: int | None = None


class ModelRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    # -- models -------------------------------------------------------------------------

    def get(self, model_id: str) -> ModelRecord | None:
        row = self._db.execute(f"{_SELECT} WHERE id = ?", [model_id]).fetchone()
        return self._record(row) if row else None

    def list(self) -> list[ModelRecord]:
        rows = self._db.execute(f"{_SELECT} ORDER BY size_bytes, id").fetchall()
        return [self._record(row) for row in rows]

    def save(self, record: ModelRecord) -> None:
        self._require_transaction()
        self._db.execute(
            "INSERT INTO models (id, display_name, path, size_bytes, sha256, source,"
            " catalog_revision, added_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name,"
            " path = excluded.path, size_bytes = excluded.size_bytes,"
            " sha256 = excluded.sha256, source = excluded.source,"
            " catalog_revision = excluded.catalog_revision, verified_at = excluded.verified_at",
            [
                record.id,
                record.display_name,
                str(record.path),
                record.size_bytes,
                record.sha256,
                record.source,
                record.catalog_revision,
                record.added_at,
                record.verified_at,
            ],
        )
        self._set_mtime_stamp(record.id, record.verified_mtime_ns)

    def mark_verified(self, model_id: str, *, verified_at: str, mtime_ns: int) -> None:
        self._require_transaction()
        self._db.execute("UPDATE models SET verified_at = ? WHERE id = ?", [verified_at, model_id])
        self._set_mtime_stamp(model_id, mtime_ns)

    def mark_unverified(self, model_id: str) -> None:
        self._require_transaction()
        self._db.execute("UPDATE models SET verified_at = NULL WHERE id = ?", [model_id])
        self._set_mtime_stamp(model_id, None)

    def delete(self, model_id: str) -> None:
        self._require_transaction()
        # model_roles rows go with it (ON DELETE CASCADE).
        self._db.execute("DELETE FROM models WHERE id = ?", [model_id])
        self._set_mtime_stamp(model_id, None)

    # -- roles --------------------------------------------------------------------------

    def roles(self) -> dict[str, str]:
        rows = self._db.execute("SELECT role, model_id FROM model_roles").fetchall()
        return {str(role): str(model_id) for role, model_id in rows}

    def set_role(self, role: str, model_id: str) -> None:
        self._require_transaction()
        self._db.execute(
            "INSERT INTO model_roles (role, model_id) VALUES (?, ?)"
            " ON CONFLICT(role) DO UPDATE SET model_id = excluded.model_id",
            [role, model_id],
        )

    # -- settings -----------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def settings_with_prefix(self, prefix: str) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?", [len(prefix), prefix]
        ).fetchall()
        return {str(key)[len(prefix) :]: str(value) for key, value in rows}

    def set_setting(self, key: str, value: str | None) -> None:
        self._require_transaction()
        if value is None:
            self._db.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # -- internals ----------------------------------------------------------------------

    # The models table has no mtime column yet (schema v1); until a migration adds
    # models.verified_mtime_ns, the stamp lives in settings under this key.
    @staticmethod
    def _mtime_key(model_id: str) -> str:
        return f"models.{model_id}.verified_mtime_ns"

    def _set_mtime_stamp(self, model_id: str, mtime_ns: int | None) -> None:
        self.set_setting(self._mtime_key(model_id), None if mtime_ns is None else str(mtime_ns))

    def _record(self, row: Any) -> ModelRecord:
        stamp = self.setting(self._mtime_key(row[0]))
        return ModelRecord(
            id=row[0],
            display_name=row[1],
            path=Path(row[2]),
            size_bytes=int(row[3]),
            sha256=row[4],
            source=row[5],
            catalog_revision=row[6],
            added_at=row[7],
            verified_at=row[8],
            verified_mtime_ns=int(stamp) if stamp is not None else None,
        )

    def _require_transaction(self) -> None:
        conn: sqlite3.Connection = self._db.conn
        if not conn.in_transaction:
            raise RuntimeError("model repository writes must run inside transaction(db)")


_SELECT = (
    "SELECT id, display_name, path, size_bytes, sha256, source, catalog_revision,"
    " added_at, verified_at FROM models"
)
