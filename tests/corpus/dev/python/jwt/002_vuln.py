import os
from functools import wraps

import jwt
from flask import Flask, abort, g, jsonify, request

app = Flask(__name__)
PUBLIC_KEY = open(os.environ["JWT_PUBLIC_KEY_FILE"]).read()


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            g.claims = jwt.decode(token, PUBLIC_KEY)
        except jwt.InvalidTokenError:
            abort(401)
        return view(*args, **kwargs)

    return wrapper


@app.get("/orders")
@token_required
def orders():
    return jsonify({"customer": g.claims["sub"], "orders": []})
