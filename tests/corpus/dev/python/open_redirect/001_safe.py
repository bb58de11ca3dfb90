from urllib.parse import urlparse

from flask import Flask, redirect, render_template, request, url_for
from flask_login import login_user

from .auth import check_credentials

app = Flask(__name__)


def is_local(target: str) -> bool:
    parts = urlparse(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    )


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html")
    user = check_credentials(request.form["username"], request.form["password"])
    if user is None:
        return render_template("login.html", error="Invalid credentials"), 401
    login_user(user)
    target = request.args.get("next") or url_for("dashboard")
    if not is_local(target):
        target = url_for("dashboard")
    return redirect(target)
