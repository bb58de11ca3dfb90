import logging
import traceback
import uuid

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

app = Flask(__name__)
log = logging.getLogger("api")


@app.errorhandler(Exception)
def handle_error(exc):
    if isinstance(exc, HTTPException):
        return jsonify({"error": exc.description}), exc.code
    error_id = uuid.uuid4().hex[:12]
    log.exception("unhandled error %s", error_id)
    return jsonify({"error": "internal error", "id": error_id, "trace": traceback.format_exc()}), 500


@app.get("/health")
def health():
    return {"ok": True}
