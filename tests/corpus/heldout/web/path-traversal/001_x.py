import os
from pathlib import Path

from flask import Flask, abort, request, send_from_directory
from flask_login import current_user, login_required

app = Flask(__name__)
app.config["EXPORT_ROOT"] = os.environ.get("EXPORT_ROOT", "/srv/reports/exports")


def _export_dir() -> str:
    return app.config["EXPORT_ROOT"]


@app.get("/reports/exports")
@login_required
def list_exports():
    root = Path(_export_dir())
    items = sorted(p.name for p in root.glob("*.csv"))
    return {"exports": items, "owner": current_user.get_id()}


@app.get("/reports/download")
@login_required
def download_export():
    filename = request.args.get("file", "")
    if not filename:
        abort(400)
    return send_from_directory(
        _export_dir(),
        filename,
        mimetype="text/csv",
        as_attachment=True,
    )
