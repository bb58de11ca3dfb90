"""The threat model from the format brief, shared by the threat-model tests."""

# The example keeps the brief's layout, comments and long lines included.
# ruff: noqa: E501

from __future__ import annotations

import yaml

EXAMPLE_YAML = """\
airlock_threat_model: 1
name: Photo sharing API
description: Internet-facing Flask service where signed-in users upload photos.
exposure: internet              # internet | internal | local
compliance: [GDPR]
assets:
  - {name: user photos, classification: confidential, pii: true}    # public|internal|confidential|restricted
  - {name: session cookies, classification: restricted, credentials: true}
actors:
  - {name: anonymous visitor, trust: untrusted}                       # untrusted|authenticated|privileged
  - {name: signed-in user, trust: authenticated}
trust_zones:
  - {name: internet, trust: untrusted}
  - {name: application, trust: privileged}
data_flows:
  - {source: signed-in user, destination: application, protocol: HTTPS,
     authentication: session, data: [user photos, session cookies]}
policies:
  authentication: {required: true, public_paths: ["/health", "/login"], methods: [session]}
  file_upload: {allowed_extensions: [png, jpg], max_bytes: 5242880, storage: "object storage outside the web root",
                executable: false, overwrite: false, malware_scan: true}
  logging: {forbidden_fields: [password, session, token]}
  errors: {expose_details: false}
  crypto: {password_hashing: [argon2, bcrypt, scrypt], forbidden: [md5, sha1]}
  secrets: {source: environment}   # environment | vault | kms | file
assumptions: [TLS terminates at the load balancer.]
notes: Photos are resized by a background worker.
"""


def example_dict() -> dict[str, object]:
    """A fresh copy of the example as a plain document."""
    document = yaml.safe_load(EXAMPLE_YAML)
    assert isinstance(document, dict)
    return document
