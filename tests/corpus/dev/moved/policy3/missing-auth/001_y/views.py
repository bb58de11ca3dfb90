from datetime import date

from flask import Blueprint, abort, jsonify, redirect, request, session, url_for
from werkzeug.security import check_password_hash

from .auth import staff_required
from .db import get_db

bp = Blueprint("portal", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.post("/login")
def login():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    row = get_db().execute(
        "SELECT id, password_hash FROM staff WHERE username = ? AND active = 1",
        (username,),
    ).fetchone()
    if row is None or not check_password_hash(row["password_hash"], password):
        return {"error": "invalid credentials"}, 401
    session.clear()
    session["staff_id"] = row["id"]
    return redirect(url_for("portal.todays_appointments"))


@bp.get("/patients")
@staff_required
def search_patients():
    term = request.args.get("q", "").strip()
    if len(term) < 2:
        return {"patients": []}
    rows = get_db().execute(
        "SELECT id, full_name, phone FROM patients WHERE full_name LIKE ? ORDER BY full_name LIMIT 25",
        (f"%{term}%",),
    ).fetchall()
    return {"patients": [dict(r) for r in rows]}


@bp.get("/patients/<int:patient_id>")
@staff_required
def patient_detail(patient_id: int):
    db = get_db()
    patient = db.execute(
        "SELECT id, full_name, phone, allergies FROM patients WHERE id = ?",
        (patient_id,),
    ).fetchone()
    if patient is None:
        abort(404)
    visits = db.execute(
        "SELECT visited_on, clinician, summary FROM visits WHERE patient_id = ? ORDER BY visited_on DESC",
        (patient_id,),
    ).fetchall()
    return jsonify(patient=dict(patient), visits=[dict(v) for v in visits])


@bp.get("/appointments/today")
@staff_required
def todays_appointments():
    rows = get_db().execute(
        "SELECT a.id, a.starts_at, p.full_name, a.room FROM appointments a "
        "JOIN patients p ON p.id = a.patient_id WHERE date(a.starts_at) = ? ORDER BY a.starts_at",
        (date.today().isoformat(),),
    ).fetchall()
    return {"appointments": [dict(r) for r in rows]}


@bp.post("/logout")
@staff_required
def logout():
    session.clear()
    return redirect(url_for("portal.healthz"))
