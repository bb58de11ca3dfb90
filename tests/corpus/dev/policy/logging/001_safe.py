import logging

from flask import Flask, jsonify, request
from flask_login import login_user

from .auth import authenticate

app = Flask(__name__)
log = logging.getLogger("support.auth")


@app.post("/login")
def login():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    user = authenticate(username, password)
    if user is None:
        log.warning("failed login for user=%s", username)
        return jsonify({"error": "invalid credentials"}), 401
    login_user(user)
    log.info("user %s signed in", username)
    return jsonify({"ok": True})
