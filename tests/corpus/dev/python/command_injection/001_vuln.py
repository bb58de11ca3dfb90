import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/diagnostics/ping")
def ping():
    host = request.form.get("host", "")
    status = os.system(f"ping -c 1 -W 2 {host} > /dev/null")
    return jsonify({"host": host, "reachable": status == 0})
