"""Log search endpoint for the ops dashboard (plain WSGI, served by gunicorn)."""
import json
import re
from collections import deque
from urllib.parse import parse_qs

LOG_FILES = {
    "api": "/var/log/shop/api.log",
    "worker": "/var/log/shop/worker.log",
    "payments": "/var/log/shop/payments.log",
}
TAIL_LINES = 20_000
MAX_RESULTS = 200


def _json(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _tail(path: str, n: int) -> deque[str]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return deque(fh, maxlen=n)


def search_log(service: str, term: str, ignore_case: bool) -> list[str]:
    flags = re.IGNORECASE if ignore_case else 0
    matcher = re.compile(re.escape(term), flags)
    hits: list[str] = []
    for line in _tail(LOG_FILES[service], TAIL_LINES):
        if matcher.search(line):
            hits.append(line.rstrip("\n"))
            if len(hits) >= MAX_RESULTS:
                break
    return hits


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "GET" or environ.get("PATH_INFO") != "/logs/search":
        return _json(start_response, "404 Not Found", {"error": "not found"})
    if environ.get("REMOTE_USER") is None:
        return _json(start_response, "401 Unauthorized", {"error": "login required"})

    qs = parse_qs(environ.get("QUERY_STRING", ""))
    service = qs.get("service", ["api"])[0]
    term = qs.get("q", [""])[0]
    ignore_case = qs.get("i", ["0"])[0] == "1"

    if service not in LOG_FILES:
        return _json(start_response, "400 Bad Request", {"error": "unknown service"})
    if not term or len(term) > 200:
        return _json(start_response, "400 Bad Request", {"error": "q must be 1-200 characters"})

    hits = search_log(service, term, ignore_case)
    return _json(start_response, "200 OK", {"service": service, "count": len(hits), "lines": hits})
