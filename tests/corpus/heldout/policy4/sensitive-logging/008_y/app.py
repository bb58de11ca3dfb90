"""WSGI gateway: forwards /v1/* calls to the internal services.

Run with: gunicorn gateway.app:application
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid

import requests

from . import logutil

logutil.configure()
log = logging.getLogger("gateway")

UPSTREAMS = {
    "orders": os.environ.get("ORDERS_URL", "http://orders.internal:8000"),
    "catalog": os.environ.get("CATALOG_URL", "http://catalog.internal:8000"),
    "billing": os.environ.get("BILLING_URL", "http://billing.internal:8000"),
}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer"}
MAX_BODY = 1024 * 1024
_session = requests.Session()


def _request_headers(environ: dict) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
            if name.lower() not in HOP_BY_HOP and name.lower() != "host":
                headers[name] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    return headers


def _json_error(start_response, status: str, message: str, request_id: str):
    body = json.dumps({"error": message, "request_id": request_id}).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    request_id = environ.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
    path = environ.get("PATH_INFO", "")
    parts = path.strip("/").split("/", 2)
    if len(parts) < 2 or parts[0] != "v1" or parts[1] not in UPSTREAMS:
        return _json_error(start_response, "404 Not Found", "unknown route", request_id)

    service = parts[1]
    rest = parts[2] if len(parts) == 3 else ""
    headers = _request_headers(environ)
    headers["X-Request-Id"] = request_id

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return _json_error(start_response, "413 Payload Too Large", "body too large", request_id)
    body = environ["wsgi.input"].read(length) if length else None

    log.info(
        f"forwarding {environ["REQUEST_METHOD"]} to {service}",
        extra={"ctx": {"request_id": request_id, "path": rest, "headers": logutil.redact_headers(headers)}},
    )

    started = time.monotonic()
    try:
        upstream = _session.request(
            environ["REQUEST_METHOD"],
            f"{UPSTREAMS[service]}/{rest}",
            params=environ.get("QUERY_STRING") or None,
            data=body,
            headers=headers,
            timeout=(3, 30),
            allow_redirects=False,
        )
    except requests.RequestException:
        log.exception("upstream %s failed", service, extra={"ctx": {"request_id": request_id}})
        return _json_error(start_response, "502 Bad Gateway", "upstream unavailable", request_id)

    elapsed_ms = int((time.monotonic() - started) * 1000)
    log.info(
        "upstream responded",
        extra={"ctx": {"request_id": request_id, "status": upstream.status_code, "ms": elapsed_ms}},
    )

    out_headers = [
        (k, v) for k, v in upstream.headers.items()
        if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"
    ]
    out_headers.append(("Content-Length", str(len(upstream.content))))
    start_response(f"{upstream.status_code} {upstream.reason}", out_headers)
    return [upstream.content]
