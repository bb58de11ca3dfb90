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
PIPE = "airlock.docker.remote-script-piped-to-shell"
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


def _run_lines(*runs: str) -> list[int | None]:
    """Lines flagged by the remote-script rule in a Dockerfile made of these RUN lines."""
    body = "".join(f"RUN {run}\n" for run in runs)
    return _lines(f"FROM alpine{DIGEST}\nUSER app\n{body}", PIPE)


def test_installer_piped_from_wget_into_sh_is_flagged_high_with_the_url() -> None:
    text = f"""
        FROM golang:1.22{DIGEST} AS build
        RUN go mod download
        RUN wget -qO- https://example.com/HEAD/install.sh | sh -s -- -b /usr/local/bin v1.59.1
    """
    findings = _findings(text, PIPE)
    assert [f.start_line for f in findings] == [3]
    assert findings[0].severity is Severity.HIGH
    assert findings[0].cwe == (494, 829)
    assert "https://example.com/HEAD/install.sh" in findings[0].message
    assert "wget" in findings[0].message and "`sh`" in findings[0].message


@pytest.mark.parametrize(
    "run",
    [
        "curl -fsSL https://x.example/i.sh | bash",
        "curl -fsSL https://x.example/i.sh | sudo -E bash -",
        "curl -fsSL https://x.example/i.sh | env CHANNEL=stable /bin/sh",
        "curl -fsSL https://x.example/i.sh | zsh -s -- --unattended",
        "curl -fsSL https://x.example/i.sh 2>/dev/null | tee /tmp/log | sh 2>&1",
        "curl -sSL https://install.example.org | python3 -",
        "curl -sSL https://install.example.org | python3",
        "curl -fsSL https://x.example/i.sh | bash /dev/stdin --flag",
        "apt-get update && (curl -fsSL https://x.example/i.sh | sh) && rm -rf /var/lib/apt",
        "--mount=type=cache,target=/root/.cache curl -fsSL https://x.example/i.sh | bash",
    ],
)
def test_downloads_piped_into_a_shell_or_interpreter_are_flagged(run: str) -> None:
    assert _run_lines(run) == [3]


@pytest.mark.parametrize(
    "run",
    [
        'bash -c "$(curl -fsSL https://x.example/i.sh)"',
        'sh -c "`wget -qO- https://x.example/i.sh`"',
        'python3 -c "$(curl -fsSL https://x.example/i.py)"',
        'eval "$(curl -fsSL https://x.example/env.sh)"',
        "sh <(curl -fsSL https://x.example/i.sh)",
        "bash < <(curl -fsSL https://x.example/i.sh)",
        'bash <<< "$(curl -fsSL https://x.example/i.sh)"',
        "source <(curl -fsSL https://x.example/env.sh)",
        "sh -c 'curl -fsSL https://x.example/i.sh | bash'",
    ],
)
def test_downloads_run_through_substitution_or_an_inner_shell_are_flagged(run: str) -> None:
    assert _run_lines(run) == [3]


def test_exec_form_through_a_shell_is_flagged_and_without_a_shell_is_not() -> None:
    piped = '["/bin/sh", "-c", "wget -qO- https://x.example/i.sh | sh"]'
    substituted = '["bash", "-c", "$(curl -fsSL https://x.example/i.sh)"]'
    no_shell = '["curl", "https://x.example/i.sh", "|", "sh"]'
    assert _run_lines(piped, substituted, no_shell) == [3, 4]


def test_powershell_download_and_invoke_expression_is_flagged() -> None:
    chocolatey = (
        "iex ((New-Object System.Net.WebClient).DownloadString("
        "'https://community.example.org/install.ps1'))"
    )
    assert _run_lines(chocolatey, "irm https://get.example.sh | iex") == [3, 4]


def test_a_pipe_on_a_continuation_line_is_reported_on_the_download_line() -> None:
    text = f"""
        FROM alpine{DIGEST}
        USER app
        RUN set -eux; \\
            apk add --no-cache curl; \\
            curl -fsSL https://x.example/i.sh \\
              | sh
    """
    findings = _findings(text, PIPE)
    assert [f.start_line for f in findings] == [5]
    assert findings[0].snippet.strip() == "curl -fsSL https://x.example/i.sh \\"


def test_a_heredoc_run_by_the_shell_is_read_and_reported_on_its_body_line() -> None:
    text = f"""
        FROM alpine{DIGEST}
        USER app
        RUN <<EOF
        set -e
        curl -fsSL https://x.example/i.sh | sh
        EOF
        RUN bash -e <<'EOT'
        wget -qO- https://x.example/j.sh | bash
        EOT
    """
    assert _lines(text, PIPE) == [5, 8]


@pytest.mark.parametrize(
    "run",
    [
        # The safe form: download to a file, check the SHA-256, then run.
        "curl -fsSLo /tmp/i.sh https://x.example/i.sh"
        ' && echo "0123abcd  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh',
        "curl -fsSL https://x.example/tool.tar.gz | tar -xz -C /opt",
        "curl -fsSL https://x.example/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg",
        "wget -qO - https://x.example/key | apt-key add -",
        'curl -s https://x.example/v | python3 -c "import json, sys; json.load(sys.stdin)"',
        "curl -fsSL https://x.example/data.json | python3 /app/load.py",
        "VERSION=$(curl -s https://api.x.example/latest | jq -r .tag) && echo $VERSION",
        "sh -c 'V=$(curl -s https://x.example/v) && echo $V'",
        "curl -fsSL https://x.example/health || sh -c 'echo down'",
        'echo "curl https://x.example/i.sh | sh" > /README',
        "go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1",
    ],
)
def test_downloads_that_are_not_executed_unverified_are_not_flagged(run: str) -> None:
    assert _run_lines(run) == []


def test_heredocs_that_are_not_shell_scripts_are_not_read_as_shell() -> None:
    text = f"""
        FROM alpine{DIGEST}
        USER app
        RUN cat <<EOF > /notes.txt
        curl -fsSL https://x.example/i.sh | sh
        EOF
    """
    assert _lines(text, PIPE) == []
