"""secrets.source: secrets come from the environment, a vault, a KMS or a file, never code.

A literal string given to a name, attribute, dict key or keyword argument named like a
secret (`API_KEY = "sk-..."`, `connect(password="...")`, `{"token": "..."}`), or used as
the fallback of `os.getenv("API_KEY", "...")`, is a finding. Constants are folded first, so
`KEY = PREFIX + "abc123..."` counts; placeholders, empty values, names of environment
variables and names that hold no secret (`TOKEN_URL`, `password_field`) do not.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from app.core.findings import Finding, Severity
from app.core.threat_model import Policies
from app.scan.policy.common import PolicyFile, Rule, make_finding
from app.scan.python_flow.events import CallEvent, StoreEvent
from app.scan.python_flow.frame import sensitive_word
from app.scan.python_flow.model import Value

POLICY = "secrets"
RULE = Rule(
    POLICY,
    "hardcoded-secret",
    "Secret written in the code",
    (798,),
    Severity.HIGH,
    "A secret in the code is in every copy, backup and fork of the repository and cannot "
    "be rotated without a release; the threat model says where secrets come from instead.",
    "Read the secret at run time from where the policy says (os.environ[...], the vault "
    "client) and rotate the one that was committed.",
)
SECRET_WORDS = (
    "password", "passwd", "pwd", "passphrase", "secret", "api_key", "token", "access_key",
    "private_key", "secret_key", "auth_key", "credential", "credentials", "client_secret",
)  # fmt: skip
# Names that describe a secret rather than hold one.
_NOT_SECRET_TAILS = frozenset(
    {"url", "uri", "path", "file", "dir", "env", "var", "name", "field", "header", "type",
     "length", "len", "prefix", "suffix", "param", "pattern", "regex", "endpoint", "label",
     "message", "msg", "template", "format", "id", "policy", "expiry", "expires", "ttl",
     "timeout", "lifetime", "algorithm", "scheme", "required", "min", "max", "count",
     "enabled", "location", "hint", "placeholder", "error", "errors", "help", "prompt"}
)  # fmt: skip
_PLACEHOLDER = re.compile(
    r"^(<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|[x*._-]+|\$\w+|(env|vault|kms|file):.*)$"
    r"|changeme|change[_-]me|example|placeholder|your[_-]|dummy|sample|redacted|xxxx|"
    r"todo|fixme|replace|insert|fake|test",
    re.IGNORECASE,
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Regular expressions, format templates and HTTP header names are not secrets.
_NOT_A_VALUE = re.compile(
    r"\{[^}]*\}|\\[a-zA-Z\\]|\(\?|^\^|\$$|\[[^\]]*\]|^[A-Za-z]+(-[A-Za-z]+)+$"
)
# Names that mention a secret but hold something about it, wherever the word appears.
_NOT_SECRET_PARTS = frozenset(
    {"header", "headers", "url", "uri", "endpoint", "path", "env", "field", "param"}
)
_WHERE = {
    "environment": "environment variables",
    "vault": "a secrets vault",
    "kms": "a key management service",
    "file": "a secrets file kept out of the code",
}


def applies(policies: Policies) -> bool:
    return policies.secrets is not None and policies.secrets.source is not None


def secret_name(name: str) -> bool:
    if sensitive_word(name, SECRET_WORDS) is None:
        return False
    parts = [p for p in re.split(r"[_.\-]", name.lower()) if p]
    return bool(parts) and parts[-1] not in _NOT_SECRET_TAILS and not _NOT_SECRET_PARTS & set(parts)


def secret_literal(value: Value) -> str | None:
    """The literal if it looks like a real secret, not a placeholder or a reference."""
    text = value.const
    if not isinstance(text, str) or len(text) < 8 or any(c.isspace() for c in text):
        return None
    if _PLACEHOLDER.search(text) or _ENV_NAME.match(text) or text.lower() in SECRET_WORDS:
        return None
    if _NOT_A_VALUE.search(text):
        return None
    return text


def _written_here(event: StoreEvent) -> bool:
    """The literal is in this statement, not returned by a call (reported where it is)."""
    node = event.node
    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
    return not isinstance(value, ast.Call | ast.Name | ast.Attribute)


def _stored(event: StoreEvent) -> Iterator[tuple[str, str]]:
    if not _written_here(event):
        return
    name = event.key if isinstance(event.key, str) else event.target.rsplit(".", 1)[-1]
    literal = secret_literal(event.value)
    if literal and secret_name(name):
        yield name, literal
    for key, value in event.value.keys or ():
        literal = secret_literal(value)
        if isinstance(key, str) and literal and secret_name(key):
            yield key, literal


def _passed(event: CallEvent) -> Iterator[tuple[str, str]]:
    for key, value in event.kwargs:
        literal = secret_literal(value)
        if key and literal and secret_name(key):
            yield f"{key}=", literal
    if _is_getenv(event) and len(event.args) >= 2:
        name, default = event.args[0].const, secret_literal(event.args[1])
        if isinstance(name, str) and default and secret_name(name):
            yield f"the fallback of {name}", default


def _is_getenv(event: CallEvent) -> bool:
    receiver = event.receiver.ref if event.receiver is not None else None
    return event.name == "os.getenv" or (event.method == "get" and receiver == "os.environ")


def _redacted(line: str, literal: str) -> str:
    return line.replace(literal, "***")


def check(file: PolicyFile, policies: Policies) -> Iterator[Finding]:
    source = policies.secrets.source if policies.secrets else None
    where = _WHERE.get(source or "", source or "")
    test_file = bool(re.search(r"(^|/)(tests?/|test_[^/]*$|[^/]*_test\.py$)", file.source.path))
    seen: set[int] = set()
    for event in file.analysis.events:
        if isinstance(event, StoreEvent):
            found = list(_stored(event))
        elif isinstance(event, CallEvent):
            found = list(_passed(event))
        else:
            continue
        line = getattr(event.node, "lineno", 0)
        for name, literal in found:
            if line in seen:
                continue
            seen.add(line)
            message = (
                f"{name} is a literal in the code; the threat model says secrets come from {where}."
            )
            snippet = _redacted(file.source.line(line).strip(), literal)
            severity = Severity.LOW if test_file else None
            yield make_finding(RULE, file, event.node, message, snippet=snippet, severity=severity)
