from __future__ import annotations

import sqlite3

from flask import Blueprint, abort, current_app, g, jsonify, request

from .auth import require_login

bp = Blueprint("projects", __name__, url_prefix="/api/projects")


def _db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["PROJECTS_DB"])
        g.db.row_factory = sqlite3.Row
    return g.db


@bp.get("/")
@require_login
def list_projects():
    rows = _db().execute(
        "SELECT p.id, p.name, p.updated_at FROM projects p "
        "JOIN memberships m ON m.project_id = p.id "
        "WHERE m.user_id = ? ORDER BY p.updated_at DESC",
        (g.user_id,),
    ).fetchall()
    return jsonify([dict(r) for r in rows])


@bp.get("/<int:project_id>")
@require_login
def get_project(project_id: int):
    row = _db().execute(
        "SELECT p.id, p.name, p.description, p.updated_at FROM projects p "
        "JOIN memberships m ON m.project_id = p.id "
        "WHERE p.id = ? AND m.user_id = ?",
        (project_id, g.user_id),
    ).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@bp.delete("/<int:project_id>")
@require_login
def archive_project(project_id: int):
    if "project-admin" not in g.roles:
        abort(403)
    db = _db()
    cur = db.execute(
        "UPDATE projects SET archived = 1 WHERE id = ? AND owner_id = ?",
        (project_id, g.user_id),
    )
    db.commit()
    if cur.rowcount == 0:
        abort(404)
    return "", 204


@bp.post("/")
@require_login
def create_project():
    body = request.get_json(silent=True) or {}
    name = str(body.get("name", "")).strip()
    if not 1 <= len(name) <= 120:
        return jsonify(error="name must be 1-120 characters"), 400
    db = _db()
    cur = db.execute(
        "INSERT INTO projects (name, description, owner_id) VALUES (?, ?, ?)",
        (name, str(body.get("description", ""))[:2000], g.user_id),
    )
    db.execute(
        "INSERT INTO memberships (project_id, user_id) VALUES (?, ?)",
        (cur.lastrowid, g.user_id),
    )
    db.commit()
    return jsonify(id=cur.lastrowid, name=name), 201
