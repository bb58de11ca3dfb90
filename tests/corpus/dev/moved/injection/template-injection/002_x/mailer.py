import os
import smtplib
from email.message import EmailMessage

from jinja2 import Environment, StrictUndefined

from .templates import INVITE_FOOTER, INVITE_HEADER, INVITE_SUBJECT

SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
MAIL_FROM = os.environ.get("MAIL_FROM", "invites@notifications.example.com")

# plain-text mail only, so no HTML autoescaping
text_env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)


def render_invitation(context: dict, note: str | None) -> tuple[str, str]:
    subject = text_env.from_string(INVITE_SUBJECT).render(context)
    body_source = INVITE_HEADER
    if note:
        indented = "\n    ".join(note.splitlines())
        body_source += f"\nThey added a note:\n\n    {indented}\n"
    body_source += INVITE_FOOTER
    body = text_env.from_string(body_source).render(context)
    return subject, body


def send_invitation(to_address: str, context: dict, note: str | None) -> None:
    subject, body = render_invitation(context, note)
    msg = EmailMessage()
    msg["From"] = MAIL_FROM
    msg["To"] = to_address
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, 587, timeout=20) as smtp:
        smtp.starttls()
        smtp.send_message(msg)
