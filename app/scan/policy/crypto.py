"""crypto: forbidden algorithms, and passwords hashed with anything but the allowed schemes.

The algorithm comes from the call (`hashlib.md5`, `hashlib.new("sha1")`, `DES.new`,
`AES.new(key, AES.MODE_ECB)`, `modes.ECB()`, `bcrypt.hashpw`, `generate_password_hash(
method=...)`); whether the data is a password comes from the data flow: names such as
`password`, `passwd`, `pwd` or `getpass()` label the value wherever it goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from app.core.findings import Confidence, Finding, Severity
from app.core.threat_model import CryptoPolicy, Policies
from app.scan.policy.baseline import is_baseline
from app.scan.policy.common import (
    Outcome,
    PolicyFile,
    Rule,
    clearance,
    human_list,
    make_finding,
)
from app.scan.python_flow.events import CallEvent, StoreEvent
from app.scan.python_flow.exprs import WHOLE
from app.scan.python_flow.model import Taint
from app.scan.python_flow.relevance import HASH_METHODS, HASH_PREFIXES

POLICY = "crypto"
PASSWORD_WORDS = ("password", "passwd", "pwd", "passphrase")
WEAK_HASH_RULE = Rule(
    POLICY, "weak-password-hash", "Password hashed with a forbidden or fast algorithm",
    (916, 328), Severity.HIGH,
    "Fast hashes (MD5, SHA-1, SHA-256) let an attacker who gets the table test billions of "
    "guesses per second; the threat model names the schemes passwords must use.",
    "Hash passwords with one of the policy's schemes (argon2-cffi's PasswordHasher, "
    "bcrypt.hashpw, hashlib.scrypt) and verify with its check function.",
)  # fmt: skip
FORBIDDEN_RULE = Rule(
    POLICY, "forbidden-algorithm", "Algorithm the policy forbids", (327,), Severity.MEDIUM,
    "The threat model forbids this algorithm or mode: it is broken or too weak for its use.",
    "Use a current algorithm (SHA-256 or better for digests, AES-GCM for encryption); if "
    "the use is not security related, say so with usedforsecurity=False.",
)  # fmt: skip
_ALGORITHMS = (
    ("3des", r"des3|tripledes|triple_des|3des"), ("des", r"(?<![a-z])des(?![a-z0-9])"),
    ("rc4", r"arc4|rc4"), ("md5", r"md5"), ("md4", r"md4"), ("sha1", r"sha1(?!\d)"),
    ("sha224", r"sha224"), ("sha256", r"sha256"), ("sha384", r"sha384"), ("sha512", r"sha512"),
    ("sha3", r"sha3"), ("blake2", r"blake2"), ("blowfish", r"blowfish"), ("ecb", r"ecb"),
    ("argon2", r"argon2"), ("bcrypt", r"bcrypt"), ("scrypt", r"scrypt"), ("pbkdf2", r"pbkdf2"),
    ("crypt", r"^crypt\.crypt$"),
)  # fmt: skip
# A forbidden digest is a weak hash (CWE-328); a forbidden cipher or mode stays CWE-327.
_HASHES = frozenset(
    {"md4", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3", "blake2"}
)
FORBIDDEN_HASH_RULE = replace(FORBIDDEN_RULE, cwe=(328,))
_DEFAULT_SCHEMES = {
    "werkzeug.security.generate_password_hash": "scrypt",
    "django.contrib.auth.hashers.make_password": "pbkdf2",
}


def applies(policies: Policies) -> bool:
    crypto = policies.crypto
    return crypto is not None and bool(crypto.forbidden or crypto.password_hashing)


def _match(text: str) -> str | None:
    lowered = text.lower()
    return next((name for name, pattern in _ALGORITHMS if re.search(pattern, lowered)), None)


def algorithm(event: CallEvent) -> str | None:
    """The algorithm (or mode) a call uses, if it is a crypto call at all."""
    name = event.name or ""
    receiver = (event.receiver.ref or "") if event.receiver is not None else ""
    if name == "hashlib.new" and event.args and isinstance(event.args[0].const, str):
        return _match(event.args[0].const) or event.args[0].const.lower()
    if name in _DEFAULT_SCHEMES:
        method = event.arg(1, "method")
        text = method.const if method is not None and isinstance(method.const, str) else ""
        return _match(text) or _DEFAULT_SCHEMES[name]
    if any(_match(v.ref or "") == "ecb" for v in event.args):
        return "ecb"
    if name.startswith(HASH_PREFIXES):
        return _match(name)
    if event.method in HASH_METHODS and receiver.startswith(HASH_PREFIXES):
        return _match(receiver)
    return None


def _password_taints(event: CallEvent) -> list[Taint]:
    return [
        t
        for value in event.values()
        if value is not event.receiver
        for t in value.live("hash")
        # A digest of a whole body or form (a webhook signature) is not password storage,
        # though the body may hold a password field among others.
        if t.label.facet in PASSWORD_WORDS and not t.label.what.startswith(WHOLE)
    ]


def _allowed(scheme: str, policy: CryptoPolicy) -> bool:
    listed = [s.lower() for s in policy.password_hashing or ()]
    return any(scheme in entry or entry in scheme for entry in listed)


def _password_finding(
    file: PolicyFile, event: CallEvent, scheme: str, policy: CryptoPolicy
) -> Finding | None:
    forbidden = scheme in {f.lower() for f in policy.forbidden or ()}
    if not forbidden and (policy.password_hashing is None or _allowed(scheme, policy)):
        return None
    taint = min(_password_taints(event), key=lambda t: t.label.line)
    required = human_list(policy.password_hashing or (), empty="a password hashing scheme")
    reason = (
        "which the policy forbids"
        if forbidden
        else "which is not a password hashing scheme the policy allows"
    )
    message = (
        f"{taint.label.what} (line {taint.label.line}) is hashed with {scheme}, {reason}; "
        f"{_who_requires(policy)} requires {required}."
    )
    return make_finding(WEAK_HASH_RULE, file, event.node, message)


def _who_requires(policy: CryptoPolicy) -> str:
    if is_baseline(policy):
        return "the threat model states no crypto policy, and Airlock's baseline"
    return "the policy"


def _django_hashers(file: PolicyFile, policy: CryptoPolicy) -> Iterator[Finding]:
    """Django hashes new passwords with the first entry of PASSWORD_HASHERS (later entries
    only verify old hashes, which is how a migration works), so the first one must be a
    scheme the policy allows."""
    for event in file.analysis.events:
        if not isinstance(event, StoreEvent) or event.target != "PASSWORD_HASHERS":
            continue
        first = event.value.items[0].const if event.value.items else None
        if not isinstance(first, str):
            continue
        scheme = _hasher_scheme(first)
        if scheme is None or _allowed(scheme, policy):
            continue
        required = human_list(policy.password_hashing or (), empty="a password hashing scheme")
        hasher = first.rsplit(".", 1)[-1]
        message = (
            f"Django hashes new passwords with {hasher} ({scheme}), the first entry of "
            f"PASSWORD_HASHERS; {_who_requires(policy)} requires {required}."
        )
        yield make_finding(WEAK_HASH_RULE, file, event.node, message)


def _hasher_scheme(path: str) -> str | None:
    name = path.rsplit(".", 1)[-1].lower()
    if not name.endswith("passwordhasher"):
        return None
    return "pbkdf2" if "pbkdf2" in name else _match(name)


def _not_for_security(event: CallEvent) -> bool:
    flag = event.kwarg("usedforsecurity")
    return flag is not None and flag.const is False


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    policy = policies.crypto
    assert policy is not None
    forbidden = {f.lower() for f in policy.forbidden or ()}
    if policy.password_hashing:
        yield from _django_hashers(file, policy)
    for event in file.calls():
        scheme = algorithm(event)
        if scheme is None:
            continue
        if _password_taints(event):
            found = _password_finding(file, event, scheme, policy)
            if found is not None:
                yield found
            elif policy.password_hashing and _allowed(scheme, policy):
                yield _cleared(file, event, f"passwords are hashed here with {scheme}, "
                               f"which {_who_allows(policy)} allows for passwords")  # fmt: skip
        elif scheme in forbidden and not _not_for_security(event):
            listed = human_list(sorted(forbidden))
            message = f"{scheme.upper()} is used here; the threat model forbids {listed}."
            # The use may not be security related (a cache key): say so with usedforsecurity.
            rule = FORBIDDEN_HASH_RULE if scheme in _HASHES else FORBIDDEN_RULE
            yield make_finding(rule, file, event.node, message, confidence=Confidence.MEDIUM)
        elif forbidden and not is_baseline(policy):
            # Only a policy that lists what it forbids speaks for a digest of no password.
            listed = human_list(sorted(forbidden))
            yield _cleared(file, event, f"{scheme} hashes no password here and is not among "
                           f"the algorithms the threat model forbids ({listed})")  # fmt: skip


def _who_allows(policy: CryptoPolicy) -> str:
    return "Airlock's baseline" if is_baseline(policy) else "the policy"


def _cleared(file: PolicyFile, event: CallEvent, evidence: str) -> Outcome:
    node = event.node
    what = f"{event.name or 'the hash'}()"
    lines = (node.lineno, node.end_lineno or node.lineno)
    # One clearance for both rules: a model's weak-crypto claim carries 327 and 916 together.
    return clearance(WEAK_HASH_RULE, file, lines, what, evidence, cwe=(327, 328, 916))
