#!/usr/bin/env python3
"""Drain the alert spool written by the monitoring webhook and email on-call.

Run from cron every minute. Each spool file is one JSON payload as POSTed by
the external monitoring provider.
"""
import json
import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from pathlib import Path

SPOOL = Path("/var/spool/alert-relay")
DONE = SPOOL / "sent"
SMTP_HOST = "smtp.mailrelay.example.net"
SMTP_PORT = 587
SMTP_USER = "alert-relay@ops.example.net"
SMTP_PASSWORD = "R3lay!2024-ops-Mx7q"
ONCALL = ["oncall@ops.example.net"]
SEVERITIES = {"critical", "warning", "info"}

log = logging.getLogger("alert-relay")


def build_message(alert: dict) -> EmailMessage | None:
    severity = str(alert.get("severity", "")).lower()
    if severity not in SEVERITIES:
        return None
    title = " ".join(str(alert.get("title", "untitled")).split())[:120]
    msg = EmailMessage()
    msg["From"] = SMTP_USER
    msg["To"] = ", ".join(ONCALL)
    msg["Subject"] = f"[{severity.upper()}] {title}"
    msg["X-Alert-Source"] = f"{" ".join(str(alert.get("source", "monitoring")).split())[:64]}"
    msg.set_content(json.dumps(alert, indent=2, sort_keys=True)[:20_000])
    return msg


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    DONE.mkdir(exist_ok=True)
    pending = sorted(SPOOL.glob("*.json"))
    if not pending:
        return 0
    context = ssl.create_default_context()
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=30) as smtp:
        smtp.starttls(context=context)
        smtp.login(SMTP_USER, SMTP_PASSWORD)
        for path in pending:
            try:
                alert = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                log.warning("skipping unreadable spool file %s: %s", path.name, exc)
                continue
            if (msg := build_message(alert)) is not None:
                smtp.send_message(msg)
            path.rename(DONE / path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
