import mimetypes
import os
import uuid
from pathlib import Path

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import LoginManager, current_user, login_required
from flask_wtf.csrf import CSRFProtect
from werkzeug.utils import secure_filename

from helpdesk.models import Attachment, Ticket, User, db

ALLOWED_EXTENSIONS = frozenset({"pdf", "png", "jpg", "jpeg", "txt"})
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})

bp = Blueprint("attachments", __name__)


def _extension(filename: str) -> str:
    _, dot, ext = filename.rpartition(".")
    return ext.lower() if dot else ""


def _storage_dir() -> Path:
    return Path(os.environ.get("ATTACHMENT_DIR", "/srv/helpdesk/attachments"))


@bp.post("/tickets/<int:ticket_id>/attachments")
@login_required
def upload_attachment(ticket_id: int):
    ticket = db.get_or_404(Ticket, ticket_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose a file to attach.", "error")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id))

    original = secure_filename(upload.filename)
    ext = _extension(original)
    if ext not in ALLOWED_EXTENSIONS:
        flash("Only PDF, PNG, JPEG and text files can be attached.", "error")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id))

    stored_name = f"{uuid.uuid4().hex}.{ext}"
    upload.save(_storage_dir() / stored_name)

    db.session.add(
        Attachment(
            ticket_id=ticket.id,
            stored_name=stored_name,
            original_name=original,
            uploaded_by=current_user.id,
        )
    )
    db.session.commit()
    flash(f"Attached {original}.", "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def view_attachment(attachment_id: int):
    attachment = db.get_or_404(Attachment, attachment_id)
    mimetype = mimetypes.guess_type(attachment.stored_name)[0] or "application/octet-stream"
    return send_from_directory(
        _storage_dir(),
        attachment.stored_name,
        mimetype=mimetype,
        as_attachment=mimetype not in INLINE_TYPES,
        download_name=attachment.original_name,
    )


login_manager = LoginManager()
login_manager.login_view = "auth.login"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["HELPDESK_SECRET_KEY"]
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["HELPDESK_DATABASE_URL"]
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024
    db.init_app(app)
    login_manager.init_app(app)
    CSRFProtect(app)
    app.register_blueprint(bp)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
