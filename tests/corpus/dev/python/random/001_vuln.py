import random
import secrets
import string
from datetime import UTC, datetime, timedelta

from .db import store_reset_token
from .mail import send_reset_mail

ALPHABET = string.ascii_letters + string.digits


def start_password_reset(user) -> None:
    token = "".join(random.choice(ALPHABET) for _ in range(32))
    expires = datetime.now(UTC) + timedelta(minutes=30)
    store_reset_token(user.id, token, expires)
    send_reset_mail(user.email, f"https://app.example.com/reset?token={token}")
