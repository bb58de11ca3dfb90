"""Alerts for the account service."""
import os

import requests

TOKEN_HEADER = "X-Request-Token"
PASSWORD_RESET_TEMPLATE = "emails/password_reset.html"
SLACK_WEBHOOK = os.environ["SLACK_WEBHOOK_URL"]


def alert(text: str) -> None:
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)


def report_reset_failure(user_id: int) -> None:
    alert(f"Password reset email for user {user_id} failed ({PASSWORD_RESET_TEMPLATE})")
