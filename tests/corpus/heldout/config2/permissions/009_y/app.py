import os

from flask import Flask, abort, jsonify, request
from flask_login import LoginManager, current_user, login_required

from .storage import UnsupportedFileType, list_attachments, save_attachment
from .tickets import can_access_ticket, load_user

app = Flask(__name__)
app.secret_key = os.environ["HELPDESK_SECRET_KEY"]
app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024

login_manager = LoginManager(app)
login_manager.user_loader(load_user)


@app.post("/api/tickets/<int:ticket_id>/attachments")
@login_required
def upload_attachment(ticket_id: int):
    if not can_access_ticket(current_user, ticket_id):
        abort(404)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description="no file uploaded")
    try:
        stored = save_attachment(ticket_id, upload)
    except UnsupportedFileType as exc:
        return jsonify(error=f"file type not allowed: {exc}"), 415
    return jsonify(name=stored.stored_name, original=stored.original_name, size=stored.size), 201


@app.get("/api/tickets/<int:ticket_id>/attachments")
@login_required
def attachments(ticket_id: int):
    if not can_access_ticket(current_user, ticket_id):
        abort(404)
    return jsonify(files=list_attachments(ticket_id))
