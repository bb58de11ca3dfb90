"""Receives upload-finished notifications from the customer-facing uploader."""
import hmac
import hashlib
import os

from flask import Blueprint, abort, jsonify, request

from .tasks import process_upload

bp = Blueprint("media_webhook", __name__)


def _signature_ok(body: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    secret = os.environ["UPLOADER_WEBHOOK_SECRET"].encode()
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


@bp.post("/hooks/upload-complete")
def upload_complete():
    if not _signature_ok(request.get_data(), request.headers.get("X-Uploader-Signature")):
        abort(401)

    event = request.get_json(force=True)
    upload = event.get("upload") or {}
    if not upload.get("id") or not upload.get("download_url"):
        abort(400)

    process_upload.delay(
        upload_id=upload["id"],
        download_url=upload["download_url"],
        title=upload.get("title") or "Untitled",
    )
    return jsonify({"queued": True}), 202
