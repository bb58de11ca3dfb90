import logging
import secrets

from flask import Flask, jsonify, request

from .mail import send_reset_link
from .users import find_by_email, save_reset_token

app = Flask(__name__)
log = logging.getLogger("accounts")


@app.post("/password-reset")
def request_reset():
    email = (request.get_json(silent=True) or {}).get("email", "")
    log.info("password reset requested for %s", email)
    user = find_by_email(email)
    if user is not None:
        token = secrets.token_urlsafe(32)
        save_reset_token(user.id, token)
        send_reset_link(user.email, token)
    return jsonify({"status": "if the account exists, an email has been sent"})
