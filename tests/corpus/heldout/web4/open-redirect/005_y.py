import os

from flask import Flask, flash, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from werkzeug.security import check_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Email

from .models import User, db

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["FLASK_SECRET_KEY"],
    SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"],
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
db.init_app(app)
CSRFProtect(app)


class LoginForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired()])


@app.get("/")
def index():
    if "user_id" not in session:
        return redirect(url_for("login"))
    return render_template("home.html")


@app.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = request.args.get("next") or url_for("index")

    if form.validate_on_submit():
        user = db.session.execute(
            db.select(User).filter_by(email=form.email.data.lower(), active=True)
        ).scalar_one_or_none()
        if user is None or not check_password_hash(user.password_hash, form.password.data):
            flash("Wrong email or password.", "error")
            return render_template("login.html", form=form), 401

        session.clear()
        session["user_id"] = user.id
        return redirect(next_url)

    return render_template("login.html", form=form)


@app.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("login"))
