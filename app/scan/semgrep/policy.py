"""The threat model decides the pack's policy rules (`metadata.airlock.policy`).

The rules match code; whether a match is a weakness depends on what the project states:
- authentication: a route without authentication matters only when the threat model requires
  it, and never on a public path (the rule binds the route's path to `$ROUTE`);
- errors: details sent to clients are dropped when the threat model allows them, and raised
  one step when it forbids them;
- file_upload: an upload without type or size limits is checked against a stated upload
  policy, so it is reported only when there is one;
- secrets: a hard-coded secret is always reported; the stated source of secrets says why.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.core.findings import Finding
from app.core.threat_model import ThreatModel
from app.scan.policy.auth import is_public

# A path parameter in any framework's spelling (Express ":id", Spring and JAX-RS "{id}",
# Flask "<int:id>", as a threat model may write it) is one "{}" segment, so that a public
# path and a route compare by their shape.
_PARAMETER = re.compile(r"(?<=/)(?::\w+\??|\{[^/}]*\}|<[^/>]*>)(?=/|$)")


def decide(
    finding: Finding, policy: str | None, route: str | None, tm: ThreatModel | None
) -> Finding | None:
    """The finding as the threat model has it, or None when the threat model rules it out."""
    if policy is None:
        return finding
    policies = tm.policies if tm else None
    if policy == "authentication":
        auth = policies.authentication if policies else None
        if auth is None or not auth.required:
            return None
        public = tuple(_shape(path) for path in auth.public_paths or ())
        if route is not None and is_public(_shape(route), public):
            return None
        why = "The threat model requires authentication for every route outside its public paths."
        return replace(finding, why=why)
    if policy == "errors":
        errors = policies.errors if policies else None
        if errors is None or errors.expose_details is None:
            return finding
        if errors.expose_details:
            return None
        why = "The threat model says error details must not reach clients."
        return replace(finding, severity=finding.severity.raised(1), why=why)
    if policy == "file_upload":
        upload = policies.file_upload if policies else None
        if upload is None:
            return None
        return replace(finding, why=_upload_why(upload.allowed_extensions, upload.max_bytes))
    if policy == "secrets":
        secrets = policies.secrets if policies else None
        if secrets is not None and secrets.source:
            why = f"The threat model says secrets come from {secrets.source}, never from the code."
            return replace(finding, why=why)
    return finding


def _shape(route: str) -> str:
    path = route.strip().strip("\"'`")
    return _PARAMETER.sub("{}", path)


def _upload_why(extensions: tuple[str, ...] | None, max_bytes: int | None) -> str:
    parts = []
    if extensions:
        parts.append(f"only {', '.join(extensions)} files")
    if max_bytes:
        parts.append(f"at most {max_bytes} bytes")
    stated = " and ".join(parts) or "an upload policy"
    return f"The threat model allows {stated}; the handler must enforce it before storing the file."
