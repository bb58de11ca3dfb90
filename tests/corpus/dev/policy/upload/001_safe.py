import os
import uuid

from flask import Flask, abort, jsonify, request
from flask_login import current_user, login_required

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
RECEIPTS = "/srv/expenses/receipts"
ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "pdf"}


@app.post("/receipts")
@login_required
def upload_receipt():
    file = request.files.get("receipt")
    if file is None or not file.filename:
        abort(400)
    extension = os.path.splitext(file.filename)[1].lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        abort(415)
    stored = f"{uuid.uuid4().hex}.{extension}"
    file.save(os.path.join(RECEIPTS, str(current_user.id), stored))
    return jsonify({"receipt": stored}), 201
