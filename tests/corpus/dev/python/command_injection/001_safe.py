import ipaddress
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/diagnostics/ping")
def ping():
    try:
        host = str(ipaddress.ip_address(request.form.get("host", "")))
    except ValueError:
        return jsonify({"error": "host must be an IP address"}), 400
    result = subprocess.run(["ping", "-c", "1", "-W", "2", host], capture_output=True)
    return jsonify({"host": host, "reachable": result.returncode == 0})
