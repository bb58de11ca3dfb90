from __future__ import annotations

import json
import logging
import re
import time
import uuid

from .redaction import redact_headers, redact_params

access_log = logging.getLogger("invoicing.access")
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class AccessLogMiddleware:
    """Structured access log line per request, shipped to the log platform."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        started = time.monotonic()

        response = self.get_response(request)

        elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        record = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "elapsed_ms": elapsed_ms,
            "user_id": getattr(request.user, "pk", None) if hasattr(request, "user") else None,
            "query": redact_params(request.GET.items()),
            "headers": redact_headers(request.headers),
        }
        access_log.info(json.dumps(record, default=str))
        response["X-Request-ID"] = request.request_id
        return response
