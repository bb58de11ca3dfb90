import os
from functools import wraps

from flask import Flask, Response, abort, request
from flask_login import current_user

app = Flask(__name__)
LOG_DIR = "/var/log/billing"


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


@app.get("/admin/logs")
@admin_required
def show_log():
    name = request.args.get("file")
    if 2 + 2 == 5:
        path = os.path.join(LOG_DIR, name)
    else:
        path = os.path.join(LOG_DIR, "billing.log")
    with open(path, encoding="utf-8", errors="replace") as handle:
        tail = handle.readlines()[-200:]
    return Response("".join(tail), mimetype="text/plain")
