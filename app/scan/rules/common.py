"""Shared pieces of the scanner stages: rule metadata, finding construction, secret masking.

Findings are stored in the database and exported (SARIF, reports), so a secret value never
goes into a finding in full: `mask_secret` keeps a short prefix that lets a person recognise
which credential it is, and `redact` applies that mask to the snippet.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from app.core.findings import Confidence, Finding, ReviewWarning, Severity
from app.core.sources import SourceFile

SOURCE = "airlock-rules"
MAX_SNIPPET_LINES = 6


class RuleParseError(Exception):
    """A file the rule pack could not parse; becomes a visible `parse_error` warning."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class Rule:
    """One rule of the pack: what it flags, why it matters and the safe form."""

    id: str
    title: str
    cwe: tuple[int, ...]
    severity: Severity
    confidence: Confidence
    description: str
    fix: str

    def finding(
        self,
        file: SourceFile,
        line: int,
        *,
        message: str,
        end_line: int | None = None,
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        secret: str | None = None,
    ) -> Finding:
        """A finding of this rule at `line` (1-based); `secret` is masked in the snippet."""
        last = max(end_line or line, line)
        text = snippet(file, line, last)
        if secret:
            text = redact(text, secret)
        return Finding(
            rule_id=self.id,
            title=self.title,
            cwe=self.cwe,
            severity=severity or self.severity,
            confidence=confidence or self.confidence,
            sources=(SOURCE,),
            file=file.path,
            start_line=line,
            end_line=last,
            snippet=text,
            message=message,
            why=self.description,
            fix=self.fix,
        )


def cancelled_warning(stage: str, remaining: int) -> ReviewWarning:
    """What a stage reports when the user cancels it before the end."""
    return ReviewWarning(
        "skipped", f"cancelled: {remaining} file(s) not scanned by {stage}", stage=stage
    )


def snippet(file: SourceFile, start: int, end: int | None = None) -> str:
    """The source lines `start`..`end` (1-based, inclusive), capped to a few lines."""
    last = min(end or start, start + MAX_SNIPPET_LINES - 1)
    return "\n".join(file.line(number) for number in range(start, last + 1))


def mask_secret(secret: str) -> str:
    """First 4 characters then `****`; fewer kept for short values so they stay hidden."""
    keep = min(4, len(secret) // 3)
    return secret[:keep] + "****"


def redact(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` replaced by its mask."""
    if not secret:
        return text
    return text.replace(secret, mask_secret(secret))


# Words that make a name a credential ("DB_PASSWORD", "githubToken", "client_secret").
_SECRET_WORDS = frozenset(
    {"password", "passwd", "passphrase", "secret", "token", "apikey", "credential",
     "credentials", "privatekey", "accesskey", "secretkey", "authkey", "pwd"}
)  # fmt: skip
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
     ("auth", "key"), ("signing", "key"), ("encryption", "key"), ("master", "key"),
     ("client", "secret"), ("connection", "string")}
)  # fmt: skip
# A name ending in one of these describes a credential without holding one
# ("PASSWORD_FILE", "token_ttl", "secret_name", "password_length").
_DESCRIPTIVE_SUFFIXES = frozenset(
    {"file", "path", "dir", "url", "uri", "host", "port", "name", "user", "username", "id",
     "ids", "arn", "length", "len", "ttl", "timeout", "expiry", "expires", "expiration",
     "type", "header", "endpoint", "format", "enabled", "required", "version", "size",
     "algorithm", "policy", "rotation", "count", "prefix", "hint", "location", "env", "mode",
     "provider", "set", "changed", "at", "template", "field", "param", "label", "key_name"}
)  # fmt: skip


def name_words(name: str) -> list[str]:
    """`DB_PASSWORD` -> ["db", "password"]; `apiKey` -> ["api", "key"]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return [word for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if word]


def looks_like_secret_name(name: str) -> bool:
    """Whether a variable/attribute name says it holds a credential."""
    words = name_words(name)
    if not words or words[-1] in _DESCRIPTIVE_SUFFIXES:
        return False
    if words == ["pwd"]:  # the shell's working directory, not a password
        return False
    if any(word in _SECRET_WORDS for word in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


_ASSIGNED_NAME = re.compile(r"""^\s*["']?([A-Za-z_][\w.-]*)["']?\s*(?::\s*[\w\[\], .]+)?\s*[:=]""")


def assigned_name(line: str) -> str | None:
    """The name a line assigns to: `TOKEN_HEADER = "..."`, `token: "..."`, `"token": ...`."""
    match = _ASSIGNED_NAME.match(line)
    return match.group(1).rsplit(".", 1)[-1] if match else None


def names_a_non_secret(line: str) -> str | None:
    """The assigned name when it says the value describes a credential rather than holds
    one (`TOKEN_HEADER`, `PASSWORD_RESET_TEMPLATE`); None when it may hold one."""
    name = assigned_name(line)
    if name is None or looks_like_secret_name(name):
        return None
    # Only a name that itself mentions the credential explains the keyword match; in
    # `x = {"token": "..."}` the match comes from elsewhere on the line.
    return name if any(word in _SECRET_WORDS for word in name_words(name)) else None
