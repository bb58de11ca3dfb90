import os
import uuid

from flask import Flask, abort, jsonify, request
from flask_login import login_required

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
INBOX = "/srv/expenses/inbox"
ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "pdf"}


@app.post("/expenses/attachments")
@login_required
def add_attachment():
    file = request.files.get("file")
    if file is None or "." not in (file.filename or ""):
        abort(400)
    extension = file.filename.rsplit(".", 1)[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        abort(415)
    name = f"{uuid.uuid4().hex}.{extension}"
    file.save(os.path.join(INBOX, name))
    return jsonify({"attachment": name}), 201
