import hashlib
import hmac
import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
WEBHOOK_KEY = os.environ["WEBHOOK_KEY"].encode()


def signature(body: bytes) -> str:
    return hmac.new(WEBHOOK_KEY, body, hashlib.sha256).hexdigest()


@app.post("/hooks/payments")
def payment_hook():
    body = request.get_data()
    sent = request.headers.get("X-Signature", "")
    if not hmac.compare_digest(signature(body), sent):
        abort(401)
    event = request.get_json(force=True)
    return jsonify({"received": event.get("id")})
