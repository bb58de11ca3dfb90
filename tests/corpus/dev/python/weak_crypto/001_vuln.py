import hashlib
import hmac
import os

from flask import Flask, jsonify, request

from .db import find_user, insert_user

app = Flask(__name__)


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def verify_password(password: str, stored: str) -> bool:
    return hmac.compare_digest(hash_password(password), stored)


@app.post("/register")
def register():
    data = request.get_json(force=True)
    if find_user(data["email"]) is not None:
        return jsonify({"error": "already registered"}), 409
    insert_user(data["email"], hash_password(data["password"]))
    return jsonify({"status": "created"}), 201
