from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.security import check_password_hash

from .db import get_db

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_logged_in_user() -> None:
    user_id = session.get("user_id")
    if user_id is None:
        g.user = None
        return
    g.user = get_db().execute(
        "SELECT id, email, display_name, is_staff FROM users WHERE id = ? AND active = 1",
        (user_id,),
    ).fetchone()


def staff_signed_in() -> bool:
    user = g.get("user")
    return user is not None and bool(user["is_staff"])


def require_staff():
    """Guard for every view of the admin blueprint."""
    if not staff_signed_in():
        flash("Please sign in with a staff account.", "warning")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        row = get_db().execute(
            "SELECT id, password_hash FROM users WHERE email = ? AND active = 1", (email,)
        ).fetchone()
        if row is not None and check_password_hash(row["password_hash"], password):
            session.clear()
            session["user_id"] = row["id"]
            return redirect(url_for("admin.partners"))
        flash("Unknown email or wrong password.", "error")
    return render_template("auth/login.html")


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
