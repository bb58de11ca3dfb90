"""Shift hand-over board for the NOC: one page, people leave short notes."""
import re
import os
import sqlite3
import threading
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

DB_PATH = "/var/lib/handover/notes.db"
MAX_NOTE = 2000

_db_lock = threading.Lock()
_conn = sqlite3.connect(DB_PATH, check_same_thread=False)
_conn.execute(
    "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, author TEXT, body TEXT, created TEXT)"
)

_SCRIPT_BLOCK = re.compile(r"<\s*script[^>]*>.*?<\s*/\s*script\s*>", re.IGNORECASE | re.DOTALL)


def clean_note(text: str) -> str:
    """Strip script blocks and keep line breaks."""
    text = _SCRIPT_BLOCK.sub("", text)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def _render(rows) -> bytes:
    items = []
    for author, body, created in rows:
        items.append(
            f'<article><header>{clean_note(author)} · <time>{created}</time></header>'
            f"<p>{clean_note(body)}</p></article>"
        )
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Hand-over</title></head>
<body>
<form method="post" action="/">
  <input name="author" placeholder="name" required>
  <textarea name="body" rows="4" cols="80" required></textarea>
  <button>Post</button>
</form>
{"".join(items)}
</body></html>"""
    return page.encode("utf-8")


class HandoverHandler(BaseHTTPRequestHandler):
    server_version = "handover/1.0"

    def _send(self, code: HTTPStatus, body: bytes = b"", ctype: str = "text/html; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path not in ("/", "/index.html"):
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            return
        with _db_lock:
            rows = _conn.execute(
                "SELECT author, body, created FROM notes ORDER BY id DESC LIMIT 100"
            ).fetchall()
        self._send(HTTPStatus.OK, _render(rows))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 16 * 1024:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"too large", "text/plain")
            return
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        author = form.get("author", [""])[0].strip()[:60]
        body = form.get("body", [""])[0].strip()[:MAX_NOTE]
        if author and body:
            created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            with _db_lock, _conn:
                _conn.execute(
                    "INSERT INTO notes (author, body, created) VALUES (?, ?, ?)",
                    (author, body, created),
                )
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", "/")
        self.end_headers()


if __name__ == "__main__":
    bind = os.environ.get("HANDOVER_BIND", "127.0.0.1")
    ThreadingHTTPServer((bind, int(os.environ.get("HANDOVER_PORT", "8099"))), HandoverHandler).serve_forever()
