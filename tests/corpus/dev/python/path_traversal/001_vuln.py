import os

from flask import Flask, request, send_file, send_from_directory
from flask_login import login_required

app = Flask(__name__)
REPORT_DIR = "/srv/app/reports"


@app.route("/reports/download")
@login_required
def download_report():
    name = request.args.get("name", "")
    return send_file(os.path.join(REPORT_DIR, name), as_attachment=True)
