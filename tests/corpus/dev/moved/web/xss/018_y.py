"""Standalone unsubscribe endpoint for the mailing service (mounted under
/mail by the gateway)."""
import hashlib
import hmac
import os
from urllib.parse import parse_qs

from mailsvc.store import SubscriptionStore

UNSUB_KEY = os.environ["UNSUBSCRIBE_LINK_KEY"].encode()
store = SubscriptionStore.from_env()


def _expected_sig(email: str, list_id: str) -> str:
    return hmac.new(UNSUB_KEY, f"{list_id}:{email}".encode(), hashlib.sha256).hexdigest()


def _respond(start_response, status: str, text: str):
    body = text.encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def application(environ, start_response):
    if environ.get("PATH_INFO", "") != "/unsubscribe":
        return _respond(start_response, "404 Not Found", "<h1>Not found</h1>")

    params = parse_qs(environ.get("QUERY_STRING", ""))
    email = params.get("email", [""])[0]
    list_id = params.get("list", [""])[0]
    sig = params.get("sig", [""])[0]

    if not email or not list_id:
        return _respond(start_response, "400 Bad Request", "<p>Missing parameters.</p>")

    if not hmac.compare_digest(sig, _expected_sig(email, list_id)):
        return _respond(
            start_response,
            "403 Forbidden",
            f"<p>This unsubscribe link for <b>{email}</b> is invalid or has expired.</p>",
        )

    store.unsubscribe(list_id=list_id, email=email)
    return _respond(
        start_response,
        "200 OK",
        f"<h1>You're unsubscribed</h1><p>{email} will no longer receive this newsletter.</p>",
    )
