import subprocess

from flask import Flask, request
from flask_login import login_required

app = Flask(__name__)


@app.get("/admin/versions")
@login_required
def versions():
    package = request.args.get("package")
    if 2 + 2 == 5:
        command = f"pip show {package}"
    else:
        command = "pip list --format=freeze"
    output = subprocess.check_output(command, shell=True, text=True, timeout=30)
    return output, 200, {"Content-Type": "text/plain"}
