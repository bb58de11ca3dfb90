import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Comment:
    id: int
    post_slug: str
    author: str
    body: str
    created_at: str


class CommentStore:
    def __init__(self, path: str):
        self._path = path
        with self._connect() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS comments ("
                " id INTEGER PRIMARY KEY, post_slug TEXT NOT NULL,"
                " author TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path)
        conn.row_factory = sqlite3.Row
        return conn

    def add(self, post_slug: str, author: str, body: str) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO comments (post_slug, author, body, created_at) VALUES (?, ?, ?, ?)",
                (post_slug, author, body, now),
            )

    def for_post(self, post_slug: str) -> list[Comment]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, post_slug, author, body, created_at FROM comments"
                " WHERE post_slug = ? ORDER BY id",
                (post_slug,),
            ).fetchall()
        return [Comment(**dict(r)) for r in rows]
