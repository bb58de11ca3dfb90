import random
import secrets
import time

from flask import Flask, jsonify
from flask_login import current_user, login_required

from .otp_store import save_code
from .sms import send_sms

app = Flask(__name__)


@app.post("/2fa/send")
@login_required
def send_code():
    code = f"{random.randint(0, 999999):06d}"
    save_code(current_user.id, code, expires_at=time.time() + 300, max_tries=3)
    send_sms(current_user.phone, f"Your login code is {code}")
    return jsonify({"sent": True})
