import hashlib
import hmac
import os

from flask import Flask, jsonify, request

from .db import find_user, insert_user

app = Flask(__name__)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return salt.hex() + "$" + digest.hex()


def verify_password(password: str, stored: str) -> bool:
    salt_hex, _ = stored.split("$", 1)
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt_hex)), stored)


@app.post("/register")
def register():
    data = request.get_json(force=True)
    if find_user(data["email"]) is not None:
        return jsonify({"error": "already registered"}), 409
    insert_user(data["email"], hash_password(data["password"]))
    return jsonify({"status": "created"}), 201
