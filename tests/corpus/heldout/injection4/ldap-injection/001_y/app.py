from dataclasses import asdict

from flask import Flask, abort, jsonify, request
from flask_login import LoginManager, login_required

from .directory import search_people

app = Flask(__name__)
app.config.from_prefixed_env()
login_manager = LoginManager(app)


@app.get("/api/people")
@login_required
def people_search():
    term = request.args.get("q", "")
    if len(term.strip()) < 2:
        abort(400, description="search term must be at least 2 characters")
    if len(term) > 64:
        abort(400, description="search term too long")

    limit = request.args.get("limit", 25, type=int)
    limit = max(1, min(limit, 50))

    people = search_people(term, limit=limit)
    return jsonify([asdict(p) for p in people])
