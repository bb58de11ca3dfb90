"""`airlock project ...` end to end through click, against a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from app.cli import main

EXAMPLE = """\
airlock_threat_model: 1
name: Photo sharing API
description: Internet-facing Flask service where signed-in users upload photos.
exposure: internet
compliance: [GDPR]
assets:
  - {name: user photos, classification: confidential, pii: true}
  - {name: session cookies, classification: restricted, credentials: true}
actors:
  - {name: anonymous visitor, trust: untrusted}
policies:
  authentication: {required: true, public_paths: ["/health", "/login"], methods: [session]}
  file_upload: {allowed_extensions: [png, jpg], max_bytes: 5242880, storage: "local disk",
                executable: false, overwrite: false, malware_scan: true}
  logging: {forbidden_fields: [password, session, token]}
  errors: {expose_details: false}
  crypto: {password_hashing: [argon2, bcrypt, scrypt], forbidden: [md5, sha1]}
  secrets: {source: environment}
assumptions: [TLS terminates at the load balancer]
notes: free text
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_create_from_template_then_show_round_trips() -> None:
    created = run("project", "create", "demo", "--template", "web-api")
    assert created.exit_code == 0, created.output
    shown = run("project", "show", "demo")
    assert shown.exit_code == 0
    exported = run("project", "export", "demo")
    assert yaml.safe_load(shown.output) == yaml.safe_load(exported.output)
    assert yaml.safe_load(exported.output)["airlock_threat_model"] == 1


def test_the_example_imports_and_exports_without_loss(tmp_path: Path) -> None:
    source = tmp_path / "photo.yaml"
    source.write_text(EXAMPLE, encoding="utf-8")
    imported = run("project", "import", str(source))
    assert imported.exit_code == 0, imported.output
    assert "created project photo-sharing-api" in imported.output
    as_yaml = run("project", "export", "photo-sharing-api", "--format", "yaml").output
    as_json = run("project", "export", "photo-sharing-api", "--format", "json").output
    assert yaml.safe_load(as_yaml) == yaml.safe_load(EXAMPLE)
    assert json.loads(as_json) == yaml.safe_load(EXAMPLE)


def test_importing_again_adds_a_version_instead_of_a_project(tmp_path: Path) -> None:
    source = tmp_path / "photo.yaml"
    source.write_text(EXAMPLE, encoding="utf-8")
    run("project", "import", str(source))
    again = run("project", "import", str(source))
    assert "updated project photo-sharing-api (threat model v2)" in again.output
    assert run("project", "list").output.count("photo-sharing-api") == 1


def test_a_malformed_file_gets_one_clear_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    source.write_text("airlock_threat_model: 1\nname: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["project", "import", str(source)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("airlock: error: ")
    assert "broken.yaml" in lines[0]


def test_an_unknown_key_is_named_in_the_error(tmp_path: Path) -> None:
    source = tmp_path / "typo.yaml"
    source.write_text("airlock_threat_model: 1\nname: x\nexposur: internet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["project", "create", "typo", "--from", str(source)])
    assert result.exit_code == 2
    assert "exposur" in result.output


def test_set_stores_a_new_version_and_history_lists_both() -> None:
    run("project", "create", "demo", "--template", "file-upload-service")
    result = run("project", "set", "demo", "policies.file_upload.max_bytes=1048576")
    assert result.exit_code == 0, result.output
    assert "v2" in result.output
    exported = yaml.safe_load(run("project", "export", "demo").output)
    assert exported["policies"]["file_upload"]["max_bytes"] == 1048576
    history = run("project", "history", "demo").output.strip().splitlines()
    assert [line.split("\t")[0] for line in history] == ["v1", "v2"]
    diff = run("project", "history", "demo", "--diff", "1", "2").output
    assert "+    max_bytes: 1048576" in diff


def test_set_with_an_invalid_value_changes_nothing() -> None:
    run("project", "create", "demo", "--template", "web-api")
    result = CliRunner().invoke(main, ["project", "set", "demo", "exposure=everywhere"])
    assert result.exit_code == 2
    assert "exposure" in result.output
    assert len(run("project", "history", "demo").output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["project", "show", "nope"], "no project named 'nope'"),
        (["project", "create", "bad name!"], "invalid project name"),
        (["project", "create", "x", "--template", "no-such-template"], "no-such-template"),
    ],
)
def test_user_errors_exit_non_zero_with_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_creating_a_project_twice_is_refused() -> None:
    run("project", "create", "demo")
    result = CliRunner().invoke(main, ["project", "create", "demo"])
    assert result.exit_code == 2
    assert "already exists" in result.output


def test_templates_are_listed() -> None:
    names = run("project", "templates").output.split()
    assert {"web-api", "file-upload-service", "internal-cli-tool", "ci-cd-pipeline"} <= set(names)
    assert "data-store" in names
