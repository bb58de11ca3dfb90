import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["PORTAL_SECRET_KEY"],
        DATABASE=os.environ.get("PORTAL_DB", "/var/lib/portal/portal.sqlite3"),
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    csrf.init_app(app)

    from . import admin, auth, db

    db.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
