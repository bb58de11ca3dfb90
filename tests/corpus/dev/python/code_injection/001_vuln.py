import ast

from flask import Flask, jsonify, request
from flask_login import current_user, login_required

app = Flask(__name__)
SAVED_SEARCHES: dict[int, list[dict]] = {}


@app.post("/searches")
@login_required
def save_search():
    filters = eval(request.form["filters"])
    if not isinstance(filters, dict):
        return jsonify({"error": "filters must be a mapping"}), 400
    SAVED_SEARCHES.setdefault(current_user.id, []).append(filters)
    return jsonify({"saved": len(SAVED_SEARCHES[current_user.id])}), 201
