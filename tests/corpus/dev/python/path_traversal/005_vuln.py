import tarfile
import tempfile
import uuid
from pathlib import Path

from flask import Flask, abort, jsonify, request
from flask_login import login_required

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024
DATASETS = Path("/srv/datasets")
MAX_EXTRACTED_BYTES = 500 * 1024 * 1024


@app.post("/datasets")
@login_required
def import_dataset():
    upload = request.files.get("archive")
    if upload is None:
        abort(400)
    target = DATASETS / uuid.uuid4().hex
    target.mkdir(parents=True)
    with tempfile.TemporaryFile() as spool:
        upload.save(spool)
        spool.seek(0)
        with tarfile.open(fileobj=spool, mode="r:gz") as archive:
            if sum(member.size for member in archive.getmembers()) > MAX_EXTRACTED_BYTES:
                abort(413)
            archive.extractall(target)
    return jsonify({"dataset": target.name}), 201
