"""CSV export renderer for dashboard reports (runs behind the mTLS sidecar)."""
import csv
import io
import logging
import os
import re
import traceback
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import psycopg

log = logging.getLogger("renderer")

REPORTS = {
    "daily-active": (
        "SELECT day, count(DISTINCT user_id) FROM events"
        " WHERE account_id = %(account)s AND day BETWEEN %(start)s AND %(end)s GROUP BY day ORDER BY day",
        ("day", "active_users"),
    ),
    "top-pages": (
        "SELECT page, count(*) AS views FROM pageviews"
        " WHERE account_id = %(account)s AND day BETWEEN %(start)s AND %(end)s"
        " GROUP BY page ORDER BY views DESC LIMIT 100",
        ("page", "views"),
    ),
}
PATH_RE = re.compile(r"^/reports/(?P<name>[a-z-]+)\.csv$")


class ReportHandler(BaseHTTPRequestHandler):
    server_version = "renderer/1.3"

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/health":
            self._send(HTTPStatus.OK, b"ok\n", "text/plain")
            return
        match = PATH_RE.match(url.path)
        if not match or match["name"] not in REPORTS:
            self.send_error(HTTPStatus.NOT_FOUND)
            return

        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            params = {
                "account": int(query["account"]),
                "start": date.fromisoformat(query["from"]),
                "end": date.fromisoformat(query["to"]),
            }
        except (KeyError, ValueError):
            self.send_error(HTTPStatus.BAD_REQUEST, "account, from and to are required")
            return

        sql, header = REPORTS[match["name"]]
        try:
            body = self._render(sql, header, params)
        except Exception:
            log.exception("report %s failed for account %s", match["name"], params["account"])
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, "Report failed", traceback.format_exc())
            return
        self._send(HTTPStatus.OK, body, "text/csv; charset=utf-8")

    def _render(self, sql: str, header: tuple[str, ...], params: dict) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        with psycopg.connect(os.environ["WAREHOUSE_DSN"], connect_timeout=5) as conn:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                for row in cur:
                    writer.writerow(row)
        return buf.getvalue().encode("utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8081"))), ReportHandler).serve_forever()
