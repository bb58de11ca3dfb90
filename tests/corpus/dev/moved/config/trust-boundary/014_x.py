from functools import wraps

from flask import Flask, abort, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

from .models import Article, Staff, db

app = Flask(__name__)
app.config.from_envvar("NEWSROOM_SETTINGS")

ROLES = ("reader", "editor", "admin")


def role_required(*allowed):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if "staff_id" not in session:
                return redirect(url_for("login", next=request.path))
            if session.get("role") not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", roles=ROLES)

    staff = Staff.query.filter_by(email=request.form.get("email", "").lower(), active=True).first()
    if staff is None or not check_password_hash(staff.password_hash, request.form.get("password", "")):
        flash("Wrong email or password.")
        return render_template("login.html", roles=ROLES), 401

    # people with several hats pick which desk they work on for this session
    requested = request.form.get("role", "reader")
    if requested not in ROLES:
        requested = "reader"

    session.clear()
    session["staff_id"] = staff.id
    session["role"] = requested
    return redirect(url_for("dashboard"))


@app.get("/")
@role_required(*ROLES)
def dashboard():
    drafts = Article.query.filter_by(author_id=session["staff_id"], published=False).all()
    return render_template("dashboard.html", drafts=drafts, role=session["role"])


@app.post("/articles/<int:article_id>/publish")
@role_required("editor", "admin")
def publish(article_id: int):
    article = db.get_or_404(Article, article_id)
    article.published = True
    db.session.commit()
    return redirect(url_for("dashboard"))


@app.post("/staff/<int:staff_id>/deactivate")
@role_required("admin")
def deactivate_staff(staff_id: int):
    member = db.get_or_404(Staff, staff_id)
    member.active = False
    db.session.commit()
    return redirect(url_for("dashboard"))
