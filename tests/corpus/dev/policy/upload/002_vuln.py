import uuid
from pathlib import Path

from flask import Flask, abort, jsonify, request
from flask_login import login_required

app = Flask(__name__)
INBOX = Path("/srv/docs/inbox")
ALLOWED = {".png", ".jpg", ".jpeg", ".pdf"}


@app.post("/documents")
@login_required
def upload_document():
    upload = request.files.get("document")
    if upload is None:
        abort(400)
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in ALLOWED:
        abort(415)
    name = f"{uuid.uuid4().hex}{suffix}"
    upload.save(INBOX / name)
    return jsonify({"document": name}), 201
