import os

from flask import Flask, abort, jsonify, request
from jose import jwt

app = Flask(__name__)
ISSUER_KEY = os.environ["OIDC_SHARED_SECRET"]


def user_from_request() -> str:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token:
        abort(401)
    claims = jwt.decode(token, ISSUER_KEY, algorithms=["HS256"], audience="profile-api")
    return claims["email"]


@app.get("/profile")
def profile():
    return jsonify({"email": user_from_request()})
