"""The threat model as a compact plain-text block for the generation and review prompts.

A small local model has a small context window, so every line has to earn its tokens: absent
sections are left out, lists go on one line, each policy is one terse line. The output is
deterministic, so a prompt's hash only changes when the model does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from app.core.threat_model import (
        Actor,
        Asset,
        AuthenticationPolicy,
        CorsPolicy,
        CryptoPolicy,
        DataFlow,
        ErrorsPolicy,
        FileUploadPolicy,
        LoggingPolicy,
        Policies,
        RateLimitingPolicy,
        SecretsPolicy,
        ThreatModel,
        TrustZone,
    )

_P = TypeVar("_P")
_I = TypeVar("_I")

_SECRET_SOURCES = {
    "environment": "environment variables",
    "vault": "a secrets vault",
    "kms": "a key management service",
    "file": "a secrets file kept out of the code",
}


def _flat(text: str) -> str:
    """Free text on one line: newlines and runs of spaces become one space."""
    return " ".join(text.split())


def _join(items: Sequence[str]) -> str:
    return ", ".join(_flat(item) for item in items)


def _with_description(text: str, description: str | None) -> str:
    return f"{text}: {_flat(description)}" if description else text


def _section(title: str, items: Sequence[str] | None) -> list[str]:
    """A titled bullet list; None leaves it out, an empty list says "none"."""
    if items is None:
        return []
    if not items:
        return [f"{title}: none"]
    return [f"{title}:", *(f"- {item}" for item in items)]


def _flag(value: bool | None, yes: str, no: str) -> list[str]:
    return [] if value is None else [yes if value else no]


def _size(count: int) -> str:
    """A byte count people can read, keeping the exact figure: "5 MiB (5242880 bytes)"."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            amount = f"{count / scale:.1f}".removesuffix(".0")
            return f"{amount} {unit} ({count} bytes)"
    return "1 byte" if count == 1 else f"{count} bytes"


def _asset(asset: Asset) -> str:
    tags = [asset.classification] if asset.classification else []
    tags += ["PII"] if asset.pii else []
    tags += ["credentials"] if asset.credentials else []
    label = _flat(asset.name) + (f" ({', '.join(tags)})" if tags else "")
    return _with_description(label, asset.description)


def _party(party: Actor | TrustZone) -> str:
    label = _flat(party.name) + (f" ({party.trust})" if party.trust else "")
    return _with_description(label, party.description)


def _flow(flow: DataFlow) -> str:
    details = [_flat(flow.protocol)] if flow.protocol else []
    details += [f"auth: {_flat(flow.authentication)}"] if flow.authentication else []
    details += [f"data: {_join(flow.data)}"] if flow.data else []
    label = f"{_flat(flow.source)} -> {_flat(flow.destination)}"
    label += f" ({'; '.join(details)})" if details else ""
    return _with_description(label, flow.description)


def _authentication(policy: AuthenticationPolicy) -> list[str]:
    parts = []
    if policy.required:
        exceptions = f" except {_join(policy.public_paths)}" if policy.public_paths else ""
        parts.append("required" + exceptions)
    elif policy.required is False:
        parts.append("not required")
    elif policy.public_paths:
        parts.append(f"public paths: {_join(policy.public_paths)}")
    return parts + ([f"methods: {_join(policy.methods)}"] if policy.methods else [])


def _file_upload(policy: FileUploadPolicy) -> list[str]:
    parts = []
    if policy.allowed_extensions is not None:
        allowed = _join(policy.allowed_extensions)
        parts.append(f"allow {allowed}" if allowed else "no file types allowed")
    parts += [f"max {_size(policy.max_bytes)}"] if policy.max_bytes is not None else []
    parts += [f"stored in {_flat(policy.storage)}"] if policy.storage else []
    parts += _flag(policy.executable, "may be executable", "not executable")
    parts += _flag(policy.overwrite, "overwrite allowed", "no overwrite")
    return parts + _flag(policy.malware_scan, "malware scan required", "no malware scan")


