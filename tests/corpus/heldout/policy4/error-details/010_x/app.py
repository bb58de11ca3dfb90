from __future__ import annotations

import logging
import os

from flask import Flask

from . import errors, views
from .models import db


def create_app(testing: bool = False) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=os.environ["ORDERS_DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        JSON_SORT_KEYS=False,
        TESTING=testing,
    )
    logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    app.register_blueprint(errors.bp)
    app.register_blueprint(views.bp)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app


app = create_app()
