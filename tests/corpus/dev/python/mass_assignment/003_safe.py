from flask import Flask, abort, jsonify, request
from flask_login import current_user, login_required

from .models import db

app = Flask(__name__)
EDITABLE = frozenset({"display_name", "avatar_url", "locale"})


@app.patch("/me")
@login_required
def patch_me():
    changes = request.get_json(force=True)
    if not isinstance(changes, dict):
        abort(400)
    for field, value in changes.items():
        if field in EDITABLE:
            setattr(current_user, field, value)
    db.session.commit()
    return jsonify({"status": "updated"})
