import os
import uuid

from flask import Flask, abort, jsonify, request
from flask_login import login_required
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
UPLOAD_ROOT = "/srv/app/uploads"
ALLOWED = {"png", "jpg", "jpeg", "gif"}


@app.post("/avatars")
@login_required
def upload_avatar():
    file = request.files.get("avatar")
    if file is None or "." not in file.filename:
        abort(400)
    if file.filename.rsplit(".", 1)[1].lower() not in ALLOWED:
        abort(415)
    folder = os.path.join(UPLOAD_ROOT, uuid.uuid4().hex)
    os.makedirs(folder)
    filename = secure_filename(file.filename)
    if not filename:
        abort(400)
    file.save(os.path.join(folder, filename))
    return jsonify({"stored": os.path.basename(folder) + "/" + filename}), 201
