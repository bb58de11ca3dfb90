import os
import sqlite3
from functools import wraps

from flask import Flask, abort, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.security import check_password_hash

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=True, SESSION_COOKIE_SAMESITE="Lax")
csrf = CSRFProtect(app)

DATABASE = os.environ.get("KB_DATABASE", "knowledgebase.db")


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "user_id" not in session:
            return redirect(url_for("login", next=request.path))
        return view(*args, **kwargs)
    return wrapper


def editor_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if session.get("role") not in ("editor", "admin"):
            abort(403)
        return view(*args, **kwargs)
    return login_required(wrapper)


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", portal=request.args.get("portal", "reader"))

    username = request.form.get("username", "")
    password = request.form.get("password", "")
    row = get_db().execute(
        "SELECT id, role, password_hash FROM users WHERE username = ?", (username,)
    ).fetchone()
    if row is None or not check_password_hash(row["password_hash"], password):
        flash("Invalid username or password")
        return redirect(url_for("login"))

    session.clear()
    session["user_id"] = row["id"]
    session["role"] = row["role"]
    return redirect(url_for("index"))


@app.get("/")
@login_required
def index():
    articles = get_db().execute(
        "SELECT id, title FROM articles WHERE published = 1 ORDER BY id DESC LIMIT 50"
    ).fetchall()
    return render_template("index.html", articles=articles)


@app.post("/articles/<int:article_id>/publish")
@editor_required
def publish_article(article_id: int):
    db = get_db()
    db.execute("UPDATE articles SET published = 1 WHERE id = ?", (article_id,))
    db.commit()
    return redirect(url_for("index"))


@app.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("login"))
