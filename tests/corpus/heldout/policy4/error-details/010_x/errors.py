"""JSON error responses for the orders API."""
from __future__ import annotations

import logging
import traceback
import uuid

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("orders.errors")
bp = Blueprint("errors", __name__)


def _include_details() -> bool:
    return current_app.debug or request.args.get("verbose") == "1"


@bp.app_errorhandler(HTTPException)
def handle_http_error(exc: HTTPException):
    response = jsonify(error=exc.name, message=exc.description)
    response.status_code = exc.code or 500
    return response


@bp.app_errorhandler(Exception)
def handle_unexpected(exc: Exception):
    error_id = uuid.uuid4().hex[:16]
    log.exception("unhandled error %s on %s %s", error_id, request.method, request.path)

    body: dict[str, object] = {"error": "Internal Server Error", "error_id": error_id}
    if _include_details():
        body["exception"] = repr(exc)
        body["traceback"] = traceback.format_exception(exc)
    return jsonify(body), 500
