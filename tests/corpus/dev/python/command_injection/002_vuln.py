import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/tools/whois")
def whois_lookup():
    domain = request.args.get("domain", "")
    proc = subprocess.run(
        f"whois -- {domain}",
        shell=True,
        capture_output=True,
        text=True,
        timeout=15,
    )
    return jsonify({"domain": domain, "output": proc.stdout[:4000]})
