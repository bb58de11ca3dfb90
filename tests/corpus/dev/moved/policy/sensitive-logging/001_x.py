import logging
from datetime import datetime, timezone

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash

from portal.extensions import db, limiter
from portal.models import LoginEvent, PartnerUser

log = logging.getLogger("portal.auth")

bp = Blueprint("auth", __name__)


def _record(user: PartnerUser | None, email: str, success: bool) -> None:
    db.session.add(
        LoginEvent(
            user_id=user.id if user else None,
            email=email[:254],
            success=success,
            ip=request.remote_addr,
            at=datetime.now(timezone.utc),
        )
    )
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("orders.index"))
    if request.method == "GET":
        return render_template("auth/login.html")

    email = request.form.get("email", "").strip().lower()
    password = request.form.get("password", "")
    user = db.session.execute(
        db.select(PartnerUser).filter_by(email=email, active=True)
    ).scalar_one_or_none()

    if user is None or not check_password_hash(user.password_hash, password):
        _record(user, email, success=False)
        log.warning("failed login for %r from %s", email, request.remote_addr)
        flash("Unknown email or wrong password.", "error")
        return render_template("auth/login.html"), 401

    _record(user, email, success=True)
    login_user(user)
    log.info("user %s (partner %s) signed in", user.id, user.partner_id)
    return redirect(url_for("orders.index"))


@bp.post("/logout")
@login_required
def logout():
    log.info("user %s signed out", current_user.id)
    logout_user()
    return redirect(url_for("auth.login"))
