"""Build dashboard: shows recent CI results for the developer running it."""
import json
from pathlib import Path

from flask import Flask, jsonify

app = Flask(__name__)
RESULTS = Path.home() / ".cache" / "ci-results"


@app.get("/reports")
def reports():
    runs = []
    for path in sorted(RESULTS.glob("*.json"))[-20:]:
        data = json.loads(path.read_text(encoding="utf-8"))
        runs.append({"run": path.stem, "passed": data.get("passed"), "failed": data.get("failed")})
    return jsonify(runs)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8765)
