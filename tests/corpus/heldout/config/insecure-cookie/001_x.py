"""Token-based login for the partner dashboard."""
import secrets
from datetime import datetime, timedelta, timezone

from flask import Blueprint, jsonify, make_response, request
from werkzeug.security import check_password_hash

from .models import ApiSession, Partner, db

bp = Blueprint("partner_auth", __name__, url_prefix="/partner")

TOKEN_TTL = timedelta(hours=8)
COOKIE_NAME = "partner_auth"


def _issue_session(partner: Partner) -> ApiSession:
    record = ApiSession(
        partner_id=partner.id,
        token=secrets.token_urlsafe(32),
        expires_at=datetime.now(timezone.utc) + TOKEN_TTL,
    )
    db.session.add(record)
    db.session.commit()
    return record


@bp.post("/login")
def login():
    payload = request.get_json(silent=True) or {}
    email = (payload.get("email") or "").strip().lower()
    password = payload.get("password") or ""

    partner = Partner.query.filter_by(email=email, active=True).first()
    if partner is None or not check_password_hash(partner.password_hash, password):
        return jsonify(error="invalid credentials"), 401

    record = _issue_session(partner)
    resp = make_response(jsonify(partner_id=partner.id, name=partner.display_name))
    resp.set_cookie(
        COOKIE_NAME,
        record.token,
        max_age=int(TOKEN_TTL.total_seconds()),
        secure=True,
        httponly=True,
        samesite="Lax",
        path="/partner",
    )
    return resp


@bp.post("/logout")
def logout():
    token = request.cookies.get(COOKIE_NAME)
    if token:
        ApiSession.query.filter_by(token=token).delete()
        db.session.commit()
    resp = make_response(jsonify(ok=True))
    resp.delete_cookie(COOKIE_NAME, path="/partner", secure=True, httponly=True, samesite="Lax")
    return resp
