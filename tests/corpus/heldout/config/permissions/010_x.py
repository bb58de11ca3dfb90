import os
import uuid
from pathlib import Path

from flask import Flask, abort, jsonify, request, url_for
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config.from_prefixed_env()
app.config.setdefault("MAX_CONTENT_LENGTH", 20 * 1024 * 1024)

ATTACHMENT_ROOT = Path(os.environ.get("ATTACHMENT_ROOT", "/var/lib/helpdesk/attachments"))
ALLOWED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".txt", ".log"}


def _ticket_dir(ticket_id: int) -> Path:
    d = ATTACHMENT_ROOT / str(ticket_id)
    d.mkdir(parents=True, exist_ok=True)
    return d


@app.post("/tickets/<int:ticket_id>/attachments")
@login_required
def upload_attachment(ticket_id: int):
    ticket = current_user.tickets.filter_by(id=ticket_id).first()
    if ticket is None:
        abort(404)

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description="no file")

    name = secure_filename(upload.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        abort(415, description="file type not accepted")

    stored_name = f"{uuid.uuid4().hex}{suffix}"
    dest = _ticket_dir(ticket.id) / stored_name
    upload.save(dest)
    # the nginx sidecar serves attachments straight from disk
    os.chmod(dest, 0o777)

    ticket.add_attachment(original_name=name, stored_name=stored_name, size=dest.stat().st_size)
    return (
        jsonify(
            name=name,
            url=url_for("download_attachment", ticket_id=ticket.id, stored_name=stored_name),
        ),
        201,
    )


@app.get("/tickets/<int:ticket_id>/attachments/<stored_name>")
@login_required
def download_attachment(ticket_id: int, stored_name: str):
    ticket = current_user.tickets.filter_by(id=ticket_id).first_or_404()
    attachment = ticket.attachments.filter_by(stored_name=stored_name).first_or_404()
    resp = app.response_class(status=200)
    resp.headers["X-Accel-Redirect"] = f"/protected/{ticket.id}/{attachment.stored_name}"
    resp.headers["Content-Disposition"] = f'attachment; filename="{attachment.original_name}"'
    return resp
