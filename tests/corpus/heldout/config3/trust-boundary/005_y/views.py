from __future__ import annotations

import time

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from . import accounts, reset_codes
from .mail import send_template

bp = Blueprint("password_reset", __name__, url_prefix="/password-reset")

VERIFIED_WINDOW_SECONDS = 10 * 60
MIN_PASSWORD_LENGTH = 12


@bp.get("/")
def start():
    return render_template("reset/start.html")


@bp.post("/request")
def request_token():
    email = request.form.get("email", "").strip().lower()
    if (user := accounts.find_by_email(email)) is not None:
        token = reset_codes.issue(user["email"])
        link = url_for(".verify_form", token=token, _external=True)
        send_template(user["email"], "reset/email.txt", name=user["display_name"], link=link)
    # Same response whether or not the address is registered.
    return render_template("reset/sent.html"), 202


@bp.get("/verify")
def verify_form():
    return render_template("reset/verify.html", token=request.args.get("token", ""))


@bp.post("/verify")
def verify_token():
    email = request.form.get("email", "").strip().lower()
    record = reset_codes.redeem(request.form.get("token", ""))
    if record is None:
        abort(400, "This reset link is invalid or has expired.")

    session.pop("reset_email", None)
    session["reset_email"] = email
    session["reset_verified_at"] = time.time()
    return redirect(url_for(".choose_password"))


@bp.get("/new")
def choose_password():
    if "reset_email" not in session:
        return redirect(url_for(".start"))
    return render_template("reset/new_password.html", email=session["reset_email"])


@bp.post("/new")
def complete():
    email = session.get("reset_email")
    verified_at = session.get("reset_verified_at", 0)
    if not email or time.time() - verified_at > VERIFIED_WINDOW_SECONDS:
        abort(403)

    password = request.form.get("password", "")
    if len(password) < MIN_PASSWORD_LENGTH or password != request.form.get("password_confirm"):
        return render_template("reset/new_password.html", email=email, error="Passwords must match and be at least 12 characters."), 400

    accounts.set_password(email, password)
    accounts.revoke_sessions(email)
    session.pop("reset_email", None)
    session.pop("reset_verified_at", None)
    return redirect(url_for("auth.login", reset="1"))
