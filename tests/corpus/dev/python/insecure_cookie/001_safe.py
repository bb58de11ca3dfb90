import secrets

from flask import Flask, jsonify, make_response, request

from .auth import check_credentials, store_session

app = Flask(__name__)


@app.post("/login")
def login():
    form = request.get_json(force=True)
    user = check_credentials(form.get("email", ""), form.get("password", ""))
    if user is None:
        return jsonify({"error": "invalid credentials"}), 401
    session_id = secrets.token_urlsafe(32)
    store_session(session_id, user.id)
    resp = make_response(jsonify({"user": user.id}))
    resp.set_cookie("session_id", session_id, secure=True, httponly=True, samesite="Lax")
    return resp
