"""Alerts for the account service."""
import os

import requests

TOKEN_HEADER = "X-Request-Token"
PASSWORD_RESET_TEMPLATE = "emails/password_reset.html"
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"


def alert(text: str) -> None:
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)


def report_reset_failure(user_id: int) -> None:
    alert(f"Password reset email for user {user_id} failed ({PASSWORD_RESET_TEMPLATE})")
