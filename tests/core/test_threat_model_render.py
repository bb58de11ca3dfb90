"""The compact plain-text rendering of a threat model that prompts embed."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.threat_model import (
    Asset,
    CorsPolicy,
    ErrorsPolicy,
    FileUploadPolicy,
    Policies,
    RateLimitingPolicy,
    ThreatModel,
    list_templates,
    load_template,
    parse_threat_model,
    render_for_prompt,
)
from tests.core.threat_model_example import EXAMPLE_YAML

EXPECTED_EXAMPLE = """\
Threat model: Photo sharing API
Description: Internet-facing Flask service where signed-in users upload photos.
Exposure: internet
Compliance: GDPR
Assets:
- user photos (confidential, PII)
- session cookies (restricted, credentials)
Actors:
- anonymous visitor (untrusted)
- signed-in user (authenticated)
Trust zones:
- internet (untrusted)
- application (privileged)
Data flows:
- signed-in user -> application (HTTPS; auth: session; data: user photos, session cookies)
Policies:
- Authentication: required except /health, /login; methods: session
- File upload: allow png, jpg; max 5 MiB (5242880 bytes); stored in object storage outside \
the web root; not executable; no overwrite; malware scan required
- Logging: never log password, session, token
- Errors: never show clients stack traces or internal details
- Crypto: hash passwords with argon2, bcrypt, scrypt; never use md5, sha1
- Secrets: from environment variables, never in code
Assumptions:
- TLS terminates at the load balancer.
Notes: Photos are resized by a background worker."""


def test_the_example_renders_every_section_tersely_and_in_order() -> None:
    model = parse_threat_model(EXAMPLE_YAML, source="photo.yaml")

    assert render_for_prompt(model) == EXPECTED_EXAMPLE


def test_rendering_is_deterministic() -> None:
    model = parse_threat_model(EXAMPLE_YAML, source="photo.yaml")

    assert render_for_prompt(model) == render_for_prompt(model)


def test_a_model_with_only_a_name_renders_one_line() -> None:
    assert render_for_prompt(ThreatModel(name="Tiny")) == "Threat model: Tiny"


def test_empty_sections_say_none_and_empty_policies_are_left_out() -> None:
    model = ThreatModel(
        name="x", compliance=(), assets=(), policies=Policies(errors=ErrorsPolicy())
    )

    assert render_for_prompt(model) == "Threat model: x\nCompliance: none\nAssets: none"


def test_free_text_is_folded_onto_one_line() -> None:
    model = ThreatModel(name="x", notes="first line\n\n  second   line\n")

    assert render_for_prompt(model).splitlines()[-1] == "Notes: first line second line"


def test_assets_show_only_the_flags_that_are_set() -> None:
    model = ThreatModel(
        name="x",
        assets=(Asset("logs", pii=False), Asset("keys", credentials=True, description="KMS")),
    )

    assert render_for_prompt(model).splitlines()[-2:] == ["- logs", "- keys (credentials): KMS"]


def test_sizes_are_readable_and_exact() -> None:
    sizes = {
        1: "max 1 byte",
        512: "max 512 bytes",
        2048: "max 2 KiB (2048 bytes)",
        10_000_000: "max 9.5 MiB (10000000 bytes)",
        3 << 30: "max 3 GiB (3221225472 bytes)",
    }
    for size, expected in sizes.items():
        model = ThreatModel(
            name="x", policies=Policies(file_upload=FileUploadPolicy(max_bytes=size))
        )
        assert render_for_prompt(model).endswith(f"- File upload: {expected}")


def test_the_extension_policies_render_one_line_each() -> None:
    policies = Policies(
        rate_limiting=RateLimitingPolicy(required=True, requests_per_minute=60),
        cors=CorsPolicy(allowed_origins=(), allow_credentials=False),
    )

    assert render_for_prompt(ThreatModel(name="x", policies=policies)).splitlines()[-2:] == [
        "- Rate limiting: required; at most 60 requests/minute per client",
        "- CORS: no cross-origin access; no credentials",
    ]


def test_templates_render_to_a_few_hundred_tokens_at_most() -> None:
    for name in list_templates():
        assert len(render_for_prompt(load_template(name))) < 3000, name


def test_the_rendering_shown_in_the_format_reference_is_current() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "threat-model.md").read_text(encoding="utf-8")
    example_yaml = re.search(r"## A complete example\n\n```yaml\n(.*?)```", doc, re.S)
    rendered = re.search(r"## How it is fed to prompts\n.*?```text\n(.*?)\n```", doc, re.S)
    assert example_yaml and rendered

    model = parse_threat_model(example_yaml.group(1), source="docs/threat-model.md")

    assert render_for_prompt(model) == rendered.group(1)


def test_a_review_prompt_leaves_out_actors_and_trust_zones_only() -> None:
    model = load_template("web-api")
    full = render_for_prompt(model)
    short = render_for_prompt(model, parties=False)
    assert "Actors:" in full and "Trust zones:" in full
    assert "Actors:" not in short and "Trust zones:" not in short
    kept = [line for line in full.splitlines() if line in short.splitlines()]
    assert "Data flows:" in kept and "Policies:" in kept and "Assets:" in kept
    assert len(short) < len(full)
