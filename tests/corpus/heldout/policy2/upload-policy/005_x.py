"""Referral document uploads for the patient portal."""
import os
import uuid
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user, login_required

from .models import ReferralDocument, db

bp = Blueprint("referrals", __name__, url_prefix="/referrals")

ALLOWED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg"}
MAGIC_PREFIXES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _document_root() -> Path:
    return Path(current_app.config.get("REFERRAL_STORE", "/var/lib/clinic/referrals"))


@bp.post("/upload")
@login_required
def upload_referral():
    upload = request.files.get("document")
    if upload is None or not upload.filename:
        abort(400, "no document attached")

    ext = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if ext not in ALLOWED_EXTENSIONS:
        abort(415, "only PDF, PNG and JPEG documents are accepted")

    data = upload.read()
    if not data.startswith(MAGIC_PREFIXES[ext]):
        abort(415, "file content does not match its extension")

    stored_name = f"{uuid.uuid4().hex}.{ext}"
    target_dir = _document_root() / str(current_user.id)
    target_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(target_dir / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)

    doc = ReferralDocument(
        patient_id=current_user.id,
        stored_name=stored_name,
        original_name=upload.filename[:255],
        size=len(data),
    )
    db.session.add(doc)
    db.session.commit()
    return jsonify(id=doc.id, size=doc.size), 201
