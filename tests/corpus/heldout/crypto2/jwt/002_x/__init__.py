import os

from flask import Flask, g


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["PROJECTS_DB"] = os.environ.get("PROJECTS_DB", "/var/lib/projects/projects.db")

    from .views import bp

    app.register_blueprint(bp)

    @app.teardown_appcontext
    def close_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    return app
