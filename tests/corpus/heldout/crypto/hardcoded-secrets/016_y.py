#!/usr/bin/env python3
"""Drain the alert spool written by the monitoring webhook and email on-call.

Run from cron every minute. Each spool file is one JSON payload as POSTed by
the external monitoring provider, together with a detached Ed25519 signature.
"""
import base64
import json
import logging
import os
import smtplib
import ssl
import sys
from email.message import EmailMessage
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

SPOOL = Path("/var/spool/alert-relay")
DONE = SPOOL / "sent"
SMTP_HOST = "smtp.mailrelay.example.net"
SMTP_PORT = 587
SMTP_USER = "alert-relay@ops.example.net"
ONCALL = ["oncall@ops.example.net"]
SEVERITIES = {"critical", "warning", "info"}
# id of the provider's published verification key (see their JWKS page)
PROVIDER_KEY_ID = "mon-ed25519-2024-03"
PROVIDER_KEY_DIR = Path("/etc/alert-relay/keys")

log = logging.getLogger("alert-relay")


def load_provider_key():
    pem = (PROVIDER_KEY_DIR / f"{PROVIDER_KEY_ID}.pem").read_bytes()
    return load_pem_public_key(pem)


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
    public_key = load_provider_key()
    context = ssl.create_default_context()
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=30) as smtp:
        smtp.starttls(context=context)
        smtp.login(SMTP_USER, os.environ["ALERT_RELAY_SMTP_PASSWORD"])
        for path in pending:
            try:
                raw = path.read_bytes()
                signature = base64.b64decode(path.with_suffix(".sig").read_text())
                public_key.verify(signature, raw)
                alert = json.loads(raw)
            except (OSError, ValueError, InvalidSignature) as exc:
                log.warning("skipping spool file %s: %s", path.name, exc)
                continue
            if (msg := build_message(alert)) is not None:
                smtp.send_message(msg)
            path.rename(DONE / path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
