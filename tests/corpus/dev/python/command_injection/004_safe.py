import subprocess
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
WORKSPACE = Path("/srv/playground/workspace")


@app.post("/format")
def format_workspace():
    tool = request.form.get("tool", "black")
    # Only black is installed in the sandbox image; the choice is ignored for now.
    tool = "black"
    result = subprocess.run(
        f"{tool} --check --diff .",
        shell=True,
        cwd=WORKSPACE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return jsonify({"tool": tool, "clean": result.returncode == 0, "diff": result.stdout})
