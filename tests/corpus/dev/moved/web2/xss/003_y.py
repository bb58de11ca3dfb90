"""Short-link resolver (go/<name>) mounted behind the corporate proxy."""
import json
import os
from http import HTTPStatus
from urllib.parse import parse_qs

LINKS_FILE = os.environ.get("GOLINKS_FILE", "/etc/golinks/links.json")

with open(LINKS_FILE, encoding="utf-8") as fh:
    LINKS: dict[str, str] = json.load(fh)


def _status(code: HTTPStatus) -> str:
    return f"{code.value} {code.phrase}"


def _not_found(name: str, suggestions: list[str]):
    lines = [f"go/{name} does not exist"]
    if suggestions:
        lines.append("")
        lines.append("Did you mean:")
        lines.extend(f"  go/{s}" for s in suggestions)
    return ("\n".join(lines) + "\n").encode("utf-8")


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/").strip("/")
    params = parse_qs(environ.get("QUERY_STRING", ""))
    name = path or params.get("q", [""])[0]

    if not name:
        start_response(_status(HTTPStatus.OK), [("Content-Type", "text/plain; charset=utf-8")])
        return [f"{len(LINKS)} links configured\n".encode()]

    target = LINKS.get(name.lower())
    if target is not None:
        start_response(_status(HTTPStatus.FOUND), [("Location", target), ("Cache-Control", "no-store")])
        return [b""]

    prefix = name.lower()[:3]
    suggestions = sorted(k for k in LINKS if k.startswith(prefix))[:5]
    body = _not_found(name, suggestions)
    start_response(
        _status(HTTPStatus.NOT_FOUND),
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]
