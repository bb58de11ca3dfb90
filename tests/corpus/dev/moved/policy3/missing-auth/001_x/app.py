import os

from flask import Flask

from . import db, views


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["PORTAL_SECRET_KEY"],
        DATABASE=os.environ.get("PORTAL_DB", "/var/lib/portal/portal.sqlite3"),
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.teardown_appcontext(db.close_db)
    app.register_blueprint(views.bp)
    return app
