"""Which of a helper's events its callers need to see again, with their own arguments.

A helper's summary replays its events at every call site. Replaying all of them (every
call to `isinstance` in every helper, at every call path) is what makes large modules slow,
so only events some consumer looks at are kept: the sinks in sinks.py and the calls the
policy checks read (logging, hashing, responses, file type and existence checks). The
policy checks import their name lists from here, so the two cannot drift apart.
"""

from __future__ import annotations

import re

from app.scan.python_flow.config_checks import checked_call, checked_store
from app.scan.python_flow.events import CallEvent, Event, StoreEvent, TestEvent
from app.scan.python_flow.sinks import SESSION_STORES, SINK_METHODS, SINK_NAMES, relevant_call

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
HASH_PREFIXES = (
    "hashlib.", "hmac.", "bcrypt.", "argon2.", "passlib.", "Crypto.", "Cryptodome.",
    "cryptography.", "werkzeug.security.", "django.contrib.auth.hashers.", "crypt.",
)  # fmt: skip
HASH_METHODS = frozenset({"update", "hash", "hashpw", "encrypt", "new", "derive"})
RESPONSE_CALLS = frozenset(
    {"jsonify", "make_response", "Response", "HttpResponse", "JsonResponse", "JSONResponse",
     "HTMLResponse", "PlainTextResponse", "HTTPException", "abort", "render_template",
     "render", "HttpResponseServerError", "HttpResponseBadRequest"}
)  # fmt: skip
EXISTS_CHECKS = frozenset({"exists", "isfile", "is_file", "lexists"})
TYPE_CHECKS = frozenset(
    {"imghdr.what", "magic.from_buffer", "magic.from_file", "filetype.guess",
     "filetype.is_image", "filetype.guess_extension", "filetype.guess_mime",
     "mimetypes.guess_type", "puremagic.from_string", "PIL.Image.open"}
)  # fmt: skip
TEXT_TESTS = frozenset({"endswith", "startswith"})


def _tail(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]


def _relevant_call(event: CallEvent) -> bool:
    name, method = event.name or "", event.method or ""
    return (
        name in SINK_NAMES
        or method in SINK_METHODS
        or method in LOG_METHODS
        or method in HASH_METHODS
        or method in EXISTS_CHECKS
        or method in TEXT_TESTS
        or name.startswith(HASH_PREFIXES)
        or name in TYPE_CHECKS
        or name == "print"
        or _tail(name) in RESPONSE_CALLS
        or _tail(name) in EXISTS_CHECKS
        or relevant_call(event)
    )


def relevant_to_callers(event: Event) -> bool:
    if isinstance(event, CallEvent):
        return _relevant_call(event)
    if isinstance(event, TestEvent):
        # An allow-list, a constant or a length on one side: checks the policies read.
        return any(v.known or v.keys is not None or "length" in v.marks for v in event.values)
    if isinstance(event, StoreEvent):
        return event.target in SESSION_STORES
    return False


# Keyword arguments named like a credential: the secrets policy reads their literals.
_CREDENTIAL_KEYWORD = re.compile(r"pass|pwd|secret|token|key|credential|auth", re.IGNORECASE)


# Settings passed as keywords that the errors and upload policies read.
SETTING_KEYWORDS = frozenset({"debug", "use_debugger", "DEBUG", "MAX_CONTENT_LENGTH"})


def _literal_credentials(event: CallEvent) -> bool:
    receiver = event.receiver.ref if event.receiver is not None else None
    if event.name == "os.getenv" or (event.method == "get" and receiver == "os.environ"):
        return True
    if any(key in SETTING_KEYWORDS for key, _ in event.kwargs):
        return True
    return any(
        key and value.known and _CREDENTIAL_KEYWORD.search(key) for key, value in event.kwargs
    )


def _carries_random(event: StoreEvent | CallEvent) -> bool:
    if isinstance(event, CallEvent) and (event.name or "").startswith("random."):
        return True  # the draw itself
    values = [event.value] if isinstance(event, StoreEvent) else list(event.values())
    return any(t.label.source == "random" for v in values for t in v.taints)


def worth_recording(event: Event) -> bool:
    """Events any consumer reads at all (a superset of what helpers replay).

    Keeping every call of a large module alive until the checks run costs more in garbage
    collection than the interpretation itself, so the rest are dropped as they happen.
    """
    if isinstance(event, StoreEvent):
        value = event.value
        constant_inside = value.keys is not None and any(v.known for _, v in value.keys)
        return (
            value.known or constant_inside or event.target in SESSION_STORES or checked_store(event)
        )
    if isinstance(event, CallEvent) and (_literal_credentials(event) or checked_call(event)):
        return True
    if isinstance(event, StoreEvent | CallEvent) and _carries_random(event):
        return True  # where a random value goes decides a pattern match on it
    return not isinstance(event, CallEvent | TestEvent) or relevant_to_callers(event)
