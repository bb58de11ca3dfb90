import logging
import sqlite3

from flask import Blueprint, Flask, abort, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from .storage import save_attachment
from .validators import MAX_ATTACHMENT_BYTES, allowed_file, extension_of, valid_claim_ref

log = logging.getLogger(__name__)
bp = Blueprint("claims", __name__, url_prefix="/claims")


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["CLAIMS_DB"])
    return g.db


@bp.before_request
def require_sso_user():
    g.employee = request.headers.get("X-Forwarded-User")
    if not g.employee:
        abort(401)


@bp.post("/<claim_ref>/attachments")
def add_attachment(claim_ref: str):
    if not valid_claim_ref(claim_ref):
        abort(404)
    owner = db().execute("SELECT employee FROM claims WHERE ref = ?", (claim_ref,)).fetchone()
    if owner is None or owner[0] != g.employee:
        abort(404)

    upload = request.files.get("file")
    if upload is None or not allowed_file(upload.filename):
        return jsonify(error="attach a PDF, CSV or XLSX file"), 400

    stored = save_attachment(claim_ref, upload.stream, extension_of(upload.filename))
    db().execute(
        "INSERT INTO attachments (claim_ref, storage_key, original_name, size) VALUES (?, ?, ?, ?)",
        (claim_ref, stored.key, upload.filename, stored.size),
    )
    db().commit()
    log.info("attachment %s stored for claim %s", stored.key, claim_ref)
    return jsonify(key=stored.key, size=stored.size), 201


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc):
    return jsonify(error=f"attachments are limited to {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB"), 413


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_ATTACHMENT_BYTES
    app.config["CLAIMS_DB"] = "/srv/expenses/claims.sqlite3"
    app.register_blueprint(bp)
    return app
