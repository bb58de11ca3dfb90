"""Keeps the customer's pending quote between the review and pay steps."""
from typing import Any, MutableMapping

QUOTE_KEY = "checkout_quote"
QUOTE_FIELDS = ("plan", "seats", "amount_cents", "currency")


def stash_quote(session: MutableMapping[str, Any], quote: dict[str, Any]) -> None:
    session[QUOTE_KEY] = {k: quote[k] for k in QUOTE_FIELDS if k in quote}


def load_quote(session: MutableMapping[str, Any]) -> dict[str, Any] | None:
    quote = session.get(QUOTE_KEY)
    if not quote or any(k not in quote for k in QUOTE_FIELDS):
        return None
    return quote


def clear_quote(session: MutableMapping[str, Any]) -> None:
    session.pop(QUOTE_KEY, None)