def _logging(policy: LoggingPolicy) -> list[str]:
    return [f"never log {_join(policy.forbidden_fields)}"] if policy.forbidden_fields else []


def _errors(policy: ErrorsPolicy) -> list[str]:
    hidden = "never show clients stack traces or internal details"
    return _flag(policy.expose_details, "detailed error messages allowed", hidden)


def _crypto(policy: CryptoPolicy) -> list[str]:
    parts = []
    if policy.password_hashing:
        parts.append(f"hash passwords with {_join(policy.password_hashing)}")
    if policy.forbidden:
        parts.append(f"never use {_join(policy.forbidden)}")
    return parts


def _secrets(policy: SecretsPolicy) -> list[str]:
    if policy.source is None:
        return []
    return [f"from {_SECRET_SOURCES.get(policy.source, policy.source)}, never in code"]


def _rate_limiting(policy: RateLimitingPolicy) -> list[str]:
    parts = _flag(policy.required, "required", "not required")
    rate = policy.requests_per_minute
    return parts + ([f"at most {rate} requests/minute per client"] if rate is not None else [])


def _cors(policy: CorsPolicy) -> list[str]:
    parts = []
    if policy.allowed_origins is not None:
        origins = _join(policy.allowed_origins)
        parts.append(f"allow origins {origins}" if origins else "no cross-origin access")
    return parts + _flag(policy.allow_credentials, "credentials allowed", "no credentials")


def _parts(render: Callable[[_P], list[str]], policy: _P | None) -> list[str]:
    return [] if policy is None else render(policy)


def _policy_lines(policies: Policies) -> list[str]:
    labelled = [
        ("Authentication", _parts(_authentication, policies.authentication)),
        ("File upload", _parts(_file_upload, policies.file_upload)),
        ("Logging", _parts(_logging, policies.logging)),
        ("Errors", _parts(_errors, policies.errors)),
        ("Crypto", _parts(_crypto, policies.crypto)),
        ("Secrets", _parts(_secrets, policies.secrets)),
        ("Rate limiting", _parts(_rate_limiting, policies.rate_limiting)),
        ("CORS", _parts(_cors, policies.cors)),
    ]
    return [f"{label}: {'; '.join(parts)}" for label, parts in labelled if parts]


def _summary(tm: ThreatModel) -> list[str]:
    lines = [f"Threat model: {_flat(tm.name)}"]
    lines += [f"Description: {_flat(tm.description)}"] if tm.description else []
    lines += [f"Exposure: {tm.exposure}"] if tm.exposure else []
    if tm.compliance is not None:
        lines.append(f"Compliance: {_join(tm.compliance) or 'none'}")
    return lines


def _listed(title: str, items: Sequence[_I] | None, render: Callable[[_I], str]) -> list[str]:
    return _section(title, None if items is None else [render(item) for item in items])


def render_for_prompt(tm: ThreatModel, *, parties: bool = True) -> str:
    """The model as short plain text for a prompt; absent sections are left out.

    `parties=False` leaves out the actors and trust zones. A review asks about lines of
    code: the data flows already name both ends and how they authenticate, and on a CPU
    every prompt token is waited for (about 80 tokens for the web-api template).
    """
    policy_lines = _policy_lines(tm.policies) if tm.policies is not None else []
    lines = _summary(tm)
    lines += _listed("Assets", tm.assets, _asset)
    if parties:
        lines += _listed("Actors", tm.actors, _party)
        lines += _listed("Trust zones", tm.trust_zones, _party)
    lines += _listed("Data flows", tm.data_flows, _flow)
    lines += _section("Policies", policy_lines or None)
    lines += _listed("Assumptions", tm.assumptions, _flat)
    lines += [f"Notes: {_flat(tm.notes)}"] if tm.notes else []
    return "\n".join(lines)
