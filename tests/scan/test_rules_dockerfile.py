"""Dockerfile rules: each vulnerable form is flagged on the right line, each safe look-alike
is not."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.core.findings import Confidence, Finding, Severity
from app.core.sources import source_from_text
from app.scan.rules import dockerfile
from app.scan.rules.common import RuleParseError


def _findings(text: str, rule_id: str | None = None) -> list[Finding]:
    result = dockerfile.check(source_from_text("Dockerfile", dedent(text).lstrip("\n")))
    return [f for f in result.findings if rule_id is None or f.rule_id == rule_id]


def _lines(text: str, rule_id: str) -> list[int | None]:
    return [finding.start_line for finding in _findings(text, rule_id)]


ROOT = "airlock.docker.root-user"
ADD = "airlock.docker.remote-add"
SECRET = "airlock.docker.secret-in-env-arg"
PIN = "airlock.docker.unpinned-base-image"
DIGEST = "@sha256:" + "a" * 64


def test_explicit_user_root_in_the_final_stage_is_flagged_on_its_line() -> None:
    text = f"""
        FROM python:3.12-slim{DIGEST}
        RUN useradd app
        USER app
        RUN echo hi
        USER root
        CMD ["python", "app.py"]
    """
    findings = _findings(text, ROOT)
    assert [f.start_line for f in findings] == [5]
    assert findings[0].confidence is Confidence.HIGH
    assert findings[0].cwe == (250,)
    assert findings[0].snippet == "USER root"


def test_no_user_at_all_is_flagged_at_the_final_from_with_medium_confidence() -> None:
    text = f"""
        FROM golang:1.22{DIGEST} AS build
        RUN go build -o /app
        FROM debian:12{DIGEST}
        COPY --from=build /app /app
    """
    findings = _findings(text, ROOT)
    assert [f.start_line for f in findings] == [3]
    assert findings[0].confidence is Confidence.MEDIUM


def test_user_set_after_the_root_steps_is_not_flagged() -> None:
    text = f"""
        FROM python:3.12-slim{DIGEST}
        USER root
        RUN apt-get update && apt-get install -y curl
        USER 10001:10001
        CMD ["python"]
    """
    assert _lines(text, ROOT) == []


def test_user_inherited_from_an_earlier_stage_counts() -> None:
    text = f"""
        FROM python:3.12-slim{DIGEST} AS base
        USER app
        FROM base AS runtime
        CMD ["python"]
    """
    assert _lines(text, ROOT) == []


def test_user_0_and_root_group_forms_are_flagged() -> None:
    assert _lines(f"FROM alpine{DIGEST}\nUSER 0:0\n", ROOT) == [2]
    assert _lines(f"FROM alpine{DIGEST}\nUSER root:root\n", ROOT) == [2]


def test_distroless_nonroot_image_is_not_flagged_for_missing_user() -> None:
    assert _lines(f"FROM gcr.io/distroless/static:nonroot{DIGEST}\n", ROOT) == []


def test_add_from_a_url_is_flagged_and_add_with_checksum_or_copy_is_not() -> None:
    text = """
        FROM alpine
        ADD https://example.com/tool.tar.gz /opt/
        ADD --checksum=sha256:0123abcd https://example.com/tool.tar.gz /opt/
        ADD ./local.tar.gz /opt/
        COPY https-notes.txt /opt/
    """
    findings = _findings(text, ADD)
    assert [f.start_line for f in findings] == [2]
    assert findings[0].cwe == (494, 829)
    assert "https://example.com/tool.tar.gz" in findings[0].message


def test_remote_add_in_json_form_and_across_continuation_lines_is_flagged() -> None:
    text = """
        FROM alpine
        ADD ["http://example.com/a.sh", "/a.sh"]
        ADD \\
          git@github.com:org/repo.git \\
          /src
    """
    findings = _findings(text, ADD)
    assert [(f.start_line, f.end_line) for f in findings] == [(2, 2), (3, 5)]


def test_literal_secret_in_env_is_flagged_on_the_line_of_the_key_and_masked() -> None:
    text = """
        FROM alpine
        ENV APP_ENV=production \\
            DB_PASSWORD=Sup3rS3cretValue \\
            LOG_LEVEL=info
    """
    findings = _findings(text, SECRET)
    assert [f.start_line for f in findings] == [3]
    assert findings[0].severity is Severity.HIGH
    assert "Sup3rS3cretValue" not in findings[0].snippet + findings[0].message
    assert "Sup3****" in findings[0].snippet


def test_legacy_env_form_and_arg_default_are_flagged() -> None:
    text = """
        FROM alpine
        ENV API_KEY abcdef123456
        ARG GITHUB_TOKEN=ghp_example_value_1234
    """
    assert _lines(text, SECRET) == [2, 3]


def test_secret_build_arg_without_default_is_low_and_copying_it_to_env_is_medium() -> None:
    text = """
        FROM alpine
        ARG NPM_TOKEN
        ENV NPM_TOKEN=${NPM_TOKEN}
    """
    findings = _findings(text, SECRET)
    assert [(f.start_line, f.severity) for f in findings] == [
        (2, Severity.LOW),
        (3, Severity.MEDIUM),
    ]


def test_secret_look_alikes_are_not_flagged() -> None:
    text = """
        FROM alpine
        ENV DB_PASSWORD_FILE=/run/secrets/db_password
        ENV PASSWORD_LENGTH=16 TOKEN_TTL=3600 SECRET_NAME=prod/db
        ENV TOKENIZERS_PARALLELISM=false PWD=/app
        ARG AWS_ACCESS_KEY_ID
        ENV API_KEY=
        RUN --mount=type=secret,id=npm_token npm ci
    """
    assert _lines(text, SECRET) == []


def test_unpinned_base_images_are_flagged_with_severity_by_tag() -> None:
    text = """
        FROM python:3.12-slim AS build
        FROM ubuntu
        FROM nginx:latest
    """
    findings = _findings(text, PIN)
    assert [(f.start_line, f.severity) for f in findings] == [
        (1, Severity.LOW),
        (2, Severity.MEDIUM),
        (3, Severity.MEDIUM),
    ]


def test_digest_pins_scratch_and_stage_references_are_not_flagged() -> None:
    text = f"""
        FROM --platform=linux/amd64 python:3.12-slim{DIGEST} AS build
        FROM build AS test
        FROM scratch
        COPY --from=build /app /app
        USER 10001
    """
    assert _lines(text, PIN) == []


def test_from_with_a_global_arg_uses_the_arg_default() -> None:
    unpinned = "ARG BASE=python:3.12\nFROM ${BASE}\n"
    pinned = f"ARG BASE=python:3.12{DIGEST}\nFROM $BASE\n"
    unknown = "ARG BASE\nFROM ${BASE}\n"
    assert _lines(unpinned, PIN) == [2]
    assert _lines(pinned, PIN) == []
    assert _lines(unknown, PIN) == []


def test_heredoc_bodies_are_not_read_as_instructions() -> None:
    text = f"""
        FROM alpine{DIGEST}
        RUN <<EOF
        USER root
        ENV PASSWORD=notaninstruction
        EOF
        USER app
    """
    assert _findings(text) == []


def test_an_unclosed_heredoc_is_a_parse_error() -> None:
    with pytest.raises(RuleParseError, match="never closed"):
        dockerfile.check(source_from_text("Dockerfile", "FROM alpine\nRUN <<EOF\necho hi\n"))


def test_a_file_without_from_is_a_parse_error() -> None:
    with pytest.raises(RuleParseError, match="no FROM"):
        dockerfile.check(source_from_text("Dockerfile", "this is not a dockerfile\n"))


def test_unknown_instructions_produce_a_warning_naming_the_lines() -> None:
    text = f"FROM alpine{DIGEST}\nUSER app\nFROBNICATE now\n"
    result = dockerfile.check(source_from_text("Dockerfile", text))
    assert [w.kind for w in result.warnings] == ["parse_error"]
    assert "3" in result.warnings[0].message
